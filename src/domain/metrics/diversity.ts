// Internal diversity and nearest-neighbour similarity over Morgan fingerprints (MOSES IntDiv_p and SNN).
//
// Definition followed (checked against molecularsets/moses, moses/metrics/metrics.py internal_diversity and
// moses/metrics/utils.py average_agg_tanimoto): the mean runs over all |G|² ordered pairs (i, j) of the set,
// including i = j (each contributes T = 1) and duplicates; T of two empty fingerprints is 1.
//   intDiv1 = 1 − mean_{i,j} T(i, j)                                   (paper and code agree)
//   intDiv2 = 1 − (mean_{i,j} T(i, j)²)^(1/2)                          (MOSES paper, docs/evaluation.md)
//   intDiv2PerMolecule = 1 − mean_i (mean_j T(i, j)²)^(1/2)            (what the MOSES code computes: the
//                        root is taken per molecule before the mean; by Jensen it is ≥ intDiv2)
// MOSES uses every molecule; we use a seeded random subsample of at most maxN when there are more.
import { Rng } from '../random';
import { FingerprintSet, FP_BITS, FP_WORDS, onBitsInto, postingStarts, tanimotoFromCounts } from './fingerprints';

/** Largest set IntDiv uses as is; bigger sets are subsampled (docs/evaluation.md: a random 5,000 is enough). */
export const INTDIV_MAX_N = 5000;
/** Default subsample seed, so the same samples give the same number. */
export const INTDIV_SEED = 1811;

export interface IntDivOptions {
  /** Subsample to at most this many molecules (default INTDIV_MAX_N). */
  maxN?: number;
  /** Seed of the subsample (default INTDIV_SEED). */
  seed?: number;
}

export interface IntDiv {
  intDiv1: number;
  intDiv2: number;
  /** IntDiv2 as the MOSES code computes it (p-th root per molecule, then the mean). */
  intDiv2PerMolecule: number;
  /** Molecules the value was computed over (after subsampling). */
  n: number;
}

/** IntDiv1 and IntDiv2 of a fingerprint set in one pass over its pairs; NaN for an empty set. */
export function internalDiversity(fps: FingerprintSet, options: IntDivOptions = {}): IntDiv {
  const maxN = options.maxN ?? INTDIV_MAX_N;
  const set = fps.size > maxN ? fps.subset(sampleIndices(fps.size, maxN, options.seed ?? INTDIV_SEED)) : fps;
  const n = set.size;
  if (n === 0) return { intDiv1: Number.NaN, intDiv2: Number.NaN, intDiv2PerMolecule: Number.NaN, n: 0 };
  const { words, counts } = set;
  // Diagonal terms: T(i, i) = 1 for every molecule (also for an empty fingerprint, 0/0 = 1).
  let sum = n;
  let sumSq = n;
  const rowSq = new Float64Array(n).fill(1);
  // An inverted index filled as i advances holds the members j < i per bit: walking the lists of i's bits
  // counts |i ∧ j| for every earlier j at once, and each unordered pair is visited once.
  const starts = postingStarts(set);
  const fill = starts.slice(0, FP_BITS);
  const members = new Int32Array(starts[FP_BITS]);
  const both = new Uint16Array(n);
  const bits = new Int32Array(FP_BITS);
  for (let i = 0; i < n; i++) {
    const nb = onBitsInto(words, i * FP_WORDS, bits);
    for (let k = 0; k < nb; k++) {
      const b = bits[k];
      for (let p = starts[b], end = fill[b]; p < end; p++) both[members[p]]++;
    }
    const ci = counts[i];
    for (let j = 0; j < i; j++) {
      const t = tanimotoFromCounts(both[j], ci, counts[j]);
      both[j] = 0;
      const t2 = t * t;
      sum += 2 * t; // (i, j) and (j, i)
      sumSq += 2 * t2;
      rowSq[i] += t2;
      rowSq[j] += t2;
    }
    for (let k = 0; k < nb; k++) members[fill[bits[k]]++] = i;
  }
  const pairs = n * n;
  let rootMean = 0;
  for (let i = 0; i < n; i++) rootMean += Math.sqrt(rowSq[i] / n);
  return {
    intDiv1: 1 - sum / pairs,
    intDiv2: 1 - Math.sqrt(sumSq / pairs),
    intDiv2PerMolecule: 1 - rootMean / n,
    n,
  };
}

/** SNN: mean over samples of the highest Tanimoto to any reference fingerprint; NaN when either set is empty. */
export function snn(samples: FingerprintSet, reference: FingerprintSet): number {
  if (samples.size === 0 || reference.size === 0) return Number.NaN;
  const best = reference.maxSimilarities(samples);
  let total = 0;
  for (let i = 0; i < best.length; i++) total += best[i];
  return total / best.length;
}

/** k distinct indices from 0..n−1 drawn uniformly with a seeded partial Fisher–Yates shuffle, ascending. */
export function sampleIndices(n: number, k: number, seed: number): Int32Array {
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`cannot draw ${k} indices`);
  if (k >= n) return Int32Array.from({ length: n }, (_, i) => i);
  const rng = new Rng(seed);
  const pool = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng.next() * (n - i));
    const t = pool[i];
    pool[i] = pool[j];
    pool[j] = t;
  }
  return pool.slice(0, k).sort();
}
