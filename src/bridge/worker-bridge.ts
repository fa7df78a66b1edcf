// The UI side of one compute worker: started lazily, one call at a time (a queue), every call
// cancellable through an AbortSignal (the worker is terminated and restarted on the next call), and a
// crashed worker rejects what it was doing with the error and is restarted: never a silent hang.
import * as Comlink from 'comlink';
import type { Progress, ProgressFn } from '../contract/compute';

export type { Progress, ProgressFn };

export interface CallOptions {
  signal?: AbortSignal;
  onProgress?: ProgressFn;
}

export class WorkerCrashedError extends Error {
  constructor(worker: string, detail: string) {
    super(`The ${worker} worker stopped unexpectedly (${detail}); it will be restarted for the next task.`);
    this.name = 'WorkerCrashedError';
  }
}

/** Wrap a callback so the worker can call it (e.g. to stream each finished batch back). */
export function streamed<T extends (...args: never[]) => unknown>(fn: T): T & Comlink.ProxyMarked {
  return Comlink.proxy(fn);
}

export function abortError(): DOMException {
  return new DOMException('cancelled', 'AbortError');
}

export const isAbort = (e: unknown): boolean => e instanceof DOMException && e.name === 'AbortError';

/** What the bridge needs of a Worker; a real Worker satisfies it (tests use a MessageChannel one). */
export interface WorkerLike extends EventTarget {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  terminate(): void;
}

export type BridgeEvent = { type: 'started' | 'terminated' | 'crashed'; worker: string; detail?: string };

/**
 * A call fails as crashed when its worker shows no sign of life (no message: a result, progress, or the heartbeat
 * the workers post every second) for this long. A worker can vanish without an error event (killed by the browser
 * under memory pressure); without this its call would wait for ever.
 */
export const SILENCE_MS = 15_000;

/**
 * Until the call's first progress report the limit is this long instead: a cold worker compiles WebAssembly and
 * loads models in long synchronous steps that keep even its heartbeat from running, the more so on a busy machine.
 */
export const COLD_SILENCE_MS = 90_000;

export class WorkerBridge<API extends object> {
  #worker: WorkerLike | null = null;
  #remote: Comlink.Remote<API> | null = null;
  #dead: Promise<never> | null = null;
  #queue: Promise<unknown> = Promise.resolve();
  readonly name: string;
  #create: () => WorkerLike;
  #onEvent?: (e: BridgeEvent) => void;
  /** Runs once in every freshly started worker (e.g. to pass settings); its errors reject the call. */
  #setup?: (api: Comlink.Remote<API>) => Promise<void>;
  #ready: Promise<void> | null = null;
  #lastSeen = 0;
  #fail: ((detail: string) => void) | null = null;
  readonly #silenceMs: number;
  readonly #coldMs: number;

  constructor(
    name: string,
    create: () => WorkerLike,
    opts: { onEvent?: (e: BridgeEvent) => void; setup?: (api: Comlink.Remote<API>) => Promise<void>; silenceMs?: number; coldSilenceMs?: number } = {},
  ) {
    this.name = name;
    this.#create = create;
    this.#onEvent = opts.onEvent;
    this.#setup = opts.setup;
    this.#silenceMs = opts.silenceMs ?? SILENCE_MS;
    this.#coldMs = Math.max(this.#silenceMs, opts.coldSilenceMs ?? COLD_SILENCE_MS);
  }

  get running(): boolean {
    return this.#worker !== null;
  }

