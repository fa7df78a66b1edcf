// Our crystal fingerprints (src/domain/metrics/crystal-fingerprints.ts): the invariances a coverage fingerprint
// needs, agreement with the Python that made the element table, and that they separate what should be separated.
import { describe, expect, it } from 'vitest';
import {
  COMPOSITION_FP_CHECKS,
  COMPOSITION_FP_DIM,
  STRUCTURE_FP_DIM,
  compositionFingerprint,
  euclidean,
  rawCompositionFingerprint,
  structureFingerprint,
} from '../../../../src/domain/metrics/crystal-fingerprints';
import { makeStructure, type Structure } from '../../../../src/domain/crystal/structure';
import { matMul, type Mat3, type Vec3 } from '../../../../src/domain/crystal/lattice';

const cubic = (a: number): Mat3 => [
  [a, 0, 0],
  [0, a, 0],
  [0, 0, a],
];
const perovskite = (A: string, B: string, a: number): Structure =>
  makeStructure(cubic(a), [A, B, 'O', 'O', 'O'], [
    [0, 0, 0],
    [0.5, 0.5, 0.5],
    [0.5, 0.5, 0],
    [0.5, 0, 0.5],
    [0, 0.5, 0.5],
  ]);
const SrTiO3 = perovskite('Sr', 'Ti', 3.905);
const BaTiO3 = perovskite('Ba', 'Ti', 4.0);
// diamond in its conventional cell
const diamond = makeStructure(
  cubic(3.567),
  Array(8).fill('C'),
  [
    [0, 0, 0],
    [0, 0.5, 0.5],
    [0.5, 0, 0.5],
    [0.5, 0.5, 0],
    [0.25, 0.25, 0.25],
    [0.25, 0.75, 0.75],
    [0.75, 0.25, 0.75],
    [0.75, 0.75, 0.25],
  ],
);
// a distorted, low-symmetry cell so that invariances are not helped by symmetry
const skewed = makeStructure(
  [
    [4.1, 0.2, 0.1],
    [0.5, 3.8, -0.3],
    [0.3, 0.7, 4.4],
  ],
  ['Ca', 'Zr', 'S', 'S', 'S'],
  [
    [0.02, 0.01, 0.03],
    [0.47, 0.52, 0.49],
    [0.51, 0.46, 0.04],
    [0.55, 0.02, 0.47],
    [0.03, 0.49, 0.56],
  ],
);

function supercell(s: Structure, [na, nb, nc]: [number, number, number]): Structure {
  const species: string[] = [];
  const frac: Vec3[] = [];
  for (let i = 0; i < na; i++)
    for (let j = 0; j < nb; j++)
      for (let k = 0; k < nc; k++)
        s.frac.forEach((f, n) => {
          species.push(s.species[n]);
          frac.push([(f[0] + i) / na, (f[1] + j) / nb, (f[2] + k) / nc]);
        });
  const lat = s.lattice.map((r, i) => r.map((x) => x * [na, nb, nc][i])) as Mat3;
  return makeStructure(lat, species, frac);
}

/** The same crystal in another basis: lattice' = T·lattice with T unimodular, frac' = frac·T⁻¹. */
function rebase(s: Structure, t: Mat3, tInv: Mat3): Structure {
  return makeStructure(
    matMul(t, s.lattice),
    s.species,
    s.frac.map((f) => [0, 1, 2].map((k) => f[0] * tInv[0][k] + f[1] * tInv[1][k] + f[2] * tInv[2][k]) as Vec3),
  );
}

const close = (a: Float64Array | null, b: Float64Array | null, tol = 1e-9) => {
  expect(a).not.toBeNull();
  expect(b).not.toBeNull();
  expect(euclidean(a!, b!)).toBeLessThan(tol);
};

describe('structure fingerprint', () => {
  it('has its documented size', () => {
    expect(structureFingerprint(SrTiO3)!.length).toBe(STRUCTURE_FP_DIM);
  });

  it('is invariant to supercells, permutations, translations and the choice of cell', () => {
    for (const s of [SrTiO3, skewed, diamond]) {
      const fp = structureFingerprint(s);
      close(structureFingerprint(supercell(s, [2, 1, 3])), fp, 1e-8);
      const order = s.species.map((_, i) => i).reverse();
      close(structureFingerprint(makeStructure(s.lattice, order.map((i) => s.species[i]), order.map((i) => s.frac[i]))), fp);
      close(structureFingerprint(makeStructure(s.lattice, s.species, s.frac.map((f) => [f[0] + 0.37, f[1] - 0.21, f[2] + 0.9] as Vec3))), fp, 1e-8);
      const t: Mat3 = [
        [1, 1, 0],
        [0, 1, 0],
        [2, -1, 1],
      ];
      const tInv: Mat3 = [
        [1, -1, 0],
        [0, 1, 0],
        [-2, 3, 1],
      ];
      close(structureFingerprint(rebase(s, t, tInv)), fp, 1e-8);
    }
  });

  it('puts SrTiO3 and BaTiO3 closer to each other than either to diamond', () => {
    const [a, b, c] = [SrTiO3, BaTiO3, diamond].map((s) => structureFingerprint(s)!);
    const ab = euclidean(a, b);
    expect(ab).toBeLessThan(euclidean(a, c));
    expect(ab).toBeLessThan(euclidean(b, c));
  });

  it('has none for a collapsed cell, instead of enumerating millions of images', () => {
    const flat = makeStructure(
      [
        [5, 0, 0],
        [0, 5, 0],
        [0, 0, 0.001],
      ],
      ['C', 'C'],
      [
        [0, 0, 0],
        [0.5, 0.5, 0.5],
      ],
    );
    expect(structureFingerprint(flat)).toBeNull();
  });
});

describe('composition fingerprint', () => {
  it('agrees with the Python that wrote the element table (scripts/make_element_features.py)', () => {
    const species: Record<string, string[]> = {
      SrTiO3: ['Sr', 'Ti', 'O', 'O', 'O'],
      C: Array(8).fill('C'),
      Fe2O3: ['Fe', 'Fe', 'Fe', 'Fe', 'O', 'O', 'O', 'O', 'O', 'O'],
    };
    for (const [name, py] of Object.entries(COMPOSITION_FP_CHECKS)) {
      const ts = rawCompositionFingerprint(species[name])!;
      expect(ts.length).toBe(COMPOSITION_FP_DIM);
      for (let k = 0; k < ts.length; k++) expect(ts[k]).toBeCloseTo(py[k], 9);
    }
  });

  it('depends on the composition only (supercells and order do not change it)', () => {
    close(compositionFingerprint(SrTiO3.species), compositionFingerprint(supercell(SrTiO3, [2, 2, 1]).species));
    close(compositionFingerprint(['O', 'Ti', 'O', 'Sr', 'O']), compositionFingerprint(SrTiO3.species));
  });

  it('puts SrTiO3 closer to BaTiO3 than to carbon, and has none beyond Z = 94', () => {
    const [a, b, c] = [SrTiO3, BaTiO3, diamond].map((s) => compositionFingerprint(s.species)!);
    expect(euclidean(a, b)).toBeLessThan(euclidean(a, c));
    expect(compositionFingerprint(['Am', 'O', 'O'])).toBeNull();
  });
});
