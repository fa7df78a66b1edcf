// What a crystal viewer draws for one cell: the atoms of the cell, their copies on the far faces, edges and
// corners (so a cubic cell with an atom at the origin shows all eight corners, as crystallographic viewers
// do), and bonds from covalent radii, including bonds that leave the cell, drawn to the image atom they reach.
// Bonds here are for the picture: a readable first coordination shell, not a chemical analysis.
import { COVALENT_RADII } from './covalent-radii';
import { atomicNumber } from './elements';
import { fracToCart, norm, reciprocal, wrap01, type Vec3 } from './lattice';
import type { Structure } from './structure';

/** A fractional coordinate this close to 0 (or 1) puts the atom on a cell face, so it is also drawn on the opposite face. */
export const FACE_TOLERANCE = 1e-3;
/**
 * Bond when d ≤ (r_i + r_j) × tolerance. 1.2 finds the B–O bonds of perovskites even when octahedra are
 * distorted (Jahn–Teller Cu–O at 2.3 Å is 1.16×), and the Na–Cl bonds of rock salt (1.05×).
 */
export const BOND_TOLERANCE = 1.2;
/**
 * Covalent radii alone cannot tell the A-site contacts of a perovskite (Sr–O 2.76 Å, 1.06× the radius sum) from
 * rock salt's bonds (Na–Cl, 1.05×), and drawing A–O joins each A to twelve oxygens, which buries the octahedra.
 * So a contact is also required to be at most SHELL_FACTOR × the shortest contact of each of its two atoms:
 * O's shortest is Ti–O (1.95 Å) and Sr–O is √2 times that, while Na–Cl is the shortest contact of both.
 * 1.2 keeps Jahn–Teller-lengthened Cu–O (about 2.3 / 1.95 = 1.18×) and drops even the shortest Ca–O of a
 * tilted CaTiO3 (about 2.36 / 1.95 = 1.21×).
 */
export const SHELL_FACTOR = 1.2;
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
 * Bonds from every drawn atom to every copy of every site that passes the radius test (BOND_TOLERANCE), the
 * shell test (SHELL_FACTOR) and, when the structure has non-metals, the rule that one end is a non-metal. A bond
 * between two drawn atoms is listed once. From an atom inside the cell, a bond to a copy that is not drawn adds
 * that copy as a 'bonded' atom, so a bond crossing a face ends on an atom, not in empty space. From an atom on a
 * face it does not, and it is not bonded to 'bonded' atoms either: that atom's copy on the opposite face is drawn,
 * and its outward bonds belong to the neighbouring cell (drawing them would draw a shell of the next cells around
 * rock salt). Bonds are never searched from 'bonded' atoms. Elements without a radius get no bonds.
 */
export function bondsForDrawing(
  s: Structure,
  drawnAtoms: readonly DrawnAtom[],
  { tolerance = BOND_TOLERANCE, shell = SHELL_FACTOR }: { tolerance?: number; shell?: number } = {},
): { atoms: DrawnAtom[]; bonds: DrawnBond[] } {
  const atoms = [...drawnAtoms];
  const bonds: DrawnBond[] = [];
  const contacts = new Contacts(s, tolerance);
  // Each site's shortest contact, searched from its copy in the cell (every copy has the same surroundings).
  const shortest = s.frac.map((f, i) => {
    let best = Infinity;
    contacts.each(i, f.map(wrap01) as Vec3, (_j, _n, _x, d) => void (best = Math.min(best, d)));
    return best;
  });
  const index = new Map<string, number>();
  atoms.forEach((a, i) => index.set(key(a.site, a.offset), i));
  const count = drawnAtoms.length;
  for (let p = 0; p < count; p++) {
    const from = drawnAtoms[p];
    const inside = from.frac.every((x) => Math.abs(x - Math.round(x)) >= FACE_TOLERANCE);
    contacts.each(from.site, from.frac, (j, n, x, length) => {
      if (length > shell * Math.min(shortest[from.site], shortest[j])) return;
      let q = index.get(key(j, n));
      // Only atoms inside reach copies beyond the drawn ones (already added by another atom or not), so the
      // result does not depend on the order atoms are visited.
      if (!inside && (q === undefined || q >= count)) return;
      if (q === undefined) {
        q = atoms.length;
        atoms.push({ site: j, element: s.species[j], offset: n, frac: add(s.frac[j].map(wrap01), n), cart: x, kind: 'bonded' });
        index.set(key(j, n), q);
      } else if (q < count && q <= p) return; // found from the other end already
      bonds.push({ a: p, b: q, length });
    });
  }
  return { atoms, bonds };
}

