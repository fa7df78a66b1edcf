import { describe, expect, it } from 'vitest';
import { readCif } from '../../../../src/domain/crystal/cif';
import { readPoscar, writePoscar } from '../../../../src/domain/crystal/poscar';
import { writeExtxyz } from '../../../../src/domain/crystal/xyz';
import { latticeParams, volume } from '../../../../src/domain/crystal/lattice';
import { minInteratomicDistance } from '../../../../src/domain/crystal/distance';
import { density, reducedFormula } from '../../../../src/domain/crystal/composition';
import { fixture } from './fixture';

const NACL = `NaCl rocksalt
  -179.406144
  0.0 2.82 2.82
  2.82 0.0 2.82
  2.82 2.82 0.0
  Na Cl
  1 1
Cartesian
  0 0 0
  2.82 0 0
`;

describe('POSCAR', () => {
  it('reads VASP 5 with a negative scale (volume) and Cartesian coordinates', () => {
    const s = readPoscar(NACL);
    expect(volume(s.lattice)).toBeCloseTo(179.406144, 5);
    expect(s.species).toEqual(['Na', 'Cl']);
    expect(minInteratomicDistance(s)).toBeCloseTo(2.82 * Math.cbrt(179.406144 / (2 * 2.82 ** 3)), 6);
  });

  it('reads pymatgen (Direct) and ASE (Cartesian) POSCARs as pymatgen does', () => {
    expect(fixture.poscars.length).toBeGreaterThan(0);
    for (const { id, text, expected } of fixture.poscars) {
      const s = readPoscar(text);
      const p = latticeParams(s.lattice);
      expect(s.species.length, id).toBe(expected.nsites);
      [p.a, p.b, p.c].forEach((x, k) => expect(x, id).toBeCloseTo(expected.abc[k], 6));
      [p.alpha, p.beta, p.gamma].forEach((x, k) => expect(x, id).toBeCloseTo(expected.angles[k], 5));
      expect(volume(s.lattice), id).toBeCloseTo(expected.volume, 4);
      expect(reducedFormula(s.species), id).toBe(expected.formula);
      expect(density(s), id).toBeCloseTo(expected.density, 5);
    }
  });

  it('reads selective dynamics and a scale factor', () => {
    const text = 'x\n2.0\n1 0 0\n0 1 0\n0 0 1\nC\n1\nSelective dynamics\nDirect\n0.5 0.5 0.5 T T F\n';
    const s = readPoscar(text);
    expect(latticeParams(s.lattice).a).toBeCloseTo(2, 12);
    expect(s.frac[0]).toEqual([0.5, 0.5, 0.5]);
  });

  it('writes what it reads (every fixture structure)', () => {
    for (const { id, cif } of fixture.structures) {
      const s = readCif(cif);
      const t = readPoscar(writePoscar(s));
      expect(t.species.length, id).toBe(s.species.length);
      expect(volume(t.lattice)).toBeCloseTo(volume(s.lattice), 6);
      expect([...t.species].sort()).toEqual([...s.species].sort());
    }
  });

  const bad: [string, string, RegExp][] = [
    ['no species line', NACL.replace('  Na Cl\n', ''), /no species line/],
    ['unknown element', NACL.replace('Na Cl', 'Na Qq'), /unknown element "Qq"/],
    ['NaN lattice', NACL.replace('0.0 2.82 2.82', '0.0 nan 2.82'), /lattice vector/],
    ['zero volume', NACL.replace('2.82 2.82 0.0', '2.82 2.82 5.64').replace('-179.406144', '1.0'), /zero volume|Singular/],
    ['truncated', NACL.split('\n').slice(0, 9).join('\n'), /coordinates of atom 2/],
    ['junk', 'x'.repeat(3_000_000), /limit is 2 MB/],
  ];
  for (const [name, text, re] of bad) it(`bad input: ${name}`, () => expect(() => readPoscar(text)).toThrow(re));
});

describe('extended XYZ', () => {
  it('writes the lattice and Cartesian positions', () => {
    const s = readPoscar(NACL);
    const text = writeExtxyz(s, { energy: -1.5 });
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe('2');
    expect(lines[1]).toMatch(/^Lattice="[-0-9. ]+" Properties=species:S:1:pos:R:3 pbc="T T T" energy=-1.5$/);
    expect(lines[3].split(/\s+/)[0]).toBe('Cl');
  });
});
