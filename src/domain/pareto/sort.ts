// Non-dominated sorting (all objectives minimised). p dominates q when p ≤ q in every objective and p ≠ q;
// rank 1 is the Pareto front, rank k+1 the front of what is left once ranks 1..k are removed. Equal points
// get equal ranks (neither dominates the other).
//
// Deb's fast non-dominated sort compares every pair, O(n² d): about 10¹⁰ comparisons for 100k candidates.
// Instead every path below starts from one lexicographic sort, after which no point can be dominated by
// one that comes later, so each point's rank is known when it is reached (the ENS idea, Zhang et al.,
// "An efficient approach to non-dominated sorting", IEEE TEVC 19(2), 2015):
//   d = 2  O(n log n): the fronts' smallest second coordinates form a sorted array; binary search in it.
//   d = 3  O(n log² n) typical: binary search over fronts; each front keeps the 2D staircase of its
//          members' (y, z), queried by binary search. Inserting into the staircase moves array elements,
//          so a degenerate input whose staircases hold O(n) points costs up to O(n²) element moves.
//   d ≥ 4 or 1  ENS-BS: binary search over fronts, linear scan of a front's members: O(n log n) to O(n² d).
//          Fronts grow quickly with d: 100k uniform random points took ~13 s in 4D (20k: 0.4 s), against
//          ~0.1 s in 2D and 3D, on a busy laptop core. Rank large many-objective sets in a worker.
// Points must not contain NaN (objectiveValues keeps non-finite values out).

/** Rank of every point (1 = non-dominated). */
export function paretoRanks(points: readonly (readonly number[])[]): Int32Array {
  const n = points.length;
  const ranks = new Int32Array(n);
  if (n === 0) return ranks;
  const d = points[0].length;
  if (d === 0) return ranks.fill(1);
  // One flat copy: the sort comparator and the scans read it far faster than nested arrays.
  const c = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const p = points[i];
    if (p.length !== d) throw new Error(`paretoRanks: points have ${d} and ${p.length} objectives`);
    for (let j = 0; j < d; j++) c[i * d + j] = p[j];
  }
  const order = lexOrder(c, n, d);
  if (d === 2) ranks2(c, order, ranks);
  else if (d === 3) ranks3(c, order, ranks);
  else ranksGeneral(c, order, ranks, d);
  return ranks;
}

/** Indices sorted lexicographically: any point that dominates another comes before it. */
function lexOrder(c: Float64Array, n: number, d: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  return order.sort((a, b) => {
    for (let j = 0; j < d; j++) {
      const u = c[a * d + j], v = c[b * d + j];
      if (u !== v) return u < v ? -1 : 1;
    }
    return a - b;
  });
}

function same(c: Float64Array, a: number, b: number, d: number): boolean {
  for (let j = 0; j < d; j++) if (c[a * d + j] !== c[b * d + j]) return false;
  return true;
}

// Every earlier point p has p.x ≤ q.x, so (duplicates aside) p dominates q exactly when p.y ≤ q.y. front
// k's smallest y so far, minY[k], never decreases with k, and q joins the first front with minY > q.y.
function ranks2(c: Float64Array, order: readonly number[], ranks: Int32Array): void {
  const minY: number[] = [];
  for (let t = 0; t < order.length; t++) {
    const i = order[t];
    if (t > 0 && same(c, i, order[t - 1], 2)) {
      ranks[i] = ranks[order[t - 1]];
      continue;
    }
    const y = c[2 * i + 1];
    let lo = 0, hi = minY.length; // first k with minY[k] > y
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (minY[mid] > y) hi = mid;
      else lo = mid + 1;
    }
    minY[lo] = y; // lo may equal minY.length: a new front
    ranks[i] = lo + 1;
  }
}

