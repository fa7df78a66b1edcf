// Working offline: the service worker (src/offline/service-worker.js, emitted as /sw.js by the build) stores
// nothing until "Keep offline" asks it to fetch every file of the build (code, wasm, every model), so that a
// conference laptop without a network runs the whole studio; a new version is fetched the same way once the user
// has asked. The dev server registers nothing.
export type OfflineState = 'unsupported' | 'starting' | 'partial' | 'saving' | 'ready' | 'error';

type Reply = { type: 'progress' | 'done' | 'status' | 'error'; done?: number; cached?: number; total: number; message?: string; version?: string; optedIn?: boolean };

export class Offline {
  state = $state<OfflineState>('starting');
  /** A new version is installed and waits for the user (never swapped in mid-run). */
  update = $state(false);
  done = $state(0);
  total = $state(0);
  error = $state<string | null>(null);
  #worker: ServiceWorker | null = null;
  #registration: ServiceWorkerRegistration | null = null;
  #updating = false;

  /** Switch to the waiting version and reload (the badge offers it; call it when no run is going). */
  applyUpdate(): void {
    const w = this.#registration?.waiting;
    if (!w) return;
    this.#updating = true;
    w.postMessage({ type: 'update' });
  }

  async start(enabled: boolean): Promise<void> {
    if (!enabled || !('serviceWorker' in navigator)) {
      this.state = 'unsupported';
      return;
    }
    try {
      const reg0 = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
      const waiting = () => (this.update = !!reg0.waiting && !!navigator.serviceWorker.controller);
      waiting();
      reg0.addEventListener('updatefound', () => reg0.installing?.addEventListener('statechange', waiting));
      // the new version took over (after "Update"): load its page
      let reloading = false;
      navigator.serviceWorker.addEventListener('controllerchange', () => {
        if (this.#updating && !reloading) {
          reloading = true;
          location.reload();
        }
      });
      const reg = await navigator.serviceWorker.ready;
      this.#registration = reg;
      this.#worker = reg.active;
      const r = await this.#ask('status');
      this.total = r.total;
      this.done = r.cached ?? 0;
      this.state = r.cached === r.total ? 'ready' : 'partial';
      // kept offline before, and a new version came: fetch its files now, as the user asked for last time
      if (r.optedIn && this.state === 'partial') void this.save();
    } catch (e) {
      this.state = 'error';
      this.error = `The offline copy is not available: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  /** Fetch every file of the build into the browser's cache, with progress. */
  async save(): Promise<void> {
    if (!this.#worker || this.state === 'saving') return;
    this.state = 'saving';
    this.error = null;
    const r = await this.#ask('precache', (p) => {
      this.done = p.done ?? 0;
      this.total = p.total;
    });
    if (r.type === 'error') {
      this.state = 'error';
      this.error = `Could not save everything for offline use (${r.done} of ${r.total} files): ${r.message}. A full disk, or the server went away; try again.`;
    } else this.state = 'ready';
  }

  #ask(type: 'status' | 'precache', onProgress?: (r: Reply) => void): Promise<Reply> {
    const worker = this.#worker!;
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = (e: MessageEvent<Reply>) => {
        if (e.data.type === 'progress') onProgress?.(e.data);
        else {
          channel.port1.close();
          resolve(e.data);
        }
      };
      worker.postMessage({ type }, [channel.port2]);
    });
  }
}
