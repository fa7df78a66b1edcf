// Hypervolume: the measure of the region that a set of points (minimised) dominates and that the reference
// point bounds, i.e. the union of the boxes [p, ref]. It grows when the front improves in any objective, so
// one number compares two sets with the same reference. Exact, for 2 and 3 objectives.
//
// Only points strictly better than the reference in every objective count: a point on or beyond the
// reference in some objective spans a box of zero (or negative) size. Dominated points may be passed in;
// they add nothing.

/** Exact hypervolume for 2 or 3 objectives; 0 when no point strictly dominates the reference. */
export function hypervolume(points: readonly (readonly number[])[], reference: readonly number[]): number {
  const d = reference.length;
  if (d !== 2 && d !== 3) throw new Error(`hypervolume: ${d} objectives; only 2 and 3 are supported`);
  const inside = points.filter((p) => {
    if (p.length !== d) throw new Error(`hypervolume: a point has ${p.length} objectives, the reference ${d}`);
    return p.every((v, j) => v < reference[j]);
  });
  return d === 2 ? hv2(inside, reference) : hv3(inside, reference);
}

// Sweep in x: each point whose y beats every y seen so far adds the strip [x, rx] × [y, best y so far].
// O(n log n).
function hv2(points: readonly (readonly number[])[], ref: readonly number[]): number {
  const sorted = [...points].sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  let area = 0, bestY = ref[1];
  for (const p of sorted) {
    if (p[1] < bestY) {
      area += (ref[0] - p[0]) * (bestY - p[1]);
      bestY = p[1];
    }
  }
  return area;
}

// Sweep in z: between consecutive z values the cross-section is the 2D hypervolume, in (x, y), of the points
// seen so far. That set is kept as a staircase (x increasing, y decreasing) whose area is recomputed after
// each insertion: O(n · s), s the staircase length, so O(n²) at worst; fine for fronts of a few thousand.
function hv3(points: readonly (readonly number[])[], ref: readonly number[]): number {
  const sorted = [...points].sort((p, q) => p[2] - q[2]);
  const xs: number[] = [], ys: number[] = [];
  let volume = 0, area = 0;
  for (let i = 0; i < sorted.length; i++) {
    const [x, y, z] = sorted[i];
    if (insertStep(xs, ys, x, y)) area = staircaseArea(xs, ys, ref);
    const nextZ = i + 1 < sorted.length ? sorted[i + 1][2] : ref[2];
    volume += area * (nextZ - z);
  }
  return volume;
}

/** Adds (x, y) to the staircase unless a step already weakly dominates it; true when the staircase changed. */
function insertStep(xs: number[], ys: number[], x: number, y: number): boolean {
  let lo = 0, hi = xs.length; // first step with xs ≥ x
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  // The step with the largest x ≤ x has the smallest y among them: if it is ≤ y, (x, y) adds nothing.
  if (lo < xs.length && xs[lo] === x && ys[lo] <= y) return false;
  if (lo > 0 && ys[lo - 1] <= y) return false;
  let end = lo;
  while (end < xs.length && ys[end] >= y) end++;
  xs.splice(lo, end - lo, x);
  ys.splice(lo, end - lo, y);
  return true;
}

function staircaseArea(xs: readonly number[], ys: readonly number[], ref: readonly number[]): number {
  let area = 0;
  for (let k = 0; k < xs.length; k++) {
    const nextX = k + 1 < xs.length ? xs[k + 1] : ref[0];
    area += (nextX - xs[k]) * (ref[1] - ys[k]);
  }
  return area;
}

/**
 * A reference point for sets with no agreed one: per objective, the worst (largest) value plus 10 % of the
 * range, so that the extreme points of the front still span boxes of non-zero size and count. When the
 * range is zero (one point, or all equal in that objective) the margin is 10 % of |worst|, or 1 if that is
 * 0 too. The value depends on the set, so hypervolumes are only comparable under the same reference: store
 * the reference with the number.
 */
export function defaultReference(points: readonly (readonly number[])[]): number[] {
  if (points.length === 0) throw new Error('defaultReference: no points');
  const d = points[0].length;
  const ref: number[] = [];
  for (let j = 0; j < d; j++) {
    let lo = Infinity, hi = -Infinity;
    for (const p of points) {
      if (p[j] < lo) lo = p[j];
      if (p[j] > hi) hi = p[j];
    }
    const margin = hi > lo ? 0.1 * (hi - lo) : Math.abs(hi) > 0 ? 0.1 * Math.abs(hi) : 1;
    ref.push(hi + margin);
  }
  return ref;
}
