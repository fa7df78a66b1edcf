// The crystal structure value every other file works on.
import { isElement } from './elements';
import { inv3, volume, wrap01, type Mat3, type Vec3 } from './lattice';

/**
 * A periodic structure: lattice rows are the lattice vectors in Å; species[i] is an element symbol; frac[i]
 * its fractional coordinates. Ordered, fully occupied sites only.
 */
export interface Structure {
  lattice: Mat3;
  species: string[];
  frac: Vec3[];
}

/** Sites we accept in one structure: enough for any unit cell the app makes or imports, and it bounds O(n²) work. */
export const MAX_SITES = 1000;

/** Check a structure and return a copy with coordinates wrapped into [0, 1). Throws an Error naming the problem. */
export function makeStructure(lattice: Mat3, species: string[], frac: Vec3[]): Structure {
  if (species.length !== frac.length)
    throw new Error(`Structure has ${species.length} species but ${frac.length} coordinates`);
  if (species.length === 0) throw new Error('Structure has no atoms');
  if (species.length > MAX_SITES) throw new Error(`Structure has ${species.length} sites; the limit is ${MAX_SITES}`);
  for (const row of lattice)
    for (const x of row) if (!Number.isFinite(x)) throw new Error(`Lattice has a non-finite entry (${x})`);
  const v = volume(lattice);
  if (!(v > 1e-8)) throw new Error(`Cell volume is zero (${v} Å³)`);
  inv3(lattice);
  const out: Vec3[] = [];
  for (let i = 0; i < frac.length; i++) {
    if (!isElement(species[i])) throw new Error(`Unknown element "${species[i]}" at site ${i + 1}`);
    const f = frac[i];
    if (!f.every(Number.isFinite)) throw new Error(`Site ${i + 1} has a non-finite coordinate (${f.join(', ')})`);
    out.push([wrap01(f[0]), wrap01(f[1]), wrap01(f[2])]);
  }
  return { lattice: lattice.map((r) => [...r]) as Mat3, species: [...species], frac: out };
}

export function numSites(s: Structure): number {
  return s.species.length;
}
