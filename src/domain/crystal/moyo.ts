// The one file that loads @spglib/moyo-wasm. The caller supplies the wasm (the browser: Vite's
// `import wasmUrl from '@spglib/moyo-wasm/moyo_wasm_bg.wasm?url'` then `loadMoyo(wasmUrl)`; Node and tests: the
// file's bytes), so this module stays free of bundler- and Node-specific imports. Loaded once per thread.
import init, { analyze_cell, type InitInput, type MoyoDataset } from '@spglib/moyo-wasm';

export type { MoyoDataset };

/** What symmetry.ts needs from moyo: the one analysis call. */
export interface MoyoApi {
  analyzeCell(cellJson: string, symprec: number, setting: 'Standard' | 'Spglib'): MoyoDataset;
}

let loading: Promise<MoyoApi> | null = null;

export function loadMoyo(wasm: InitInput | Promise<InitInput>): Promise<MoyoApi> {
  if (!loading) {
    loading = init({ module_or_path: wasm }).then(() => ({
      analyzeCell: (json, symprec, setting) => analyze_cell(json, symprec, setting),
    }));
    // Forget a failed load so that a retry can succeed.
    loading.catch(() => {
      loading = null;
    });
  }
  return loading;
}
