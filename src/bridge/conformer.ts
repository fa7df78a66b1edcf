// The 3D conformer worker as the UI sees it. The only place that names the worker file.
import type { ConformerAPI } from '../../workers/conformer.worker';
import { WorkerBridge, type BridgeEvent } from './worker-bridge';

export type { ConformerAPI };
export type { Conformer, ConformerOptions } from '../domain/chem/conformer';

/**
 * A worker of its own, so a slow embedding never queues behind generation on the chemistry worker;
 * cancel a stale request (the user picked another molecule) with the call's AbortSignal.
 */
export function conformerBridge(opts: { name?: string; onEvent?: (e: BridgeEvent) => void } = {}): WorkerBridge<ConformerAPI> {
  return new WorkerBridge<ConformerAPI>(opts.name ?? '3D conformer', () => new Worker(new URL('../../workers/conformer.worker.ts', import.meta.url), { type: 'module' }), {
    onEvent: opts.onEvent,
  });
}
