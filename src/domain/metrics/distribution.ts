// Distances between distributions of generated and reference molecules: Wasserstein-1 for one property
// (docs/evaluation.md: logP, QED, SA, MW) and the Fréchet distance between Gaussians fitted to descriptor
// vectors. The latter stands in for FCD, which needs the ChemNet network: call it the "Fréchet descriptor
// distance", never FCD, and never set it beside published FCD numbers.
import { descriptors, type Descriptors, type Mol } from '../chem/rdkit';
import { matmul, sqrtPsd, symmetricEigen, trace } from './linalg';

/** Exact Wasserstein-1 (earth mover's) distance ∫|F_u − F_v| between the empirical distributions of two samples (sizes may differ). */
export function wasserstein1(u: ArrayLike<number>, v: ArrayLike<number>): number {
  const a = sortedFinite(u, 'u');
  const b = sortedFinite(v, 'v');
  const na = a.length;
  const nb = b.length;
  let i = 0;
  let j = 0;
  let prev = Math.min(a[0], b[0]);
  let total = 0;
  // Between consecutive distinct values the CDFs are flat at i/na and j/nb (the counts of values ≤ prev).
  while (i < na || j < nb) {
    const x = j >= nb || (i < na && a[i] <= b[j]) ? a[i] : b[j];
    total += Math.abs(i / na - j / nb) * (x - prev);
    while (i < na && a[i] === x) i++;
    while (j < nb && b[j] === x) j++;
    prev = x;
  }
  return total;
}

function sortedFinite(x: ArrayLike<number>, name: string): Float64Array {
  if (x.length === 0) throw new RangeError(`sample ${name} is empty`);
  const out = Float64Array.from(x);
  for (let k = 0; k < out.length; k++) if (!Number.isFinite(out[k])) throw new RangeError(`sample ${name} has a non-finite value at ${k}`);
  return out.sort();
}

/** Mean and covariance of a multivariate sample. */
export interface GaussianStats {
  d: number;
  n: number;
  mean: Float64Array;
  /** d × d row-major, unbiased (divided by n − 1, as numpy.cov and MOSES/FCD). */
  cov: Float64Array;
}

/** Mean and unbiased covariance of n ≥ 2 rows of d numbers. */
export function gaussianStats(rows: readonly ArrayLike<number>[]): GaussianStats {
  const n = rows.length;
  if (n < 2) throw new RangeError(`a covariance needs at least 2 rows, got ${n}`);
  const d = rows[0].length;
  const mean = new Float64Array(d);
  for (const r of rows) {
    if (r.length !== d) throw new RangeError(`rows differ in length: ${r.length} vs ${d}`);
    for (let k = 0; k < d; k++) mean[k] += r[k];
  }
  for (let k = 0; k < d; k++) mean[k] /= n;
  const cov = new Float64Array(d * d);
  const centred = new Float64Array(d);
  for (const r of rows) {
    for (let k = 0; k < d; k++) centred[k] = r[k] - mean[k];
    for (let p = 0; p < d; p++) for (let q = p; q < d; q++) cov[p * d + q] += centred[p] * centred[q];
  }
  for (let p = 0; p < d; p++)
    for (let q = p; q < d; q++) {
      cov[p * d + q] /= n - 1;
      cov[q * d + p] = cov[p * d + q];
    }
  return { d, n, mean, cov };
}

/**
 * Fréchet distance ||μ1 − μ2||² + Tr(Σ1 + Σ2 − 2 (Σ1 Σ2)^{1/2}) between two Gaussians, with the cross term
 * computed stably as Tr((Σ1^{1/2} Σ2 Σ1^{1/2})^{1/2}) = Σ √λ of a symmetric PSD matrix; rounding below 0 gives 0.
 */
export function frechetDistance(a: GaussianStats, b: GaussianStats): number {
  const d = a.d;
  if (b.d !== d) throw new RangeError(`dimensions differ: ${a.d} vs ${b.d}`);
  let meanTerm = 0;
  for (let k = 0; k < d; k++) meanTerm += (a.mean[k] - b.mean[k]) ** 2;
  const root = sqrtPsd(a.cov, d);
  const m = matmul(matmul(root, b.cov, d), root, d);
  for (let p = 0; p < d; p++)
    for (let q = p + 1; q < d; q++) m[p * d + q] = m[q * d + p] = (m[p * d + q] + m[q * d + p]) / 2;
  let cross = 0;
  for (const lambda of symmetricEigen(m, d).values) cross += Math.sqrt(Math.max(lambda, 0));
  return Math.max(0, meanTerm + trace(a.cov, d) + trace(b.cov, d) - 2 * cross);
}

