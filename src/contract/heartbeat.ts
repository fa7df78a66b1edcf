// Workers post this every HEARTBEAT_MS while alive, so the page can tell a busy worker from one that vanished
// (bridge/worker-bridge.ts SILENCE_MS). Comlink ignores messages without its own fields.
export const HEARTBEAT_MS = 1000;

/**
 * Starts the heartbeat in a worker; `post` is the worker's postMessage. `{vanishForTest: true}` (the e2e tests, through
 * WorkerBridge.sendForTest) makes the worker go away the way a browser may kill one: silently, no error event.
 */
export function startHeartbeat(scope: { postMessage(m: unknown): void; addEventListener(t: 'message', f: (e: MessageEvent) => void): void; close(): void }): void {
  setInterval(() => scope.postMessage({ heartbeat: true }), HEARTBEAT_MS);
  scope.addEventListener('message', (e) => {
    if ((e.data as { vanishForTest?: unknown } | null)?.vanishForTest === true) scope.close();
  });
}
