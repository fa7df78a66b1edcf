import { describe, expect, it } from 'vitest';
import {
  atomsForDrawing,
  bondsForDrawing,
  cellDrawing,
  covalentRadius,
  BOND_TOLERANCE,
  SHELL_FACTOR,
  type DrawnAtom,
  type DrawnBond,
} from '../../../../src/domain/crystal/bonding';
import { fracToCart, norm, type Vec3 } from '../../../../src/domain/crystal/lattice';
import { readCif } from '../../../../src/domain/crystal/cif';
import { SYMBOLS } from '../../../../src/domain/crystal/elements-data';
import type { Structure } from '../../../../src/domain/crystal/structure';
import { fixture } from './fixture';
import { cube, NACL, SRTIO3 } from './cells';

const PEROV5_VOCAB = 'Li Be B N O F Na Mg Al Si S K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Rb Sr Y Zr Nb Mo Ru Rh Pd Ag Cd In Sn Sb Te Cs Ba La Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi'.split(' ');

const pairName = (atoms: DrawnAtom[], b: DrawnBond) => [atoms[b.a].element, atoms[b.b].element].sort().join('–');
const dist = (p: Vec3, q: Vec3) => norm([p[0] - q[0], p[1] - q[1], p[2] - q[2]]);

function byPair(atoms: DrawnAtom[], bonds: DrawnBond[]): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const b of bonds) (out[pairName(atoms, b)] ??= []).push(b.length);
  return out;
}

describe('covalent radii', () => {
  it('has a Cordero radius for every element of Perov-5 and for H–Cm', () => {
    for (const e of PEROV5_VOCAB) expect(covalentRadius(e), e).toBeGreaterThan(0.2);
    for (const e of SYMBOLS.slice(0, 96)) expect(covalentRadius(e), e).toBeGreaterThan(0.2);
    expect(covalentRadius('Bk')).toBeUndefined();
    expect(covalentRadius('Xx')).toBeUndefined();
    expect(covalentRadius('C')).toBe(0.76);
    expect(covalentRadius('Sr')).toBe(1.95);
    expect(covalentRadius('Ti')).toBe(1.6);
    expect(covalentRadius('O')).toBe(0.66);
    expect(covalentRadius('Bi')).toBe(1.48);
  });
});

describe('atomsForDrawing', () => {
  it('draws SrTiO3 as 8 corner Sr, 1 Ti and 6 face-centre O with images, 5 atoms without', () => {
    const atoms = atomsForDrawing(SRTIO3, { images: true });
    const count = (e: string) => atoms.filter((a) => a.element === e).length;
    expect(atoms).toHaveLength(15);
    expect([count('Sr'), count('Ti'), count('O')]).toEqual([8, 1, 6]);
    expect(atoms.slice(0, 5).map((a) => a.kind)).toEqual(['cell', 'cell', 'cell', 'cell', 'cell']);
    expect(atoms.slice(5).every((a) => a.kind === 'boundary')).toBe(true);
    const corners = atoms.filter((a) => a.element === 'Sr').map((a) => a.frac.join(','));
    expect(new Set(corners).size).toBe(8);
    for (const a of atoms) {
      for (const x of a.frac) expect(x >= 0 && x <= 1).toBe(true);
      expect(dist(a.cart, fracToCart(a.frac, SRTIO3.lattice))).toBeLessThan(1e-12);
    }
    expect(atomsForDrawing(SRTIO3, { images: false })).toHaveLength(5);
  });

  it('draws an atom within 1e-3 of 1 on the zero face too, and wraps coordinates outside [0, 1)', () => {
    const s: Structure = { lattice: cube(4), species: ['C', 'O'], frac: [[0.9995, 0.5, 0.5], [1.25, -0.5, 0.5]] };
    const atoms = atomsForDrawing(s, { images: true });
    expect(atoms).toHaveLength(3);
    expect(atoms[1].frac).toEqual([0.25, 0.5, 0.5]);
    expect(atoms[2].frac[0]).toBeCloseTo(-0.0005, 12);
    expect(atoms[2].site).toBe(0);
  });
});

