import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { conformer3d, registerConformerResources } from '../../../src/domain/chem/conformer';

interface Atom {
  el: string;
  x: number;
  y: number;
  z: number;
}

/** The atom and bond blocks of a V2000 molfile (fixed columns). */
function parseMolblock(mb: string): { atoms: Atom[]; bonds: [number, number][]; header: string } {
  const lines = mb.split('\n');
  const na = Number(lines[3].slice(0, 3));
  const nb = Number(lines[3].slice(3, 6));
  expect(lines[3]).toContain('V2000');
  const atoms = lines.slice(4, 4 + na).map((l) => ({
    x: Number(l.slice(0, 10)),
    y: Number(l.slice(10, 20)),
    z: Number(l.slice(20, 30)),
    el: l.slice(31, 34).trim(),
  }));
  const bonds = lines.slice(4 + na, 4 + na + nb).map((l) => [Number(l.slice(0, 3)) - 1, Number(l.slice(3, 6)) - 1] as [number, number]);
  return { atoms, bonds, header: lines[1] };
}

const dist = (a: Atom, b: Atom) => Math.hypot(a.x - b.x, a.y - b.y, a.z - b.z);

beforeAll(() => {
  // Node reads the tables from disk; the worker fetches the same file.
  const dir = dirname(createRequire(import.meta.url).resolve('openchemlib'));
  registerConformerResources(readFileSync(join(dir, 'resources.json'), 'utf8'));
});

describe('conformer3d', () => {
  const cases = [
    { name: 'ethanol', smiles: 'CCO', heavy: 3, h: 6 },
    { name: 'benzene', smiles: 'c1ccccc1', heavy: 6, h: 6 },
    { name: 'aspirin', smiles: 'CC(=O)Oc1ccccc1C(=O)O', heavy: 13, h: 8 },
    { name: 'caffeine', smiles: 'Cn1cnc2c1c(=O)n(C)c(=O)n2C', heavy: 14, h: 10 },
  ];

  for (const c of cases) {
    it(`embeds and minimises ${c.name}`, () => {
      const r = conformer3d(c.smiles, { seed: 1 });
      const { atoms, bonds, header } = parseMolblock(r.molblock);
      expect(header).toContain('3D');
      expect(atoms.filter((a) => a.el !== 'H')).toHaveLength(c.heavy);
      expect(atoms.filter((a) => a.el === 'H')).toHaveLength(c.h);
      expect(r.atoms).toBe(c.heavy + c.h);
      expect(Number.isFinite(r.energy)).toBe(true);
      expect(r.converged).toBe(true);

      const zs = atoms.map((a) => a.z);
      expect(Math.max(...zs) - Math.min(...zs)).toBeGreaterThan(0.1);

      const cc = bonds.filter(([i, j]) => atoms[i].el === 'C' && atoms[j].el === 'C').map(([i, j]) => dist(atoms[i], atoms[j]));
      expect(cc.length).toBeGreaterThan(0);
      for (const d of cc) {
        expect(d).toBeGreaterThan(1.3);
        expect(d).toBeLessThan(1.6);
      }
      // Every hydrogen sits on one heavy atom at a covalent distance (~1.0–1.1 Å).
      for (const [i, j] of bonds) {
        if (atoms[i].el === 'H' || atoms[j].el === 'H') {
          expect(dist(atoms[i], atoms[j])).toBeGreaterThan(0.9);
          expect(dist(atoms[i], atoms[j])).toBeLessThan(1.2);
        }
      }
    });
  }

  it('is deterministic for a seed', () => {
    const a = conformer3d('CC(C)Cc1ccc(cc1)C(C)C(=O)O', { seed: 7 });
    const b = conformer3d('CC(C)Cc1ccc(cc1)C(C)C(=O)O', { seed: 7 });
    expect(a.molblock).toBe(b.molblock);
    expect(a.energy).toBe(b.energy);
  });

  it('puts the SMILES on the title line', () => {
    expect(conformer3d('CCO').molblock.split('\n')[0]).toBe('CCO');
  });

  it('names the SMILES it cannot parse', () => {
    expect(() => conformer3d('C1CC(')).toThrow(/Invalid SMILES "C1CC\(".*ring closure/);
    expect(() => conformer3d('Xx')).toThrow(/"Xx"/);
    expect(() => conformer3d('  ')).toThrow(/Invalid SMILES "".*no atoms/);
  });

  it('names the SMILES MMFF94 cannot type', () => {
    expect(() => conformer3d('[Fe]')).toThrow(/MMFF94.*"\[Fe\]"/);
  });
});
