import { describe, expect, it } from 'vitest';
import { structuralValidity } from '../../../../src/domain/crystal/validity';
import { readCif } from '../../../../src/domain/crystal/cif';
import type { Mat3, Vec3 } from '../../../../src/domain/crystal/lattice';
import { fixture } from './fixture';

const cube = (a: number): Mat3 => [
  [a, 0, 0],
  [0, a, 0],
  [0, 0, a],
];

describe('structural validity (CDVAE)', () => {
  it('every fixture crystal is valid', () => {
    for (const { id, cif } of fixture.structures) expect(structuralValidity(readCif(cif)).valid, id).toBe(true);
  });

  it('two atoms closer than 0.5 Å through the periodic boundary are invalid', () => {
    const s = { lattice: cube(4), species: ['C', 'C'], frac: [[0.01, 0, 0], [0.95, 0, 0]] as Vec3[] };
    const v = structuralValidity(s);
    expect(v.minDistance).toBeCloseTo(0.24, 10);
    expect(v.valid).toBe(false);
  });

  it('a tiny cell is invalid on volume', () => {
    expect(structuralValidity({ lattice: cube(0.4), species: ['C'], frac: [[0, 0, 0]] }).valid).toBe(false);
  });

  it('one atom in a normal cell is valid (images of a site are not checked, as in CDVAE)', () => {
    expect(structuralValidity({ lattice: cube(3), species: ['Po'], frac: [[0, 0, 0]] }).valid).toBe(true);
  });
});
