// SA-score predictor: RDKit.js features (as in training) → ONNX ensemble → calibrated mean ± std.
import { featureLength, featurize, type FeatureSpec } from '../../domain/chem/features';
import type { Descriptors, Mol } from '../../domain/chem/rdkit';
import type { ModelCard } from '../../contract/card';
import type { Backend, OnnxEngine } from '../onnx';
import type { Prediction } from '../../contract/generator';

export type { Prediction };

export function featureSpec(card: ModelCard): FeatureSpec {
  const spec = card.features as FeatureSpec | undefined;
  if (!spec || !Array.isArray(spec.descriptors)) throw new Error(`model card ${card.id} has no "features" section`);
  const dim = featureLength(spec);
  const declared = card.inputs[0]?.shape[1];
  if (declared !== dim) throw new Error(`model card ${card.id}: features make ${dim} values but the input is declared as ${declared}`);
  return spec;
}

/** Predict for already-parsed molecules, in one batch; `known[i]` is mols[i]'s descriptor table if computed already. */
export async function predictSA(
  engine: OnnxEngine,
  card: ModelCard,
  mols: Mol[],
  known?: Descriptors[],
): Promise<{ predictions: Prediction[]; backend: Backend }> {
  const spec = featureSpec(card);
  const dim = featureLength(spec);
  const x = new Float32Array(mols.length * dim); // [batch, dim]
  mols.forEach((m, i) => featurize(m, spec, x.subarray(i * dim, (i + 1) * dim), known?.[i]));
  const { outputs, backend } = await engine.run(card, { features: { dtype: 'float32', data: x, dims: [mols.length, dim] } });
  const mean = outputs.mean.data as Float32Array;
  const std = outputs.std.data as Float32Array;
  return { predictions: Array.from(mean, (m, i) => ({ mean: m, std: std[i] })), backend };
}
