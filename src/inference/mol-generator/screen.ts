// Screening the prior's latents before decoding (settings.screen): the latent property head
// (models/mol_zinc/latent_props.py) gives each latent a Gaussian over the properties of its decode, and the
// latents most likely to land inside every target box are the ones decoded. Pure functions; generate.ts runs
// the model.
import type { Target } from '../../contract/generator';

/** log P(lo <= x <= hi) for x ~ N(mean, sd²), accurate in the tails (where plain differences of Φ round to 0). */
export function logBoxProbability(mean: number, sd: number, lo: number, hi: number): number {
  if (!(sd > 0)) return mean >= lo && mean <= hi ? 0 : -Infinity;
  const a = (lo - mean) / sd;
  const b = (hi - mean) / sd;
  // Both ends on the upper side: Q(a) - Q(b) with Q the upper tail; otherwise Φ(b) - Φ(a) mirrored the same way.
  const p = a > 0 ? upperTail(a) - upperTail(b) : upperTail(-b) - upperTail(-a);
  return Math.log(Math.max(p, Number.MIN_VALUE));
}

/** Q(x) = P(N(0,1) > x) = erfc(x / √2) / 2. */
export function upperTail(x: number): number {
  return 0.5 * erfc(x / Math.SQRT2);
}

/**
 * erfc with relative error below 1.2e-7 everywhere (a Chebyshev fit, Press et al., Numerical Recipes §6.2),
 * so far tails keep their order instead of all rounding to 0.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -z * z - 1.26551223 +
    t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const r = t * Math.exp(poly);
  return x >= 0 ? r : 2 - r;
}

/**
 * Score of each of n latents: the log-probability that its decode lies in every target box, from the head's
 * means and sds [n, P] in `props` order.
 */
export function screenScores(mean: Float32Array, sd: Float32Array, props: readonly string[], targets: readonly Target[]): Float64Array {
  const P = props.length;
  const n = mean.length / P;
  const cols = targets.map((t) => {
    const j = props.indexOf(t.key);
    if (j < 0) throw new Error(`the latent property head has no "${t.key}" (it has ${props.join(', ')})`);
    return j;
  });
  const score = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    targets.forEach((t, k) => (s += logBoxProbability(mean[i * P + cols[k]], sd[i * P + cols[k]], t.min, t.max)));
    score[i] = s;
  }
  return score;
}

/** Indices of the `keep` highest scores, in ascending index order (ties go to the earlier index). */
export function topIndices(score: ArrayLike<number>, keep: number): Int32Array {
  const order = Array.from({ length: score.length }, (_, i) => i);
  order.sort((i, j) => score[j] - score[i] || i - j);
  return Int32Array.from(order.slice(0, keep)).sort();
}
