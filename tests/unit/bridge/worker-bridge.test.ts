// The bridge against a worker made of a MessageChannel: real comlink messages, in one process.
import { describe, expect, it } from 'vitest';
import * as Comlink from 'comlink';
import { WorkerBridge, WorkerCrashedError, isAbort, type ProgressFn, type WorkerLike, type BridgeEvent } from '../../../src/bridge/worker-bridge';

const api = {
  async add(a: number, b: number) {
    return a + b;
  },
  async slow(ms: number, onProgress?: ProgressFn) {
    for (let i = 1; i <= 4; i++) {
      await new Promise((r) => setTimeout(r, ms / 4));
      onProgress?.({ done: i, total: 4 });
    }
    return 'finished';
  },
  async fails() {
    throw new Error('bad input: line 3');
  },
  /** A worker that went away without a word: the call never returns and nothing more comes. */
  hang() {
    return new Promise<never>(() => {});
  },
};
type API = typeof api;

class ChannelWorker extends EventTarget implements WorkerLike {
  static started = 0;
  terminated = false;
  #port: MessagePort;
  constructor() {
    super();
    ChannelWorker.started++;
    const { port1, port2 } = new MessageChannel();
    Comlink.expose(api, port2 as unknown as Comlink.Endpoint);
    port1.addEventListener('message', (e) => this.dispatchEvent(new MessageEvent('message', { data: (e as MessageEvent).data })));
    port1.start();
    this.#port = port1;
  }
  postMessage(m: unknown, transfer?: Transferable[]) {
    if (!this.terminated) this.#port.postMessage(m, transfer ?? []);
  }
  terminate() {
    this.terminated = true;
    this.#port.close();
  }
  crash(message: string) {
    const e = new Event('error') as Event & { message: string };
    e.message = message;
    this.dispatchEvent(e);
  }
}

function setup(opts: { silenceMs?: number; heartbeatMs?: number } = {}) {
  const workers: ChannelWorker[] = [];
  const events: BridgeEvent[] = [];
  const bridge = new WorkerBridge<API>('test', () => {
    const w = new ChannelWorker();
    workers.push(w);
    // the heartbeat the real workers post (src/contract/heartbeat.ts), while not terminated
    if (opts.heartbeatMs) {
      const id = setInterval(() => (w.terminated ? clearInterval(id) : w.dispatchEvent(new MessageEvent('message', { data: { heartbeat: true } }))), opts.heartbeatMs);
    }
    return w;
  }, { onEvent: (e) => events.push(e), silenceMs: opts.silenceMs, coldSilenceMs: opts.silenceMs });
  return { bridge, workers, events };
}

describe('WorkerBridge', () => {
  it('starts the worker lazily and returns results', async () => {
    const { bridge, workers } = setup();
    expect(workers.length).toBe(0);
    expect(await bridge.call((w) => w.add(2, 3))).toBe(5);
    expect(await bridge.call((w) => w.add(1, 1))).toBe(2);
    expect(workers.length).toBe(1);
  });

  it('forwards progress and errors thrown in the worker', async () => {
    const { bridge } = setup();
    const seen: number[] = [];
    expect(await bridge.call((w, p) => w.slow(20, p), { onProgress: (p) => seen.push(p.done) })).toBe('finished');
    // The last report may race the result (separate ports); it is dropped if it arrives after.
    expect(seen.slice(0, 3)).toEqual([1, 2, 3]);
    const n = seen.length;
    await new Promise((r) => setTimeout(r, 30));
    expect(seen.length).toBe(n);
    await expect(bridge.call((w) => w.fails())).rejects.toThrow('bad input: line 3');
  });

  it('runs one call at a time, in order', async () => {
    const { bridge } = setup();
    const order: string[] = [];
    const a = bridge.call((w) => w.slow(40)).then(() => order.push('a'));
    const b = bridge.call((w) => w.add(1, 2)).then(() => order.push('b'));
    await Promise.all([a, b]);
    expect(order).toEqual(['a', 'b']);
  });

  it('cancels: rejects with AbortError, terminates the worker, restarts on the next call', async () => {
    const { bridge, workers, events } = setup();
    const ctl = new AbortController();
    const p = bridge.call((w) => w.slow(200), { signal: ctl.signal });
    setTimeout(() => ctl.abort(), 30);
    const err = await p.catch((e) => e);
    expect(isAbort(err)).toBe(true);
    expect(workers[0].terminated).toBe(true);
    expect(events.map((e) => e.type)).toEqual(['started', 'terminated']);
    expect(await bridge.call((w) => w.add(4, 4))).toBe(8);
    expect(workers.length).toBe(2);
  });

  it('a call cancelled while queued never runs, and the queue keeps its order', async () => {
    const { bridge } = setup();
    const ctl = new AbortController();
    const first = bridge.call((w) => w.slow(60));
    let ran = false;
    const second = bridge.call(async (w) => {
      ran = true;
      return w.add(1, 1);
    }, { signal: ctl.signal });
    ctl.abort();
    expect(isAbort(await second.catch((e) => e))).toBe(true);
    expect(await first).toBe('finished');
    expect(ran).toBe(false);
  });

  it('a crashed worker rejects the pending call with the reason and is restarted', async () => {
    const { bridge, workers, events } = setup();
    const p = bridge.call((w) => w.slow(200));
    await new Promise((r) => setTimeout(r, 20));
    workers[0].crash('out of memory');
    const err = await p.catch((e) => e);
    expect(err).toBeInstanceOf(WorkerCrashedError);
    expect(String(err.message)).toContain('out of memory');
    expect(events.some((e) => e.type === 'crashed')).toBe(true);
    expect(await bridge.call((w) => w.add(2, 2))).toBe(4);
    expect(workers.length).toBe(2);
  });

  it('an already-aborted signal never starts a worker', async () => {
    const { bridge, workers } = setup();
    const ctl = new AbortController();
    ctl.abort();
    expect(isAbort(await bridge.call((w) => w.add(1, 2), { signal: ctl.signal }).catch((e) => e))).toBe(true);
    expect(workers.length).toBe(0);
  });

  it('a worker silent past the watchdog is taken for dead: the call fails as crashed and the next call gets a new worker', async () => {
    const { bridge, workers, events } = setup({ silenceMs: 300 });
    const t0 = performance.now();
    const err = (await bridge.call((w) => w.hang()).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(WorkerCrashedError);
    expect(String(err.message)).toMatch(/no sign of life/);
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(events.filter((e) => e.type === 'crashed')).toHaveLength(1);
    expect(workers[0].terminated).toBe(true);
    expect(await bridge.call((w) => w.add(1, 2))).toBe(3);
    expect(workers.length).toBe(2);
  });

  it('a busy worker that keeps its heartbeat is left to finish, however long the call', async () => {
    const { bridge, events } = setup({ silenceMs: 300, heartbeatMs: 50 });
    expect(await bridge.call((w) => w.slow(900))).toBe('finished');
    expect(events.some((e) => e.type === 'crashed')).toBe(false);
  });
});