describe('bondsForDrawing', () => {
  it('SrTiO3: the six Ti–O bonds (1.95 Å); Sr–O (2.76 Å) passes the radius test but is a second-shell contact of O', () => {
    const { atoms, bonds } = cellDrawing(SRTIO3);
    expect([BOND_TOLERANCE, SHELL_FACTOR]).toEqual([1.2, 1.2]);
    expect(atoms).toHaveLength(15); // nothing outside the cell: every neighbour of Ti is drawn
    const pairs = byPair(atoms, bonds);
    expect(Object.keys(pairs)).toEqual(['O–Ti']);
    expect(pairs['O–Ti']).toHaveLength(6);
    for (const d of pairs['O–Ti']) expect(d).toBeCloseTo(3.905 / 2, 10);
    // Ti is the one inside atom, and all six bonds are its own.
    const ti = atoms.findIndex((a) => a.element === 'Ti');
    expect(bonds.every((b) => b.a === ti || b.b === ti)).toBe(true);
  });

  it('SrTiO3 without the shell test: each of the 8 corner Sr meets the 3 face-centre O of its faces; no cation–cation bonds', () => {
    const { atoms, bonds } = cellDrawing(SRTIO3, { shell: Infinity });
    const pairs = byPair(atoms, bonds);
    expect(Object.keys(pairs).sort()).toEqual(['O–Sr', 'O–Ti']);
    expect(pairs['O–Sr']).toHaveLength(24);
    for (const d of pairs['O–Sr']) expect(d).toBeCloseTo(3.905 / Math.SQRT2, 10);
    // At tolerance 1.0 the radius test alone drops Sr–O too (2.76 Å is 1.06 × 2.61 Å).
    expect(Object.keys(byPair(...(Object.values(cellDrawing(SRTIO3, { tolerance: 1.0, shell: Infinity })) as [DrawnAtom[], DrawnBond[]])))).toEqual(['O–Ti']);
  });

  it('a perovskite with its A cation off the corner gets no A–O bonds, so no spray of outside oxygens', () => {
    const s: Structure = {
      lattice: [[4.1, 0, 0], [0.1, 3.95, 0], [0.05, 0.08, 4.02]],
      species: ['Ba', 'Fe', 'O', 'O', 'O'],
      frac: [[0.02, 0.97, 0.01], [0.5, 0.52, 0.49], [0.5, 0.48, 0.02], [0.52, 0.99, 0.49], [0.03, 0.5, 0.47]],
    };
    const { atoms, bonds } = cellDrawing(s);
    expect(new Set(bonds.map((b) => pairName(atoms, b)))).toEqual(new Set(['Fe–O']));
    // Fe bonds to its 3 O in the cell and to 3 copies beyond the faces; each O (none is on a face) also
    // reaches its second Fe, in the next cell. No Ba is bonded, so no outside atom is there for Ba.
    expect(bonds).toHaveLength(9);
    expect(atoms.filter((a) => a.kind === 'bonded').map((a) => a.element).sort()).toEqual(['Fe', 'Fe', 'Fe', 'O', 'O', 'O']);
  });

  it('rock-salt NaCl: the 3×3×3 grid of atoms with its 54 Na–Cl edges of 2.82 Å, each once', () => {
    const { atoms, bonds } = cellDrawing(NACL);
    expect(atoms).toHaveLength(27);
    expect(bonds).toHaveLength(54);
    const seen = new Set<string>();
    for (const b of bonds) {
      expect(pairName(atoms, b)).toBe('Cl–Na');
      expect(b.length).toBeCloseTo(2.82, 10);
      expect(dist(atoms[b.a].cart, atoms[b.b].cart)).toBeCloseTo(b.length, 10);
      const k = [b.a, b.b].sort((x, y) => x - y).join('-');
      expect(seen.has(k)).toBe(false);
      seen.add(k);
    }
  });

  it('a bond across a face (atoms at x = 0.999 and 0.001) is drawn to the image atom just outside the cell', () => {
    const s: Structure = { lattice: cube(5), species: ['C', 'C'], frac: [[0.999, 0.2, 0.5], [0.001, 0.45, 0.5]] };
    const expected = Math.hypot(0.002 * 5, 0.25 * 5);
    for (const images of [false, true]) {
      const { atoms, bonds } = cellDrawing(s, { images });
      // Neither atom is on a face, so there are no boundary copies; each reaches the other's image.
      expect(atoms.map((a) => a.kind)).toEqual(['cell', 'cell', 'bonded', 'bonded']);
      expect(bonds).toHaveLength(2);
      for (const b of bonds) {
        expect(b.length).toBeCloseTo(expected, 10);
        expect(dist(atoms[b.a].cart, atoms[b.b].cart)).toBeCloseTo(expected, 10);
        expect(atoms[b.a].kind).toBe('cell');
        expect(atoms[b.b].kind).toBe('bonded');
      }
      const image = (site: number) => atoms.find((a) => a.kind === 'bonded' && a.site === site)!;
      expect(image(1).frac[0]).toBeCloseTo(1.001, 12);
      expect(image(1).offset).toEqual([1, 0, 0]);
      expect(image(0).frac[0]).toBeCloseTo(-0.001, 12);
    }
    // The straight-through distance (4.99 Å) is no bond.
    expect(bondsForDrawing(s, atomsForDrawing(s, { images: false })).bonds.every((b) => b.length < 2)).toBe(true);
  });

  it('finds every neighbour of an interior atom in skewed cells (checked against a brute-force image search)', () => {
    const NON_METALS = new Set(['H', 'B', 'C', 'N', 'O', 'F', 'Si', 'P', 'S', 'Cl', 'Ge', 'As', 'Se', 'Br', 'Sb', 'Te', 'I']);
    let checked = 0;
    for (const { id, cif } of fixture.structures.slice(0, 8)) {
      const s = readCif(cif);
      const { atoms, bonds } = cellDrawing(s);
      const anyNonMetal = s.species.some((e) => NON_METALS.has(e));
      // All contacts (site j, distance) of site i within the radius and non-metal tests, over images −4…4.
      const contactsOf = (i: number): [number, number][] => {
        const out: [number, number][] = [];
        const from = fracToCart(s.frac[i], s.lattice);
        for (let j = 0; j < s.species.length; j++) {
          if (anyNonMetal && !NON_METALS.has(s.species[i]) && !NON_METALS.has(s.species[j])) continue;
          const cutoff = (covalentRadius(s.species[i])! + covalentRadius(s.species[j])!) * BOND_TOLERANCE;
          for (let a = -4; a <= 4; a++)
            for (let b = -4; b <= 4; b++)
              for (let c = -4; c <= 4; c++) {
                const f = s.frac[j];
                const d = dist(from, fracToCart([f[0] + a, f[1] + b, f[2] + c], s.lattice));
                if (d >= 0.1 && d <= cutoff) out.push([j, d]);
              }
        }
        return out;
      };
      const shortest = s.species.map((_, i) => Math.min(...contactsOf(i).map(([, d]) => d)));
      atoms.forEach((atom, p) => {
        if (atom.kind !== 'cell' || atom.frac.some((x) => x < 1e-3 || x > 1 - 1e-3)) return;
        const i = atom.site;
        const expected = contactsOf(i).filter(([j, d]) => d <= SHELL_FACTOR * Math.min(shortest[i], shortest[j])).length;
        const got = bonds.filter((b) => b.a === p || b.b === p).length;
        expect(got, `${id} site ${atom.site}`).toBe(expected);
        if (expected > 0) checked++;
      });
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('bonds metals to each other in a structure of metals only', () => {
    // bcc Fe, a = 2.87 Å: 8 neighbours at 2.485 Å, 6 more at 2.87 Å; the radius sum is 2.64 Å.
    const fe: Structure = { lattice: cube(2.87), species: ['Fe', 'Fe'], frac: [[0, 0, 0], [0.5, 0.5, 0.5]] };
    const first = cellDrawing(fe, { tolerance: 1.0 });
    expect(first.atoms).toHaveLength(9);
    expect(first.bonds).toHaveLength(8);
    // At 1.2 the second shell joins: the 12 cube edges, and the centre atom's 6 neighbours in the next cells.
    const both = cellDrawing(fe);
    expect(both.atoms).toHaveLength(15);
    expect(both.bonds).toHaveLength(8 + 12 + 6);
  });
});
