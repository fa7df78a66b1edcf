// Browser side of moyo loading: Vite turns the `?url` import into the hashed URL of the wasm it emits. Node
// (tests, scripts) passes the file's bytes to loadMoyo instead; a `?url` import does not exist there.
import wasmUrl from '@spglib/moyo-wasm/moyo_wasm_bg.wasm?url';
import { loadMoyo, type MoyoApi } from '../domain/crystal/moyo';

export function loadMoyoInBrowser(): Promise<MoyoApi> {
  return loadMoyo(wasmUrl);
}
