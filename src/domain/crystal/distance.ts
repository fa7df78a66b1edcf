// Minimum-image distances under periodic boundary conditions, exact for any cell shape. Wrapping the fractional
// difference into [-½, ½) alone is wrong in skewed cells, so we LLL-reduce the lattice and then search every
// image that could be closer than the wrapped one (a bound from the reciprocal vectors keeps that search small).
import { lllReduce, norm, reciprocal, vecMat, type Mat3, type Vec3 } from './lattice';
import type { Structure } from './structure';

export class PeriodicDistances {
  private readonly lat: Mat3;
  private readonly recipNorm: Vec3;
  /** Fractional coordinates in the reduced basis. */
  private readonly f: Vec3[];

  constructor(lattice: Mat3, frac: readonly Vec3[]) {
    const { lattice: red, transform } = lllReduce(lattice);
    this.lat = red;
    const rec = reciprocal(red);
    this.recipNorm = [norm(rec[0]), norm(rec[1]), norm(rec[2])];
    // cart = f · L = f · T⁻¹ · red, so the reduced-basis coordinates are f · T⁻¹ (T is unimodular).
    const tInv = invertUnimodular(transform);
    this.f = frac.map((x) => vecMat(x, tInv));
  }

  /** Shortest Cartesian vector from site i to any image of site j (Å). */
  vector(i: number, j: number): Vec3 {
    return this.shortest(this.f[i], this.f[j]);
  }

  distance(i: number, j: number): number {
    return norm(this.vector(i, j));
  }

  /** Shortest vector between two fractional points given in the reduced basis. */
  private shortest(fi: Vec3, fj: Vec3): Vec3 {
    const d: Vec3 = [0, 0, 0];
    for (let k = 0; k < 3; k++) {
      const x = fj[k] - fi[k];
      d[k] = x - Math.round(x);
    }
    let best = vecMat(d, this.lat);
    let bestLen2 = best[0] ** 2 + best[1] ** 2 + best[2] ** 2;
    // Any closer image v = d + n satisfies |v_k| ≤ |v| |b*_k| ≤ |r0| |b*_k|.
    const r = Math.sqrt(bestLen2);
    const lo = [0, 0, 0];
    const hi = [0, 0, 0];
    for (let k = 0; k < 3; k++) {
      const R = r * this.recipNorm[k] + 1e-9;
      lo[k] = Math.ceil(-d[k] - R);
      hi[k] = Math.floor(-d[k] + R);
    }
    for (let a = lo[0]; a <= hi[0]; a++)
      for (let b = lo[1]; b <= hi[1]; b++)
        for (let c = lo[2]; c <= hi[2]; c++) {
          if (a === 0 && b === 0 && c === 0) continue;
          const v = vecMat([d[0] + a, d[1] + b, d[2] + c], this.lat);
          const l2 = v[0] ** 2 + v[1] ** 2 + v[2] ** 2;
          if (l2 < bestLen2) {
            bestLen2 = l2;
            best = v;
          }
        }
    return best;
  }
}

function invertUnimodular(t: Mat3): Mat3 {
  // Cofactor inverse; det is ±1 so the result is an exact integer matrix.
  const d = t[0][0] * (t[1][1] * t[2][2] - t[1][2] * t[2][1]) - t[0][1] * (t[1][0] * t[2][2] - t[1][2] * t[2][0]) +
    t[0][2] * (t[1][0] * t[2][1] - t[1][1] * t[2][0]);
  const m: Mat3 = [
    [t[1][1] * t[2][2] - t[1][2] * t[2][1], t[0][2] * t[2][1] - t[0][1] * t[2][2], t[0][1] * t[1][2] - t[0][2] * t[1][1]],
    [t[1][2] * t[2][0] - t[1][0] * t[2][2], t[0][0] * t[2][2] - t[0][2] * t[2][0], t[0][2] * t[1][0] - t[0][0] * t[1][2]],
    [t[1][0] * t[2][1] - t[1][1] * t[2][0], t[0][1] * t[2][0] - t[0][0] * t[2][1], t[0][0] * t[1][1] - t[0][1] * t[1][0]],
  ];
  return m.map((row) => row.map((x) => Math.round(x / d))) as Mat3;
}

/** Minimum-image distance between sites i and j of a structure (Å). Build a PeriodicDistances for many pairs. */
export function siteDistance(s: Structure, i: number, j: number): number {
  return new PeriodicDistances(s.lattice, s.frac).distance(i, j);
}

/** Full minimum-image distance matrix (diagonal 0). */
export function distanceMatrix(s: Structure): number[][] {
  const pd = new PeriodicDistances(s.lattice, s.frac);
  const n = s.species.length;
  const m = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const d = pd.distance(i, j);
      m[i][j] = d;
      m[j][i] = d;
    }
  return m;
}

/** Shortest distance between two different sites (Infinity for one site). */
export function minInteratomicDistance(s: Structure): number {
  const pd = new PeriodicDistances(s.lattice, s.frac);
  let best = Infinity;
  for (let i = 0; i < s.species.length; i++)
    for (let j = i + 1; j < s.species.length; j++) best = Math.min(best, pd.distance(i, j));
  return best;
}
