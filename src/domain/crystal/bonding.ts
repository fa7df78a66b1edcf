// What a crystal viewer draws for one cell: the atoms of the cell, their copies on the far faces, edges and
// corners (so a cubic cell with an atom at the origin shows all eight corners, as crystallographic viewers
// do), and bonds from covalent radii, including bonds that leave the cell, drawn to the image atom they reach.
import { COVALENT_RADII } from './covalent-radii';
import { atomicNumber } from './elements';
import { fracToCart, norm, reciprocal, wrap01, type Vec3 } from './lattice';
import type { Structure } from './structure';

/** A fractional coordinate this close to 0 (or 1) puts the atom on a cell face, so it is also drawn on the opposite face. */
export const FACE_TOLERANCE = 1e-3;
/**
 * Bond when d ≤ (r_i + r_j) × tolerance. 1.2 finds the B–O bonds of perovskites even when octahedra are
 * distorted (Jahn–Teller Cu–O at 2.3 Å is 1.16×), at the price of also joining the A-site cation to its twelve
 * oxygens (Sr–O at 2.76 Å is 1.06×): covalent radii cannot tell those contacts apart.
 */
export const BOND_TOLERANCE = 1.2;
/** Closer than this two atoms sit on top of each other; a bond between them would have no direction. */
const MIN_BOND = 0.1;
/**
 * Non-metals and metalloids: the elements that take the anion's place in the app's crystals. Covalent radii of
 * metals are large enough that Sr–Ti (3.38 Å) and Sr–Sr (3.905 Å) in SrTiO3 fall under 1.2 × their sum, so
 * when a structure has any of these, only pairs with at least one of them are bonded; a structure of metals
 * only (an alloy) bonds metals to each other.
 */
const NON_METALS = new Set(['H', 'He', 'B', 'C', 'N', 'O', 'F', 'Ne', 'Si', 'P', 'S', 'Cl', 'Ar', 'Ge', 'As', 'Se', 'Br', 'Kr', 'Sb', 'Te', 'I', 'Xe', 'At', 'Rn']);

export interface DrawnAtom {
  /** Index of the site in the structure. */
  site: number;
  element: string;
  /** Lattice translation of this copy from the site's position wrapped into [0, 1). */
  offset: Vec3;
  frac: Vec3;
  /** Å, in the frame of the lattice rows. */
  cart: Vec3;
  /** cell: the site itself; boundary: its copy on an opposite face, edge or corner; bonded: a copy outside the cell drawn only because a bond reaches it. */
  kind: 'cell' | 'boundary' | 'bonded';
}

export interface DrawnBond {
  /** Indices into the atoms list returned with the bond. */
  a: number;
  b: number;
  /** Å */
  length: number;
}

/** Cordero covalent radius in Å; undefined for an unknown element or one beyond curium. */
export function covalentRadius(element: string): number | undefined {
  const z = atomicNumber(element);
  return z === undefined ? undefined : COVALENT_RADII[z - 1];
}

/**
 * The cell's atoms, wrapped into [0, 1), then (with images) their copies on the opposite faces, edges and
 * corners for coordinates within FACE_TOLERANCE of 0 or 1. Cell atoms come first, in site order.
 */
export function atomsForDrawing(s: Structure, { images }: { images: boolean }): DrawnAtom[] {
  const out: DrawnAtom[] = [];
  const boundary: DrawnAtom[] = [];
  for (let site = 0; site < s.species.length; site++) {
    const base = s.frac[site].map(wrap01) as Vec3;
    out.push(drawn(s, site, base, [0, 0, 0], 'cell'));
    if (!images) continue;
    const shifts = base.map((f) => (f < FACE_TOLERANCE ? [0, 1] : f > 1 - FACE_TOLERANCE ? [0, -1] : [0]));
    for (const a of shifts[0])
      for (const b of shifts[1])
        for (const c of shifts[2]) if (a || b || c) boundary.push(drawn(s, site, base, [a, b, c], 'boundary'));
  }
  return out.concat(boundary);
}

function drawn(s: Structure, site: number, base: Vec3, offset: Vec3, kind: DrawnAtom['kind']): DrawnAtom {
  const frac: Vec3 = [base[0] + offset[0], base[1] + offset[1], base[2] + offset[2]];
  return { site, element: s.species[site], offset, frac, cart: fracToCart(frac, s.lattice), kind };
}

