// Feature vectors for the property predictors. The training data is made by this same code (run in Node by
// models/*/prepare.ts), so what the network saw in training is exactly what the browser gives it.
import { descriptors, morganBits, type Descriptors, type Mol } from './rdkit';

/** Everything needed to rebuild a predictor's input; stored in the model card under "features". */
export interface FeatureSpec {
  morganRadius: number;
  morganBits: number;
  /** Names from RDKit's descriptor table, in input order. */
  descriptors: string[];
}

export function featureLength(spec: FeatureSpec): number {
  return spec.morganBits + spec.descriptors.length;
}

/**
 * [Morgan bits as 0/1 ..., raw descriptors ...]; normalisation lives inside the ONNX graph.
 * `known`: mol's descriptor table if the caller already computed it.
 */
export function featurize(mol: Mol, spec: FeatureSpec, out?: Float32Array, known?: Descriptors): Float32Array {
  const v = out ?? new Float32Array(featureLength(spec));
  const bits = morganBits(mol, spec.morganRadius, spec.morganBits);
  for (let i = 0; i < bits.length; i++) v[i] = bits[i];
  const d = known ?? descriptors(mol);
  spec.descriptors.forEach((name, k) => {
    const x = d[name];
    if (x === undefined) throw new Error(`RDKit has no descriptor "${name}" (the model card asks for it)`);
    v[spec.morganBits + k] = x;
  });
  return v;
}
