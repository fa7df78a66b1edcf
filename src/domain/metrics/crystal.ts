// The CDVAE-style metrics of generated crystals (../shared/docs/evaluation.md, "Generated crystals"; our
// fingerprints and cut-offs: docs/evaluation-crystal.md). Pure, no I/O: `npm run eval` (scripts/eval-crystal.ts)
// reads the files and calls these.
//
// Definitions, following CDVAE's scripts/compute_metrics.py and eval_utils.py where they say more than the docs:
//  - struct_validity: share of ALL samples with every distance between two different sites ≥ 0.5 Å and volume
//    ≥ 0.1 Å³ (src/domain/crystal/validity.ts). A sample that could not be built at all (null) counts as invalid.
//  - comp_validity: share of all samples passing SMACT14 charge neutrality with the Pauling test
//    (src/domain/crystal/smact.ts: one element only is valid, as in CDVAE; an all-metal composition is valid).
//  - "valid" = both. uniqueness, novelty and the W1 distances use the valid samples only (CDVAE's valid_samples).
//  - uniqueness: distinct structures among the valid samples, with pymatgen's StructureMatcher defaults
//    (ltol 0.2, stol 0.3, angle_tol 5): number of matcher groups / number of valid samples. The matcher compares
//    only within a bucket of equal reduced formula and primitive site count, so this stays fast.
//  - novelty: share of the valid samples that match no training structure (same tolerances, same buckets).
//  - w1_density (g/cm³) and w1_nelements: 1-D Wasserstein distance between the valid samples and the whole test set.
//  - cov_recall / cov_precision, as CDVAE's compute_cov: Euclidean distances between fingerprints (structure and
//    standardised composition, crystal-fingerprints.ts) of every sample that has both (invalid ones included, as
//    CDVAE) and every test structure. Recall: share of test structures whose nearest sample by structure
//    fingerprint is within the structure cut-off AND whose nearest sample by composition fingerprint is within the
//    composition cut-off (two independent nearest neighbours, as CDVAE). Precision: the number of samples whose
//    nearest test structures (each fingerprint separately) are within the cut-offs, divided by ALL samples (those
//    without a fingerprint count as not covering), as CDVAE does.
//  - csp: for each test row, k generated structures; the row matches when one of its structurally valid samples
//    matches the test structure with the CSP tolerances (ltol 0.3, stol 0.5, angle_tol 10, DiffCSP); its RMS is
//    the smallest normalised RMS displacement among its matches (DiffCSP's multi-sample rule); rmse is the mean
//    over matched rows; match_rate is matched rows / rows.
import { density, numElements } from '../crystal/composition';
import { CSP_TOLERANCES, DEFAULT_TOLERANCES, StructureMatcher, type MatcherTolerances, type Prepared } from '../crystal/matcher';
import { smactValid } from '../crystal/smact';
import type { Structure } from '../crystal/structure';
import { isStructurallyValid } from '../crystal/validity';
import { compositionFingerprint, structureFingerprint } from './crystal-fingerprints';
import { wasserstein1 } from './distribution';

/** A sample: a structure, or null where the generator's output could not be built into one (counts as invalid). */
export type Sample = Structure | null;

export interface Fingerprints {
  structure: Float64Array | null;
  composition: Float64Array | null;
}

export interface CoverageCutoffs {
  structure: number;
  composition: number;
}

export interface ValidityFlags {
  struct: boolean[];
  comp: boolean[];
  valid: boolean[];
}

export function validityFlags(samples: readonly Sample[]): ValidityFlags {
  const struct = samples.map((s) => s !== null && safe(() => isStructurallyValid(s), false));
  const comp = samples.map((s) => s !== null && safe(() => smactValid(s.species), false));
  return { struct, comp, valid: struct.map((v, i) => v && comp[i]) };
}

function safe<T>(f: () => T, dflt: T): T {
  try {
    return f();
  } catch {
    return dflt;
  }
}

const mean = (xs: readonly boolean[]) => (xs.length ? xs.filter(Boolean).length / xs.length : NaN);

export function fingerprints(s: Sample): Fingerprints {
  if (s === null) return { structure: null, composition: null };
  return { structure: safe(() => structureFingerprint(s), null), composition: compositionFingerprint(s.species) };
}

/** Matcher groups among the structures (pymatgen group_structures semantics, bucketed by formula and site count). */
export function uniqueness(valid: readonly (Structure | Prepared)[], tol: MatcherTolerances = DEFAULT_TOLERANCES): { uniqueness: number; groups: number[][] } {
  if (valid.length === 0) return { uniqueness: NaN, groups: [] };
  const groups = new StructureMatcher(tol).group(valid);
  return { uniqueness: groups.length / valid.length, groups };
}

/** Share of the structures that match none of the training structures. */
export function novelty(valid: readonly (Structure | Prepared)[], train: readonly (Structure | Prepared)[], tol: MatcherTolerances = DEFAULT_TOLERANCES): number {
  if (valid.length === 0) return NaN;
  const hits = new StructureMatcher(tol).findMatches(valid, train);
  return hits.filter((h) => h < 0).length / valid.length;
}

export function w1Density(valid: readonly Structure[], test: readonly Structure[]): number {
  return valid.length ? wasserstein1(valid.map(density), test.map(density)) : NaN;
}