const key = (site: number, o: readonly number[]) => `${site}|${o[0]},${o[1]},${o[2]}`;

/**
 * Bonds from every drawn atom to every copy of every site within (r_i + r_j) × tolerance; a bond between two
 * drawn atoms is listed once. From an atom inside the cell, a bond to a copy that is not drawn adds that copy as
 * a 'bonded' atom, so a bond crossing a face ends on an atom, not in empty space. From an atom on a face it does
 * not, and it is not bonded to 'bonded' atoms either: that atom's copy on the opposite face is drawn, and its outward bonds belong to the neighbouring cell
 * (drawing them would draw a shell of the next cells around rock salt or a perovskite). Bonds are never searched
 * from 'bonded' atoms. Elements without a radius get no bonds.
 */
export function bondsForDrawing(
  s: Structure,
  drawnAtoms: readonly DrawnAtom[],
  { tolerance = BOND_TOLERANCE }: { tolerance?: number } = {},
): { atoms: DrawnAtom[]; bonds: DrawnBond[] } {
  const atoms = [...drawnAtoms];
  const index = new Map<string, number>();
  atoms.forEach((a, i) => index.set(key(a.site, a.offset), i));
  const radii = s.species.map(covalentRadius);
  const nonMetal = s.species.map((e) => NON_METALS.has(e));
  const anyNonMetal = nonMetal.some(Boolean);
  const known = radii.filter((r): r is number => r !== undefined);
  const bonds: DrawnBond[] = [];
  if (known.length === 0) return { atoms, bonds };
  const reach = 2 * Math.max(...known) * tolerance;
  // A lattice vector n with |(Δf + n)·L| ≤ reach has |Δf_k + n_k| ≤ reach·|b*_k| (b* the reciprocal rows).
  const span = reciprocal(s.lattice).map((b) => reach * norm(b));
  const bases = s.frac.map((f) => f.map(wrap01) as Vec3);
  const count = drawnAtoms.length;
  for (let p = 0; p < count; p++) {
    const from = drawnAtoms[p];
    const rp = radii[from.site];
    if (rp === undefined) continue;
    const inside = from.frac.every((x) => Math.abs(x - Math.round(x)) >= FACE_TOLERANCE);
    for (let j = 0; j < s.species.length; j++) {
      const rj = radii[j];
      if (rj === undefined || (anyNonMetal && !nonMetal[from.site] && !nonMetal[j])) continue;
      const cutoff = (rp + rj) * tolerance;
      const fj = bases[j];
      const lo = [0, 1, 2].map((k) => Math.ceil(from.frac[k] - fj[k] - span[k]));
      const hi = [0, 1, 2].map((k) => Math.floor(from.frac[k] - fj[k] + span[k]));
      for (let a = lo[0]; a <= hi[0]; a++)
        for (let b = lo[1]; b <= hi[1]; b++)
          for (let c = lo[2]; c <= hi[2]; c++) {
            const f: Vec3 = [fj[0] + a, fj[1] + b, fj[2] + c];
            const x = fracToCart(f, s.lattice);
            const length = norm([x[0] - from.cart[0], x[1] - from.cart[1], x[2] - from.cart[2]]);
            if (length > cutoff || length < MIN_BOND) continue;
            const k = key(j, [a, b, c]);
            let q = index.get(k);
            // Only atoms inside reach copies beyond the drawn ones (already added by another atom or not), so
            // the result does not depend on the order atoms are visited.
            if (!inside && (q === undefined || q >= count)) continue;
            if (q === undefined) {
              q = atoms.length;
              // + 0 turns Math.ceil's -0 into 0.
              const offset: Vec3 = [a + 0, b + 0, c + 0];
              atoms.push({ site: j, element: s.species[j], offset, frac: f, cart: x, kind: 'bonded' });
              index.set(k, q);
            } else if (q < count && q <= p) continue; // found from the other end already (or itself)
            bonds.push({ a: p, b: q, length });
          }
    }
  }
  return { atoms, bonds };
}

/** atomsForDrawing followed by bondsForDrawing: everything a viewer draws for one cell. */
export function cellDrawing(
  s: Structure,
  { images = true, tolerance = BOND_TOLERANCE }: { images?: boolean; tolerance?: number } = {},
): { atoms: DrawnAtom[]; bonds: DrawnBond[] } {
  return bondsForDrawing(s, atomsForDrawing(s, { images }), { tolerance });
}