// A front is "dominating q" when one of its earlier members is ≤ q in (y, z) (x is settled by the order).
// If front k dominates q so does front k−1 (whatever dominates a rank-k member dominates q), which is what
// makes binary search over fronts valid. Per front only the 2D-minimal (y, z) pairs matter; they form a
// staircase with y increasing and z decreasing.
function ranks3(c: Float64Array, order: readonly number[], ranks: Int32Array): void {
  const fronts: Staircase[] = [];
  for (let t = 0; t < order.length; t++) {
    const i = order[t];
    if (t > 0 && same(c, i, order[t - 1], 3)) {
      ranks[i] = ranks[order[t - 1]];
      continue;
    }
    const y = c[3 * i + 1], z = c[3 * i + 2];
    let lo = 0, hi = fronts.length; // first front that does not dominate (y, z)
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (fronts[mid].dominates(y, z)) lo = mid + 1;
      else hi = mid;
    }
    if (lo === fronts.length) fronts.push(new Staircase());
    fronts[lo].insert(y, z);
    ranks[i] = lo + 1;
  }
}
/** 2D-minimal points, y strictly increasing and z strictly decreasing. */
class Staircase {
  ys: number[] = [];
  zs: number[] = [];

  /** Index of the first step with y ≥ v. */
  private lowerBound(v: number): number {
    let lo = 0, hi = this.ys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ys[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Some step is ≤ (y, z); the step with the largest y ≤ y has the smallest z of all candidates. */
  dominates(y: number, z: number): boolean {
    let k = this.lowerBound(y);
    if (k < this.ys.length && this.ys[k] === y) return this.zs[k] <= z;
    k -= 1;
    return k >= 0 && this.zs[k] <= z;
  }

  /** Adds a point the staircase does not dominate, dropping the steps it weakly dominates. */
  insert(y: number, z: number): void {
    const k = this.lowerBound(y);
    let end = k;
    while (end < this.ys.length && this.zs[end] >= z) end++;
    this.ys.splice(k, end - k, y);
    this.zs.splice(k, end - k, z);
  }
}

function ranksGeneral(c: Float64Array, order: readonly number[], ranks: Int32Array, d: number): void {
  const fronts: number[][] = [];
  const dominatedBy = (front: number[], q: number): boolean => {
    // Newest members first: they are nearest to q in the sort order, so a dominator tends to turn up early.
    // Coordinate 0 is settled by the order.
    for (let m = front.length - 1; m >= 0; m--) {
      const p = front[m];
      let j = 1;
      while (j < d && c[p * d + j] <= c[q * d + j]) j++;
      if (j === d) return true; // duplicates were handled before, so p ≠ q
    }
    return false;
  };
  for (let t = 0; t < order.length; t++) {
    const i = order[t];
    if (t > 0 && same(c, i, order[t - 1], d)) {
      ranks[i] = ranks[order[t - 1]];
      continue;
    }
    let lo = 0, hi = fronts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (dominatedBy(fronts[mid], i)) lo = mid + 1;
      else hi = mid;
    }
    if (lo === fronts.length) fronts.push([]);
    fronts[lo].push(i);
    ranks[i] = lo + 1;
  }
}

/**
 * NSGA-II crowding distance of the points `indices` (normally one front): for each objective, the gap between
 * a point's two neighbours divided by the objective's range, summed. The extremes of each objective get
 * Infinity so that selection keeps them. Returned in the order of `indices`.
 */
export function crowdingDistance(points: readonly (readonly number[])[], indices: readonly number[]): Float64Array {
  const m = indices.length;
  const dist = new Float64Array(m);
  if (m === 0) return dist;
  if (m <= 2) return dist.fill(Infinity);
  const d = points[indices[0]].length;
  const byObj = Array.from({ length: m }, (_, k) => k);
  for (let j = 0; j < d; j++) {
    byObj.sort((a, b) => points[indices[a]][j] - points[indices[b]][j]);
    const lo = points[indices[byObj[0]]][j], hi = points[indices[byObj[m - 1]]][j];
    dist[byObj[0]] = dist[byObj[m - 1]] = Infinity;
    if (hi === lo) continue; // every point equal here: this objective separates nothing
    for (let k = 1; k < m - 1; k++) {
      dist[byObj[k]] += (points[indices[byObj[k + 1]]][j] - points[indices[byObj[k - 1]]][j]) / (hi - lo);
    }
  }
  return dist;
}