export function w1NumElements(valid: readonly Structure[], test: readonly Structure[]): number {
  return valid.length ? wasserstein1(valid.map((s) => numElements(s.species)), test.map((s) => numElements(s.species))) : NaN;
}

export interface CoverageResult {
  cov_recall: number;
  cov_precision: number;
  /** Per test structure: distance to the nearest sample by structure / composition fingerprint. */
  recall_struct_dist: Float64Array;
  recall_comp_dist: Float64Array;
}

function sqDist(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) {
    const d = a[k] - b[k];
    s += d * d;
  }
  return s;
}

/**
 * CDVAE's compute_cov over precomputed fingerprints. `samples` are all generated structures' fingerprints (null
 * members count in the precision's denominator only); `refs` the test set's (those without a fingerprint are
 * dropped).
 */
export function coverage(samples: readonly Fingerprints[], refs: readonly Fingerprints[], cut: CoverageCutoffs): CoverageResult {
  const gen = samples.filter((f) => f.structure && f.composition) as { structure: Float64Array; composition: Float64Array }[];
  const ref = refs.filter((f) => f.structure && f.composition) as { structure: Float64Array; composition: Float64Array }[];
  const rs = new Float64Array(ref.length).fill(Infinity);
  const rc = new Float64Array(ref.length).fill(Infinity);
  let precise = 0;
  for (const g of gen) {
    let ps = Infinity;
    let pc = Infinity;
    for (let j = 0; j < ref.length; j++) {
      const ds = sqDist(g.structure, ref[j].structure);
      const dc = sqDist(g.composition, ref[j].composition);
      if (ds < ps) ps = ds;
      if (dc < pc) pc = dc;
      if (ds < rs[j]) rs[j] = ds;
      if (dc < rc[j]) rc[j] = dc;
    }
    if (Math.sqrt(ps) <= cut.structure && Math.sqrt(pc) <= cut.composition) precise++;
  }
  let recalled = 0;
  for (let j = 0; j < ref.length; j++) {
    rs[j] = Math.sqrt(rs[j]);
    rc[j] = Math.sqrt(rc[j]);
    if (rs[j] <= cut.structure && rc[j] <= cut.composition) recalled++;
  }
  return {
    cov_recall: ref.length ? recalled / ref.length : NaN,
    cov_precision: samples.length ? precise / samples.length : NaN,
    recall_struct_dist: rs,
    recall_comp_dist: rc,
  };
}

export interface CspResult {
  match_rate: number;
  rmse: number | null;
  /** Test rows evaluated, and samples per row (the largest k seen). */
  rows: number;
  k: number;
}

/**
 * Structure prediction: `generated[r]` are the k samples made for test row r's composition, `test[r]` its true
 * structure. Only structurally valid samples are compared.
 */
export function cspMatch(generated: readonly (readonly Sample[])[], test: readonly Structure[], tol: MatcherTolerances = CSP_TOLERANCES): CspResult {
  if (generated.length !== test.length) throw new Error(`csp: ${generated.length} sample rows for ${test.length} test structures`);
  const m = new StructureMatcher(tol);
  let matched = 0;
  let rmsSum = 0;
  let k = 0;
  for (let r = 0; r < test.length; r++) {
    k = Math.max(k, generated[r].length);
    let best = Infinity;
    const ref = m.prepare(test[r]);
    for (const s of generated[r]) {
      if (s === null || !safe(() => isStructurallyValid(s), false)) continue;
      const d = safe(() => m.rmsDist(s, ref), null);
      if (d && d.rms < best) best = d.rms;
    }
    if (best < Infinity) {
      matched++;
      rmsSum += best;
    }
  }
  return { match_rate: test.length ? matched / test.length : NaN, rmse: matched ? rmsSum / matched : null, rows: test.length, k };
}

export interface GenerationMetrics {
  struct_validity: number;
  comp_validity: number;
  validity: number;
  uniqueness: number;
  novelty: number | null;
  w1_density: number;
  w1_nelements: number;
  cov_recall: number;
  cov_precision: number;
  n_samples: number;
  n_valid: number;
}

export interface Reference {
  test: readonly Structure[];
  /** Fingerprints of the test structures (compute once with `fingerprints`). */
  testFingerprints: readonly Fingerprints[];
  /** Training structures for novelty, prepared once for the matcher; empty skips novelty (null). */
  train: readonly (Structure | Prepared)[];
  cutoffs: CoverageCutoffs;
}

/** Every de novo metric of a set of samples against a reference. */
export function generationMetrics(samples: readonly Sample[], ref: Reference): GenerationMetrics {
  const flags = validityFlags(samples);
  const valid = samples.filter((_, i) => flags.valid[i]) as Structure[];
  const cov = coverage(samples.map(fingerprints), ref.testFingerprints, ref.cutoffs);
  return {
    struct_validity: mean(flags.struct),
    comp_validity: mean(flags.comp),
    validity: mean(flags.valid),
    uniqueness: uniqueness(valid).uniqueness,
    novelty: ref.train.length ? novelty(valid, ref.train) : null,
    w1_density: w1Density(valid, ref.test),
    w1_nelements: w1NumElements(valid, ref.test),
    cov_recall: cov.cov_recall,
    cov_precision: cov.cov_precision,
    n_samples: samples.length,
    n_valid: valid.length,
  };
}
