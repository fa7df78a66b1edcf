// The pymatgen/spglib fixture made by tests/fixtures/make_crystal_fixtures.py.
import { readFileSync } from 'node:fs';
import type { Mat3, Vec3 } from '../../../../src/domain/crystal/lattice';
import type { Structure } from '../../../../src/domain/crystal/structure';

export interface Expected {
  abc: number[];
  angles: number[];
  volume: number;
  density: number;
  formula: string;
  nsites: number;
  spg_number: number;
  spg_symbol: string;
  spg_numbers_nearby: number[];
  wyckoffs: string[];
}

interface Compact {
  lattice: number[][];
  species: string[];
  frac: number[][];
}

export interface Fixture {
  symprec: number;
  structures: { id: string; cif: string; expected: Expected }[];
  poscars: { id: string; text: string; expected: Expected }[];
  pairs: {
    kind: string;
    a: Compact;
    b: Compact;
    default: { fit: boolean; rms: [number, number] | null };
    csp: { fit: boolean; rms: [number, number] | null };
  }[];
  smact: [Record<string, number>, boolean][];
}

// CRYSTAL_FIXTURE points the tests at a fixture made with another seed (see the fixture script).
export const fixture: Fixture = JSON.parse(
  readFileSync(process.env.CRYSTAL_FIXTURE ?? new URL('../../../fixtures/crystal.json', import.meta.url), 'utf8'),
) as Fixture;

export function fromCompact(c: Compact): Structure {
  return { lattice: c.lattice as Mat3, species: c.species, frac: c.frac as Vec3[] };
}

export const DATA = '/work/shared/data';
