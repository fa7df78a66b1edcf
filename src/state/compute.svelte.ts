// The compute engine as UI state: the chemistry worker's bridge, the backend it runs on, and notices
// (a crashed worker, WebGPU lost) that the user should see.
import { chemBridge, type BackendInfo } from '../bridge/chem';
import { printable } from '../domain/io/file-text';

export type Prefer = 'auto' | 'webgpu' | 'wasm';

/** ?backend=wasm|webgpu forces a backend (tests, and users on a flaky GPU). */
export function preferFromUrl(search: string): Prefer {
  const b = new URLSearchParams(search).get('backend');
  return b === 'wasm' || b === 'webgpu' ? b : 'auto';
}

/** One chemistry worker per core, up to four (each holds its own RDKit.js and ONNX runtime). */
function defaultWorkers(): number {
  return Math.max(1, Math.min(4, globalThis.navigator?.hardwareConcurrency || 2));
}

export class Compute {
  backend = $state<BackendInfo | null>(null);
  starting = $state(false);
  notices = $state<string[]>([]);
  /** Chemistry workers; the first also serves single tasks. Each starts on first use. */
  readonly pool;

  constructor(prefer: Prefer, workers = defaultWorkers()) {
    this.pool = Array.from({ length: workers }, (_, i) =>
      chemBridge({
        prefer,
        name: i === 0 ? 'chemistry' : `chemistry ${i + 1}`,
        onEvent: (e) => {
          if (e.type === 'crashed') this.notify(`The ${e.worker} worker stopped (${e.detail}); it has been restarted, and a run it was part of goes on.`);
        },
      }),
    );
  }

  /** RDKit depictions for the table and detail card: a worker of their own, so pictures draw during a run. */
  readonly depiction = chemBridge({ prefer: 'wasm', name: 'depiction' });

  get chem() {
    return this.pool[0];
  }

  notify(message: string): void {
    this.notices = [...this.notices.slice(-4), printable(message, 600)];
  }

  dismiss(i: number): void {
    this.notices = this.notices.filter((_, k) => k !== i);
  }

  /** Start the worker and learn the backend (lazily, on the first task or at page load). */
  async start(): Promise<void> {
    this.starting = true;
    try {
      this.setBackend(await this.chem.call((api) => api.backend()));
    } catch (e) {
      this.notify(`Could not start the compute engine: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      this.starting = false;
    }
  }

  setBackend(info: BackendInfo): void {
    const before = this.backend;
    this.backend = info;
    if (before?.backend === 'webgpu' && info.backend === 'wasm' && info.notice) this.notify(info.notice);
  }
}
