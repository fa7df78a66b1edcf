// 3D conformer worker: openchemlib embedding + MMFF94 minimisation, off the UI thread (a large molecule
// takes seconds). A thin entry point: the chemistry lives in src/domain/chem/conformer.ts.
import * as Comlink from 'comlink';
// openchemlib's package exports hide dist/resources.json, so it is named by path; Vite emits it as an
// asset (~1.3 MB, same origin) that is fetched once per worker, on the first conformer.
import resourcesUrl from '../node_modules/openchemlib/dist/resources.json?url';
import { conformer3d, registerConformerResources, type Conformer, type ConformerOptions } from '../src/domain/chem/conformer';
import { startHeartbeat } from '../src/contract/heartbeat';

let resources: Promise<void> | null = null;

function loadResources(): Promise<void> {
  resources ??= fetch(resourcesUrl)
    .then(async (res) => {
      if (!res.ok) throw new Error(`openchemlib resources not found at ${resourcesUrl} (HTTP ${res.status})`);
      registerConformerResources(await res.text());
    })
    .catch((e) => {
      resources = null; // let the next call try again
      throw e;
    });
  return resources;
}

const api = {
  async conformer(smiles: string, opts?: ConformerOptions): Promise<Conformer> {
    await loadResources();
    return conformer3d(smiles, opts);
  },
};

export type ConformerAPI = typeof api;
Comlink.expose(api);
startHeartbeat(self as unknown as Parameters<typeof startHeartbeat>[0]);