  #start(): { remote: Comlink.Remote<API>; dead: Promise<never>; ready: Promise<void> } {
    if (!this.#worker) {
      const worker = this.#create();
      this.#worker = worker;
      this.#remote = Comlink.wrap<API>(worker as unknown as Comlink.Endpoint);
      this.#lastSeen = performance.now();
      worker.addEventListener('message', () => (this.#lastSeen = performance.now()));
      this.#dead = new Promise<never>((_, reject) => {
        const fail = (detail: string) => {
          if (this.#worker !== worker) return;
          this.#stop();
          this.#onEvent?.({ type: 'crashed', worker: this.name, detail });
          reject(new WorkerCrashedError(this.name, detail));
        };
        this.#fail = fail;
        worker.addEventListener('error', (e) => {
          (e as Event).preventDefault?.();
          fail((e as ErrorEvent).message || 'uncaught error');
        });
        worker.addEventListener('messageerror', () => fail('a message could not be decoded'));
      });
      this.#dead.catch(() => {}); // observed by the calls racing it
      this.#ready = this.#setup ? this.#setup(this.#remote) : Promise.resolve();
      this.#onEvent?.({ type: 'started', worker: this.name });
    }
    return { remote: this.#remote!, dead: this.#dead!, ready: this.#ready! };
  }

  #stop(): void {
    const w = this.#worker;
    if (!w) return;
    this.#worker = null;
    this.#remote?.[Comlink.releaseProxy]();
    this.#remote = null;
    this.#ready = null;
    w.terminate();
  }

  /** Posts a message straight to the running worker, past the queue (the e2e tests' fault hooks). */
  sendForTest(message: unknown): void {
    this.#worker?.postMessage(message);
  }

  /** Terminate the worker now (it is restarted lazily by the next call). */
  terminate(): void {
    if (this.#worker) {
      this.#stop();
      this.#onEvent?.({ type: 'terminated', worker: this.name });
    }
  }

  /**
   * Queue a call on the worker. `fn` receives the remote API and a progress callback already wrapped
   * for transfer (pass it as the remote method's last argument).
   */
  call<R>(fn: (api: Comlink.Remote<API>, progress: ProgressFn & Comlink.ProxyMarked) => Promise<R>, opts: CallOptions = {}): Promise<R> {
    const run = async (): Promise<R> => {
      const { signal, onProgress } = opts;
      if (signal?.aborted) throw abortError();
      const { remote, dead, ready } = this.#start();
      let onAbort: (() => void) | null = null;
      const aborted = new Promise<never>((_, reject) => {
        onAbort = () => {
          this.terminate();
          reject(abortError());
        };
        signal?.addEventListener('abort', onAbort, { once: true });
      });
      // The watchdog: while this call runs, a worker silent for too long is taken for dead (longer while it warms up).
      this.#lastSeen = performance.now();
      let warm = false;
      const watchdog = this.#silenceMs > 0
        ? setInterval(() => {
            const quiet = performance.now() - this.#lastSeen;
            if (quiet > (warm ? this.#silenceMs : this.#coldMs)) this.#fail?.(`no sign of life for ${Math.round(quiet / 1000)} s`);
          }, Math.min(1000, this.#silenceMs / 2))
        : null;
      // Progress travels on its own port, so a late message may land after the result: drop it then.
      let settled = false;
      const progress = Comlink.proxy((p: Progress) => {
        this.#lastSeen = performance.now(); // progress comes on its own port, not the worker's
        warm = true;
        if (!settled && !signal?.aborted) onProgress?.(p);
      });
      try {
        await Promise.race([ready, dead, aborted]);
        return await Promise.race([fn(remote, progress), dead, aborted]);
      } finally {
        settled = true;
        if (watchdog) clearInterval(watchdog);
        if (onAbort) signal?.removeEventListener('abort', onAbort);
      }
    };
    const before = this.#queue;
    // A call cancelled while it waits leaves the queue at once, but the next one still waits for
    // the call ahead of it: the worker does one thing at a time.
    const result = waitOrAbort(before, opts.signal).then(run);
    this.#queue = Promise.allSettled([before, result]);
    return result;
  }
}

function waitOrAbort(p: Promise<unknown>, signal?: AbortSignal): Promise<void> {
  if (!signal) return p.then(() => {});
  if (signal.aborted) return Promise.reject(abortError());
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}
