import { describe, expect, it } from 'vitest';
import {
  cartToFrac,
  fracToCart,
  latticeFromParams,
  latticeParams,
  lllReduce,
  matMul,
  norm,
  vecMat,
  volume,
  type Mat3,
  type Vec3,
} from '../../../../src/domain/crystal/lattice';
import { PeriodicDistances, distanceMatrix } from '../../../../src/domain/crystal/distance';
import { niggliReduce } from '../../../../src/domain/crystal/niggli';

const skewed: Mat3 = [
  [3, 0, 0],
  [2.7, 1.2, 0],
  [-2.2, 1.9, 2.5],
];

describe('lattice', () => {
  it('parameters round-trip through a matrix', () => {
    const p = { a: 4.1, b: 5.2, c: 6.3, alpha: 80, beta: 100, gamma: 115 };
    const q = latticeParams(latticeFromParams(p));
    for (const k of Object.keys(p) as (keyof typeof p)[]) expect(q[k]).toBeCloseTo(p[k], 10);
  });

  it('volume of a cube and of a skewed cell', () => {
    expect(volume(latticeFromParams({ a: 2, b: 3, c: 4, alpha: 90, beta: 90, gamma: 90 }))).toBeCloseTo(24, 12);
    expect(volume(skewed)).toBeCloseTo(3 * 1.2 * 2.5, 12);
  });

  it('fractional ↔ Cartesian', () => {
    const f: Vec3 = [0.1, 0.7, 0.35];
    const back = cartToFrac(fracToCart(f, skewed), skewed);
    back.forEach((x, k) => expect(x).toBeCloseTo(f[k], 12));
  });

  it('rejects angles that cannot close a cell', () => {
    expect(() => latticeFromParams({ a: 1, b: 1, c: 1, alpha: 10, beta: 10, gamma: 120 })).toThrow(/do not form a cell/);
    expect(() => latticeFromParams({ a: NaN, b: 1, c: 1, alpha: 90, beta: 90, gamma: 90 })).toThrow(/Bad lattice parameter a/);
  });

  it('LLL and Niggli keep the lattice (unimodular transform) and shorten vectors', () => {
    for (const red of [lllReduce(skewed), niggliReduce(skewed)]) {
      expect(volume(red.lattice)).toBeCloseTo(volume(skewed), 10);
      const back = matMul(red.transform, skewed);
      back.forEach((r, i) => r.forEach((x, j) => expect(x).toBeCloseTo(red.lattice[i][j], 10)));
      expect(Math.max(...red.lattice.map(norm))).toBeLessThanOrEqual(Math.max(...skewed.map(norm)) + 1e-9);
    }
    const p = latticeParams(niggliReduce(skewed).lattice);
    expect(p.a).toBeLessThanOrEqual(p.b + 1e-9);
    expect(p.b).toBeLessThanOrEqual(p.c + 1e-9);
  });
});

describe('minimum-image distances', () => {
  // Brute force over a wide block of images: the reference for skewed cells.
  function brute(lat: Mat3, a: Vec3, b: Vec3): number {
    let best = Infinity;
    for (let i = -9; i <= 9; i++)
      for (let j = -9; j <= 9; j++)
        for (let k = -9; k <= 9; k++)
          best = Math.min(best, norm(vecMat([b[0] - a[0] + i, b[1] - a[1] + j, b[2] - a[2] + k], lat)));
    return best;
  }

  it('agree with brute force in a very skewed cell', () => {
    const lat: Mat3 = [
      [4, 0, 0],
      [3.6, 1.1, 0],
      [-2.9, 2.7, 1.4],
    ];
    let seed = 3;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const pts: Vec3[] = Array.from({ length: 12 }, () => [rnd(), rnd(), rnd()]);
    const pd = new PeriodicDistances(lat, pts);
    for (let i = 0; i < pts.length; i++)
      for (let j = 0; j < pts.length; j++) expect(pd.distance(i, j)).toBeCloseTo(brute(lat, pts[i], pts[j]), 9);
  });

  it('distance matrix is symmetric with a zero diagonal', () => {
    const m = distanceMatrix({ lattice: skewed, species: ['C', 'C', 'O'], frac: [[0, 0, 0], [0.5, 0.1, 0.9], [0.2, 0.8, 0.4]] });
    expect(m[0][0]).toBe(0);
    expect(m[1][2]).toBeCloseTo(m[2][1], 12);
  });
});
