// Molecule predictors as registry entries (DomainSpec.predictors): a molecule featurised as the card's "features"
// say (the app's own featuriser, src/domain/chem/features.ts, made the training data) → the ONNX ensemble → a
// calibrated mean and σ for each property the entry names. A new predictor is its card and a registry line.
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

/**
 * One predictor on already-parsed molecules, in one batch; `known[i]` is mols[i]'s descriptor table if computed
 * already. Outputs `mean` and `std` are [batch] for one property or [batch, P] for P, in `properties` order.
 */
export async function predictMolecules(
  engine: OnnxEngine,
  card: ModelCard,
  properties: readonly string[],
  mols: Mol[],
  known?: Descriptors[],
): Promise<{ predictions: Record<string, Prediction>[]; backend: Backend }> {
  const spec = featureSpec(card);
  const dim = featureLength(spec);
  const x = new Float32Array(mols.length * dim); // [batch, dim]
  mols.forEach((m, i) => featurize(m, spec, x.subarray(i * dim, (i + 1) * dim), known?.[i]));
  const { outputs, backend } = await engine.run(card, { [card.inputs[0].name]: { dtype: 'float32', data: x, dims: [mols.length, dim] } });
  const mean = outputs.mean.data as Float32Array;
  const std = outputs.std.data as Float32Array;
  const P = properties.length;
  if (mean.length !== mols.length * P) throw new Error(`model ${card.id} gave ${mean.length} means for ${mols.length} molecules × ${P} properties (${properties.join(', ')})`);
  const predictions = mols.map((_, i) => Object.fromEntries(properties.map((k, j) => [k, { mean: mean[i * P + j], std: std[i * P + j] }])));
  return { predictions, backend };
}

/** A domain's predictors with their cards, run one after the other; each molecule's predictions merged. */
export async function predictAll(
  engine: OnnxEngine,
  predictors: readonly { card: ModelCard; properties: readonly string[] }[],
  mols: Mol[],
  known?: Descriptors[],
): Promise<{ predictions: Record<string, Prediction>[]; backend: Backend | null }> {
  const out: Record<string, Prediction>[] = mols.map(() => ({}));
  let backend: Backend | null = null;
  if (mols.length === 0) return { predictions: out, backend };
  for (const p of predictors) {
    const r = await predictMolecules(engine, p.card, p.properties, mols, known);
    r.predictions.forEach((x, i) => Object.assign(out[i], x));
    backend = r.backend;
  }
  return { predictions: out, backend };
}
