// The only module that imports onnxruntime-web. It owns backend choice (WebGPU when an adapter exists,
// else WASM), the session cache, the WebGPU → WASM fallback, and the input checks against model cards.
import type { Backend, BackendInfo } from '../contract/compute';
import type * as Ort from 'onnxruntime-web';
import { checkFeeds, checkSessionNames, type ModelCard, type TensorData } from '../contract/card';
import { fetchRetrying } from './fetch-retry';

export type { Backend, BackendInfo };

export interface EngineOptions {
  /** 'auto' picks WebGPU when an adapter exists. */
  prefer?: 'auto' | Backend;
  /** Where <card.file> is fetched from (the app's /models/). */
  modelBaseUrl: string;
  /** Called whenever the backend changes (e.g. WebGPU lost, now on WASM). */
  onBackendChange?: (info: BackendInfo) => void;
  /** How model bytes are read; fetch by default (Node tests read files). */
  loadBytes?: (url: string) => Promise<Uint8Array>;
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  return fetchRetrying(url, async (res) => {
    if (!res.ok) throw new Error(`could not load ${url}: HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  });
}

// One thread: on 2-core machines a second WASM thread was no faster (docs/stack-notes.md), and the app
// already runs RDKit in parallel workers. Multithreading would also need cross-origin isolation.
const WASM_THREADS = 1;

interface GpuAdapterLike {
  info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
  limits: object;
  features: object;
  requestDevice: unknown;
}

async function findWebGpuAdapter(): Promise<GpuAdapterLike | null> {
  const gpu = (globalThis.navigator as { gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> } } | undefined)?.gpu;
  if (!gpu) return null;
  try {
    return await gpu.requestAdapter();
  } catch {
    return null;
  }
}

function describeAdapter(a: GpuAdapterLike): string {
  const i = a.info ?? {};
  return [i.vendor, i.architecture, i.description].filter(Boolean).join(' ') || 'WebGPU adapter';
}

interface GpuDeviceLike {
  lost: Promise<{ message: string }>;
  destroy(): void;
}

/** The device ORT's WebGPU backend made; the getter is a promise in some releases and the device in others. */
async function gpuDevice(ort: Runtime): Promise<GpuDeviceLike | undefined> {
  return (await Promise.resolve(ort.env.webgpu.device as unknown)) as GpuDeviceLike | undefined;
}

type Runtime = typeof Ort;

/**
 * The onnxruntime build for a backend, loaded on first use. On WASM the build without WebGPU: its WebAssembly is
 * half the size (14 MB against 28 MB), and every worker compiles it at the first visit. A WebGPU engine that falls
 * back to WASM keeps the build it has, which runs both.
 */
function loadRuntime(backend: Backend): Promise<Runtime> {
  return backend === 'webgpu' ? import('onnxruntime-web') : import('onnxruntime-web/wasm');
}

/**
 * A sampler chains dozens of network runs per batch, and onnxruntime's run() resolves without giving the event
 * loop a turn: a teacher batch could keep a worker's heartbeat (and a cancel) waiting for tens of seconds, and
 * the page's watchdog would take the worker for dead. So a run lets queued events in first when 200 ms have
 * passed since the last time.
 */
let lastTurn = 0;
async function letEventsIn(): Promise<void> {
  const now = performance.now();
  if (now - lastTurn < 200) return;
  // a message to ourselves is a task without the 4 ms floor nested timers get
  await new Promise<void>((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });
  lastTurn = performance.now();
}

export class OnnxEngine {
  #opts: EngineOptions;
  #info: Promise<BackendInfo> | null = null;
  #sessions = new Map<string, Promise<Ort.InferenceSession>>();
  #gpuBroken: string | null = null;
  #runtime: Promise<Runtime> | null = null;
  #adapter: GpuAdapterLike | null = null;

  constructor(opts: EngineOptions) {
    this.#opts = opts;
  }

  /** The runtime of the first backend chosen, set up once. */
  #ort(): Promise<Runtime> {
    this.#runtime ??= this.info().then(async ({ backend }) => {
      const ort = await loadRuntime(backend);
      ort.env.wasm.numThreads = WASM_THREADS;
      ort.env.wasm.proxy = false;
      if (this.#adapter) ort.env.webgpu.adapter = this.#adapter as unknown as typeof ort.env.webgpu.adapter;
      return ort;
    });
    return this.#runtime;
  }

  /** Decide the backend once (lazily); later calls return the current choice. */
  info(): Promise<BackendInfo> {
    this.#info ??= this.#choose();
    return this.#info;
  }

  async #choose(): Promise<BackendInfo> {
    const wasm: BackendInfo = { backend: 'wasm', fallbackAdapter: null, adapter: 'CPU (WebAssembly SIMD)', threads: WASM_THREADS };
    if (this.#opts.prefer === 'wasm') return { ...wasm, notice: 'WASM chosen in settings' };
    const adapter = await findWebGpuAdapter();
    if (!adapter) {
      if (this.#opts.prefer === 'webgpu') return { ...wasm, notice: 'WebGPU was requested but this browser offers no adapter' };
      return { ...wasm, notice: 'no WebGPU adapter in this browser' };
    }
    this.#adapter = adapter;
    const fallback = adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false;
    return {
      backend: 'webgpu',
      fallbackAdapter: fallback,
      adapter: describeAdapter(adapter),
      threads: WASM_THREADS,
      notice: fallback ? 'the WebGPU adapter is a software fallback: slower than WASM' : undefined,
    };
  }

  /** Switch to WASM for the rest of this engine's life and tell the UI why. */
  async #dropWebGpu(reason: string, retrying = false): Promise<BackendInfo> {
    this.#gpuBroken = reason;
    const info: BackendInfo = {
      backend: 'wasm',
      fallbackAdapter: null,
      adapter: 'CPU (WebAssembly SIMD)',
      threads: WASM_THREADS,
      notice: `WebGPU failed (${reason}); switched to WASM${retrying ? ' and retried the batch' : ''}`,
    };
    this.#info = Promise.resolve(info);
    for (const key of [...this.#sessions.keys()]) if (key.endsWith(':webgpu')) this.#sessions.delete(key);
    this.#opts.onBackendChange?.(info);
    return info;
  }

  async #session(card: ModelCard, backend: Backend): Promise<Ort.InferenceSession> {
    const key = `${card.id}:${backend}`;
    let s = this.#sessions.get(key);
    if (!s) {
      s = this.#createSession(card, backend);
      this.#sessions.set(key, s);
      s.catch(() => this.#sessions.delete(key));
    }
    return s;
  }

  async #createSession(card: ModelCard, backend: Backend): Promise<Ort.InferenceSession> {
    const ort = await this.#ort();
    const url = new URL(card.file, this.#opts.modelBaseUrl).href;
    const bytes = await (this.#opts.loadBytes ?? fetchBytes)(url);
    if (bytes.length !== card.bytes)
      throw new Error(`model ${card.id}: ${card.file} has ${bytes.length} bytes but its card says ${card.bytes} (stale card or file?)`);
    // logSeverityLevel 3 (errors): on WebGPU, ORT warns about every node it keeps on its CPU kernels (shape ops,
    // the int8 networks' DynamicQuantizeMatMul), which is expected and would fill the console at each model load
    const session = await ort.InferenceSession.create(bytes, { executionProviders: [backend], graphOptimizationLevel: 'all', logSeverityLevel: 3 });
    checkSessionNames(card, session.inputNames, session.outputNames);
    if (backend === 'webgpu') this.#watchDevice();
    return session;
  }

  #watching = false;
  /** Listen for the device ORT created being lost (driver reset, GPU process crash). Never throws. */
  #watchDevice(): void {
    if (this.#watching) return;
    this.#watching = true;
    void this.#ort()
      .then(gpuDevice)
      .then((device) => device?.lost.then((e) => {
        if (!this.#gpuBroken) void this.#dropWebGpu(`device lost: ${e.message || 'no reason given'}`);
      }))
      .catch(() => {});
  }

  /**
   * Run a model. Feeds are checked against the card first (a mismatch names the input).
   * On WebGPU, a failure switches the engine to WASM and the batch is retried once there.
   */
  async run(card: ModelCard, feeds: Record<string, TensorData>): Promise<{ outputs: Record<string, TensorData>; backend: Backend }> {
    checkFeeds(card, feeds);
    await letEventsIn();
    const { backend } = await this.info();
    try {
      return { outputs: await this.#runOn(card, feeds, backend), backend };
    } catch (err) {
      if (backend !== 'webgpu') throw err;
      await this.#dropWebGpu(err instanceof Error ? err.message : String(err), true);
      return { outputs: await this.#runOn(card, feeds, 'wasm'), backend: 'wasm' };
    }
  }

  async #runOn(card: ModelCard, feeds: Record<string, TensorData>, backend: Backend): Promise<Record<string, TensorData>> {
    const session = await this.#session(card, backend);
    const ort = await this.#ort();
    const ortFeeds: Record<string, Ort.Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = new ort.Tensor(t.dtype, t.data, t.dims);
    const results = await session.run(ortFeeds);
    const out: Record<string, TensorData> = {};
    for (const spec of card.outputs) {
      const t = results[spec.name];
      // getData() downloads GPU-resident outputs; on WASM it is the CPU buffer itself.
      const data = (await t.getData()) as TensorData['data'];
      out[spec.name] = { dtype: spec.dtype, data: data.slice() as TensorData['data'], dims: [...t.dims] };
      t.dispose();
    }
    return out;
  }

  /** Fetch a model and build its session on the current backend now, so the first run does not wait for it. */
  async preload(card: ModelCard): Promise<void> {
    await this.#session(card, (await this.info()).backend);
  }

  /** Test hook: destroy the real WebGPU device, as a driver reset would, and report where we landed. */
  async destroyDeviceForTest(): Promise<BackendInfo> {
    if ((await this.info()).backend !== 'webgpu') throw new Error('not on WebGPU');
    const device = await gpuDevice(await this.#ort());
    if (!device) throw new Error('no WebGPU device has been created yet');
    device.destroy();
    await device.lost; // our own lost handler (registered first) has switched to WASM by now
    return this.info();
  }
}
