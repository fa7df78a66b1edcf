// The same model computed outside the browser, in Node: RDKit.js features (the app's featuriser) and the app's
// OnnxEngine on onnxruntime-web's WASM kernels, to compare with what the page computed (its worker, batching and
// display; on the webgpu project also its WebGPU kernels against WASM).
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import init from '@rdkit/rdkit';
import type { ModelCard } from '../../src/contract/card';
import { featureLength, featurize, type FeatureSpec } from '../../src/domain/chem/features';
import { parseSmiles, type RDKitModule } from '../../src/domain/chem/rdkit';
import { OnnxEngine } from '../../src/inference/onnx';

const modelDir = new URL('../../static/models/', import.meta.url);

export async function nodeSA(smiles: string[]): Promise<{ mean: number[]; std: number[] }> {
  const rdkit = (await init()) as RDKitModule;
  const card = JSON.parse(readFileSync(new URL('sa-mlp.json', modelDir), 'utf8')) as ModelCard & { features: FeatureSpec };
  const dim = featureLength(card.features);
  const x = new Float32Array(smiles.length * dim);
  smiles.forEach((s, i) => {
    const m = parseSmiles(rdkit, s);
    if (!m) throw new Error(`reference: cannot parse ${s}`);
    featurize(m, card.features, x.subarray(i * dim, (i + 1) * dim));
    m.delete();
  });
  const engine = new OnnxEngine({ prefer: 'wasm', modelBaseUrl: modelDir.href, loadBytes: async (u) => readFileSync(new URL(u)) });
  const { outputs } = await engine.run(card, { features: { dtype: 'float32', data: x, dims: [smiles.length, dim] } });
  return { mean: Array.from(outputs.mean.data as Float32Array), std: Array.from(outputs.std.data as Float32Array) };
}

/** The first n SMILES of the ZINC test split (../shared), for runs big enough to cancel mid-way. */
export function zincTestSmiles(n: number): string[] {
  const path = new URL('../../../shared/data/zinc250k/dd_vae_split/test.csv.gz', import.meta.url);
  return gunzipSync(readFileSync(path)).toString('utf8').split('\n').filter(Boolean).slice(0, n);
}
