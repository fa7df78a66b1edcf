// The chemistry worker as the UI sees it. The only place that names the worker file.
import type { ChemAPI } from '../../workers/chem.worker';
import { WorkerBridge, type BridgeEvent } from './worker-bridge';
import type { Backend } from '../contract/compute';

export type { ChemAPI };
export type { BackendInfo } from '../contract/compute';
export type { Analysed, AnalyseResult } from '../inference/analyse';
export type { CrystalAnalysed } from '../inference/analyse-crystal';

export function chemBridge(opts: { prefer?: 'auto' | Backend; name?: string; onEvent?: (e: BridgeEvent) => void } = {}): WorkerBridge<ChemAPI> {
  const modelBaseUrl = new URL('models/', document.baseURI).href;
  return new WorkerBridge<ChemAPI>(opts.name ?? 'chemistry', () => new Worker(new URL('../../workers/chem.worker.ts', import.meta.url), { type: 'module' }), {
    onEvent: opts.onEvent,
    setup: (api) => api.configure({ modelBaseUrl, prefer: opts.prefer ?? 'auto' }),
  });
}
