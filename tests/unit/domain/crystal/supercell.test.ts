import { describe, expect, it } from 'vitest';
import { supercell } from '../../../../src/domain/crystal/supercell';
import { density } from '../../../../src/domain/crystal/composition';
import { minInteratomicDistance } from '../../../../src/domain/crystal/distance';
import { volume, type Vec3 } from '../../../../src/domain/crystal/lattice';
import { readCif } from '../../../../src/domain/crystal/cif';
import { MAX_SITES, type Structure } from '../../../../src/domain/crystal/structure';
import { fixture } from './fixture';
import { NACL, SRTIO3 } from './cells';

const sizes: [number, number, number][] = [
  [1, 1, 1],
  [2, 2, 2],
  [3, 1, 2],
  [1, 4, 1],
];

function checkInvariants(s: Structure, n: [number, number, number], label: string) {
  const big = supercell(s, n);
  const k = n[0] * n[1] * n[2];
  expect(big.species.length, label).toBe(s.species.length * k);
  expect(big.frac.length, label).toBe(s.species.length * k);
  expect(volume(big.lattice) / volume(s.lattice), label).toBeCloseTo(k, 9);
  expect(density(big), label).toBeCloseTo(density(s), 9);
  expect(minInteratomicDistance(big), label).toBeCloseTo(minInteratomicDistance(s), 9);
  for (const f of big.frac) for (const x of f) expect(x >= 0 && x < 1, label).toBe(true);
}

describe('supercell', () => {
  it('keeps density and the shortest distance, and scales atoms and volume, for textbook cells', () => {
    for (const n of sizes) {
      checkInvariants(SRTIO3, n, `SrTiO3 ${n}`);
      checkInvariants(NACL, n, `NaCl ${n}`);
    }
  });

  it('does the same for skewed fixture cells (minimum image is not the wrapped difference there)', () => {
    for (const { id, cif } of fixture.structures.slice(0, 6)) checkInvariants(readCif(cif), [2, 1, 2], id);
  });

  it('scales each lattice row by its own factor and repeats the species list per translation', () => {
    const big = supercell(SRTIO3, [2, 1, 3]);
    expect(big.lattice[0][0]).toBeCloseTo(7.81, 12);
    expect(big.lattice[1][1]).toBeCloseTo(3.905, 12);
    expect(big.lattice[2][2]).toBeCloseTo(11.715, 12);
    expect(big.species.slice(0, 5)).toEqual(SRTIO3.species);
    expect(big.species.slice(5, 10)).toEqual(SRTIO3.species);
    // The second copy is the translation (0, 0, 1): Ti at (½, ½, ½) goes to (¼, ½, (½ + 1)/3).
    const ti = big.frac[6] as Vec3;
    expect(ti[0]).toBeCloseTo(0.25, 12);
    expect(ti[1]).toBeCloseTo(0.5, 12);
    expect(ti[2]).toBeCloseTo(0.5, 12);
  });

  it('rejects factors that are not positive integers, and results above MAX_SITES', () => {
    expect(() => supercell(SRTIO3, [0, 1, 1])).toThrow(/positive integers/);
    expect(() => supercell(SRTIO3, [1.5, 1, 1])).toThrow(/positive integers/);
    expect(() => supercell(SRTIO3, [-2, 1, 1])).toThrow(/positive integers/);
    expect(() => supercell(SRTIO3, [10, 10, 10])).toThrow(new RegExp(`limit is ${MAX_SITES}`));
  });

  it('does not change its input', () => {
    const copy = structuredClone(SRTIO3);
    supercell(SRTIO3, [2, 2, 2]);
    expect(SRTIO3).toEqual(copy);
  });
});
