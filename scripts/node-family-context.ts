// A generator family's context in Node (the eval, the tests): the app's own ONNX engine on onnxruntime-web's
// WASM kernels, cards and data files read from static/models, moyo from its package. What the worker fetches,
// this reads from disk, so Node runs exactly the generator the browser runs.
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { OnnxEngine } from '../src/inference/onnx';
import { loadMoyo } from '../src/domain/crystal/moyo';
import type { FamilyContext } from '../src/inference/family';
import type { ModelCard } from '../src/contract/card';

export const MODEL_DIR = fileURLToPath(new URL('../static/models/', import.meta.url));

export function nodeContext(dir = MODEL_DIR, extra: Partial<FamilyContext> = {}): FamilyContext {
  const engine = new OnnxEngine({ modelBaseUrl: pathToFileURL(dir).href, loadBytes: async (u) => readFileSync(new URL(u)), prefer: 'wasm' });
  return {
    engine,
    card: async (id) => JSON.parse(readFileSync(`${dir}${id}.json`, 'utf8')) as ModelCard,
    data: async (file, _what, parse) => parse(readFileSync(`${dir}${file}`)),
    symmetry: () => loadMoyo(readFileSync(fileURLToPath(new URL('../node_modules/@spglib/moyo-wasm/moyo_wasm_bg.wasm', import.meta.url)))),
    ...extra,
  };
}