/**
 * The descriptor vector of the Fréchet descriptor distance, named as RDKit.js's get_descriptors() names them:
 * Crippen logP, average molecular weight, topological polar surface area, H-bond donors and acceptors,
 * rotatable bonds, rings, aromatic rings, fraction of sp3 carbons, heavy atoms.
 */
export const DESCRIPTOR_KEYS = [
  'CrippenClogP',
  'amw',
  'tpsa',
  'NumHBD',
  'NumHBA',
  'NumRotatableBonds',
  'NumRings',
  'NumAromaticRings',
  'FractionCSP3',
  'NumHeavyAtoms',
] as const;

/**
 * RDKit.js's whole get_descriptors() table (RDKit's rdMolDescriptors.Properties, 43 names in its order), for a
 * Fréchet distance that also sees rings, heterocycles, stereocentres, shape and connectivity indices.
 */
export const ALL_DESCRIPTOR_KEYS = [
  'exactmw', 'amw', 'lipinskiHBA', 'lipinskiHBD', 'NumRotatableBonds', 'NumHBD', 'NumHBA', 'NumHeavyAtoms', 'NumAtoms',
  'NumHeteroatoms', 'NumAmideBonds', 'FractionCSP3', 'NumRings', 'NumAromaticRings', 'NumAliphaticRings',
  'NumSaturatedRings', 'NumHeterocycles', 'NumAromaticHeterocycles', 'NumSaturatedHeterocycles',
  'NumAliphaticHeterocycles', 'NumSpiroAtoms', 'NumBridgeheadAtoms', 'NumAtomStereoCenters',
  'NumUnspecifiedAtomStereoCenters', 'labuteASA', 'tpsa', 'CrippenClogP', 'CrippenMR', 'chi0v', 'chi1v', 'chi2v',
  'chi3v', 'chi4v', 'chi0n', 'chi1n', 'chi2n', 'chi3n', 'chi4n', 'hallKierAlpha', 'kappa1', 'kappa2', 'kappa3', 'Phi',
] as const;

/** The values of `keys` (default DESCRIPTOR_KEYS) of one molecule; `known`: its descriptor table if already computed. */
export function descriptorVector(mol: Mol, known?: Descriptors, keys: readonly string[] = DESCRIPTOR_KEYS): Float64Array {
  const all = known ?? descriptors(mol);
  return Float64Array.from(keys, (key) => {
    const value = all[key];
    if (typeof value !== 'number') throw new Error(`the descriptor table has no ${key}`);
    return value;
  });
}

/**
 * Fréchet descriptor distance between generated and reference descriptor vectors (rows of DESCRIPTOR_KEYS), after
 * standardising every column with the reference set's mean and population standard deviation (a constant
 * column is left unscaled) so no unit dominates; NaN when either set has fewer than 2 rows. Not FCD.
 */
export function frechetDescriptorDistance(generated: readonly ArrayLike<number>[], reference: readonly ArrayLike<number>[]): number {
  if (generated.length < 2 || reference.length < 2) return Number.NaN;
  const d = reference[0].length;
  const { mean, cov } = gaussianStats(reference);
  const n = reference.length;
  const sd = new Float64Array(d);
  for (let k = 0; k < d; k++) {
    const s = Math.sqrt((cov[k * d + k] * (n - 1)) / n);
    sd[k] = s > 0 ? s : 1;
  }
  const standardise = (rows: readonly ArrayLike<number>[]) =>
    rows.map((r) => {
      if (r.length !== d) throw new RangeError(`rows differ in length: ${r.length} vs ${d}`);
      return Float64Array.from({ length: d }, (_, k) => (r[k] - mean[k]) / sd[k]);
    });
  return frechetDistance(gaussianStats(standardise(generated)), gaussianStats(standardise(reference)));
}
