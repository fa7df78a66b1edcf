// The same model computed outside the browser: RDKit.js features (the app's featuriser) and
// onnxruntime-node, to compare with what the page computed.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import init from '@rdkit/rdkit';
import * as ort from 'onnxruntime-node';
import { featureLength, featurize, type FeatureSpec } from '../../src/domain/chem/features';
import { parseSmiles, type RDKitModule } from '../../src/domain/chem/rdkit';

const modelDir = new URL('../../static/models/', import.meta.url);

export async function nodeSA(smiles: string[]): Promise<{ mean: number[]; std: number[] }> {
  const rdkit = (await init()) as RDKitModule;
  const card = JSON.parse(readFileSync(new URL('sa-mlp.json', modelDir), 'utf8')) as { features: FeatureSpec };
  const dim = featureLength(card.features);
  const x = new Float32Array(smiles.length * dim);
  smiles.forEach((s, i) => {
    const m = parseSmiles(rdkit, s);
    if (!m) throw new Error(`reference: cannot parse ${s}`);
    featurize(m, card.features, x.subarray(i * dim, (i + 1) * dim));
    m.delete();
  });
  const session = await ort.InferenceSession.create(readFileSync(new URL('sa-mlp.onnx', modelDir)));
  const out = await session.run({ features: new ort.Tensor('float32', x, [smiles.length, dim]) });
  return { mean: Array.from(out.mean.data as Float32Array), std: Array.from(out.std.data as Float32Array) };
}

/** The first n SMILES of the ZINC test split (../shared), for runs big enough to cancel mid-way. */
export function zincTestSmiles(n: number): string[] {
  const path = new URL('../../../shared/data/zinc250k/dd_vae_split/test.csv.gz', import.meta.url);
  return gunzipSync(readFileSync(path)).toString('utf8').split('\n').filter(Boolean).slice(0, n);
}