const add = (u: readonly number[], v: readonly number[]): Vec3 => [u[0] + v[0], u[1] + v[1], u[2] + v[2]];

/** The copies of every site within the radius test of a point, with the non-metal rule applied. */
class Contacts {
  private readonly radii: (number | undefined)[];
  private readonly nonMetal: boolean[];
  private readonly anyNonMetal: boolean;
  private readonly bases: Vec3[];
  /** Per axis, how far in fractional units the longest possible bond reaches. */
  private readonly span: number[];

  constructor(
    private readonly s: Structure,
    private readonly tolerance: number,
  ) {
    this.radii = s.species.map(covalentRadius);
    this.nonMetal = s.species.map((e) => NON_METALS.has(e));
    this.anyNonMetal = this.nonMetal.some(Boolean);
    this.bases = s.frac.map((f) => f.map(wrap01) as Vec3);
    const known = this.radii.filter((r): r is number => r !== undefined);
    const reach = known.length ? 2 * Math.max(...known) * tolerance : 0;
    // A lattice vector n with |(Δf + n)·L| ≤ reach has |Δf_k + n_k| ≤ reach·|b*_k| (b* the reciprocal rows).
    this.span = reciprocal(s.lattice).map((b) => reach * norm(b));
  }

  /** Calls visit(site j, lattice translation n of j's wrapped position, Cartesian position, distance) for each contact of site i placed at frac. */
  each(i: number, frac: Vec3, visit: (j: number, n: Vec3, x: Vec3, d: number) => void): void {
    const ri = this.radii[i];
    if (ri === undefined) return;
    const from = fracToCart(frac, this.s.lattice);
    for (let j = 0; j < this.bases.length; j++) {
      const rj = this.radii[j];
      if (rj === undefined || (this.anyNonMetal && !this.nonMetal[i] && !this.nonMetal[j])) continue;
      const cutoff = (ri + rj) * this.tolerance;
      const fj = this.bases[j];
      const lo = [0, 1, 2].map((k) => Math.ceil(frac[k] - fj[k] - this.span[k]));
      const hi = [0, 1, 2].map((k) => Math.floor(frac[k] - fj[k] + this.span[k]));
      for (let a = lo[0]; a <= hi[0]; a++)
        for (let b = lo[1]; b <= hi[1]; b++)
          for (let c = lo[2]; c <= hi[2]; c++) {
            const x = fracToCart([fj[0] + a, fj[1] + b, fj[2] + c], this.s.lattice);
            const d = norm([x[0] - from[0], x[1] - from[1], x[2] - from[2]]);
            // + 0 turns Math.ceil's -0 into 0.
            if (d <= cutoff && d >= MIN_BOND) visit(j, [a + 0, b + 0, c + 0], x, d);
          }
    }
  }
}

/** atomsForDrawing followed by bondsForDrawing: everything a viewer draws for one cell. */
export function cellDrawing(
  s: Structure,
  { images = true, tolerance = BOND_TOLERANCE, shell = SHELL_FACTOR }: { images?: boolean; tolerance?: number; shell?: number } = {},
): { atoms: DrawnAtom[]; bonds: DrawnBond[] } {
  return bondsForDrawing(s, atomsForDrawing(s, { images }), { tolerance, shell });
}
