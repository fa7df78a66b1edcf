// Surface-area entries of RDKit's descriptor table, `tpsa` and `labuteASA`, as RDKit computes them in
// Code/GraphMol/Descriptors/MolSurf.cpp (getTPSAAtomContribs, getLabuteAtomContribs) with the defaults
// its descriptor table uses (TPSA of N and O only; Labute ASA with hydrogens). Every term is RDKit's
// expression evaluated in RDKit's order (bonds, then atoms), so the values are bit-identical.
// Speed: the per-bond and per-atom terms depend only on small integers (element, bond type, counts), so
// they are tabulated at module load and a molecule costs one pass over its bonds and atoms.
import type { MolGraph } from '../graph';

// ---------------------------------------------------------------------------------------------------
// Labute ASA
// ---------------------------------------------------------------------------------------------------

/**
 * RDKit's Rb0 radii (PeriodicTable::getRb0, Code/GraphMol/atomic_data.cpp) of the elements this module
 * takes; a molecule with any other element is left to RDKit.
 */
const RB0_BY_Z: ReadonlyMap<number, number> = new Map([
  [1, 0.33], [5, 0.82], [6, 0.77], [7, 0.7], [8, 0.66], [9, 0.611], [14, 0.937], [15, 0.89],
  [16, 1.04], [17, 0.997], [33, 1.2], [34, 1.17], [35, 1.167], [52, 1.378], [53, 1.387],
]);
const H_RADIUS = 0.33;

/** Element slot per atomic number (0 = not supported), and each slot's radius. */
const SLOT = new Uint8Array(256);
const RADIUS = Float64Array.from([0, ...RB0_BY_Z.values()]);
[...RB0_BY_Z.keys()].forEach((z, k) => (SLOT[z] = k + 1));
const N_SLOTS = RADIUS.length;

/**
 * How much each bond type is shorter than the sum of its atoms' radii (MolSurf.cpp's bondScaleFacts by
 * RDKit's BondType: single 0, double 0.2, triple 0.3; aromatic bonds 0.1). Index: 0 aromatic, else the
 * Kekulé order 1-3.
 */
const SHORTENING = [0.1, 0, 0.2, 0.3];
const N_BOND_KINDS = SHORTENING.length;

/**
 * The part of a sphere of radius ri hidden by a neighbour of radius rj at bond length bij, the term
 * MolSurf.cpp sums per atom before its final pi * Ri * (4 Ri - sum): rj^2 - (ri - d)^2 / d, with d = bij
 * clamped to [|ri - rj|, ri + rj].
 */
function occlusion(ri: number, rj: number, bij: number): number {
  const d = Math.min(Math.max(Math.abs(ri - rj), bij), ri + rj);
  return rj * rj - ((ri - d) * (ri - d)) / d;
}

/** occlusion(ri, rj, bij) for atom slot i, neighbour slot j and bond kind k, at (i * N_SLOTS + j) * N_BOND_KINDS + k. */
const BOND_OCCLUSION = new Float64Array(N_SLOTS * N_SLOTS * N_BOND_KINDS);
/** Per slot: what RDKit's one added hydrogen hides of the atom, and what the atom hides of that hydrogen. */
const H_ON_ATOM = new Float64Array(N_SLOTS);
const ATOM_ON_H = new Float64Array(N_SLOTS);
for (let i = 1; i < N_SLOTS; i++) {
  const ri = RADIUS[i];
  for (let j = 1; j < N_SLOTS; j++) {
    const rj = RADIUS[j];
    for (let k = 0; k < N_BOND_KINDS; k++) {
      // RDKit: bij = Ri + Rj, then bij -= the bond type's factor (the same rounding as here).
      BOND_OCCLUSION[(i * N_SLOTS + j) * N_BOND_KINDS + k] = occlusion(ri, rj, ri + rj - SHORTENING[k]);
    }
  }
  H_ON_ATOM[i] = occlusion(ri, H_RADIUS, ri + H_RADIUS);
  ATOM_ON_H[i] = occlusion(H_RADIUS, ri, ri + H_RADIUS);
}

/** Per-atom occlusion sums, reused across calls (grown when a larger molecule comes). */
let occluded = new Float64Array(64);

/**
 * RDKit's calcLabuteASA(mol, includeHs = true), or null for an element or bond type not reproduced
 * here. RDKit's hydrogen term is kept as it is: ONE hydrogen sphere per atom, whatever the atom's H
 * count (and also for explicit H atoms), at single-bond length.
 */
function labuteASA(g: MolGraph): number | null {
  const n = g.n;
  if (occluded.length < n) occluded = new Float64Array(Math.max(n, 2 * occluded.length));
  for (let i = 0; i < n; i++) {
    if (SLOT[g.z[i]] === 0) return null;
    occluded[i] = 0;
  }
  const nBonds = g.a1.length;
  for (let b = 0; b < nBonds; b++) {
    // A non-aromatic bond of order 0 (zero-order, dative, ...) or above 3: its RDKit BondType, hence its
    // factor, is not recoverable from the graph.
    const kind = g.bondAromatic[b] ? 0 : g.order[b];
    if (kind > 3 || (kind === 0 && !g.bondAromatic[b])) return null;
    const i = g.a1[b];
    const j = g.a2[b];
    const si = SLOT[g.z[i]];
    const sj = SLOT[g.z[j]];
    occluded[i] += BOND_OCCLUSION[(si * N_SLOTS + sj) * N_BOND_KINDS + kind];
    occluded[j] += BOND_OCCLUSION[(sj * N_SLOTS + si) * N_BOND_KINDS + kind];
  }
  let hOccluded = 0;
  for (let i = 0; i < n; i++) {
    const s = SLOT[g.z[i]];
    occluded[i] += H_ON_ATOM[s];
    hOccluded += ATOM_ON_H[s];
  }
  let asa = 0;
  for (let i = 0; i < n; i++) {
    const ri = RADIUS[SLOT[g.z[i]]];
    asa += Math.PI * ri * (4 * ri - occluded[i]);
  }
  // RDKit leaves the hydrogen sphere out only when nothing occludes it (an empty molecule).
  if (Math.abs(hOccluded) > 1e-4) asa += Math.PI * H_RADIUS * (4 * H_RADIUS - hOccluded);
  return asa;
}

// ---------------------------------------------------------------------------------------------------
// TPSA
// ---------------------------------------------------------------------------------------------------

/** Wildcard in a TPSA rule: RDKit's condition does not test that count (not -1: charges use it). */
const ANY = 1000;

/**
 * Ertl's polar-surface contributions as getTPSAAtomContribs tests them, in its order: element, heavy
 * (non-H) neighbours, hydrogens (implicit plus H atoms), formal charge, then the numbers of single /
 * double / triple / aromatic bonds to heavy atoms and membership in a 3-ring (1 yes, 0 no), each ANY
 * where RDKit does not test it. The first rule that matches gives the contribution.
 */
const TPSA_RULES: readonly (readonly number[])[] = [
  // z, heavy, hs, charge, single, double, triple, aromatic, ring3, contribution
  [7, 1, 0, 0, ANY, ANY, 1, ANY, ANY, 23.79],
  [7, 1, 1, 0, ANY, 1, ANY, ANY, ANY, 23.85],
  [7, 1, 2, 0, 1, ANY, ANY, ANY, ANY, 26.02],
  [7, 1, 2, 1, ANY, 1, ANY, ANY, ANY, 25.59],
  [7, 1, 3, 1, 1, ANY, ANY, ANY, ANY, 27.64],
  [7, 2, 0, 0, 1, 1, ANY, ANY, ANY, 12.36],
  [7, 2, 0, 0, ANY, 1, 1, ANY, ANY, 13.6],
  [7, 2, 1, 0, 2, ANY, ANY, ANY, 1, 21.94],
  [7, 2, 1, 0, 2, ANY, ANY, ANY, 0, 12.03],
  [7, 2, 0, 1, 1, ANY, 1, ANY, ANY, 4.36],
  [7, 2, 1, 1, 1, 1, ANY, ANY, ANY, 13.97],
  [7, 2, 2, 1, 2, ANY, ANY, ANY, ANY, 16.61],
  [7, 2, 0, 0, ANY, ANY, ANY, 2, ANY, 12.89],
  [7, 2, 1, 0, ANY, ANY, ANY, 2, ANY, 15.79],
  [7, 2, 1, 1, ANY, ANY, ANY, 2, ANY, 14.14],
  [7, 3, 0, 0, 3, ANY, ANY, ANY, 1, 3.01],
  [7, 3, 0, 0, 3, ANY, ANY, ANY, 0, 3.24],
  [7, 3, 0, 0, 1, 2, ANY, ANY, ANY, 11.68],
  [7, 3, 0, 1, 2, 1, ANY, ANY, ANY, 3.01],
  [7, 3, 1, 1, 3, ANY, ANY, ANY, ANY, 4.44],
  [7, 3, 0, 0, ANY, ANY, ANY, 3, ANY, 4.41],
  [7, 3, 0, 0, 1, ANY, ANY, 2, ANY, 4.93],
  [7, 3, 0, 0, ANY, 1, ANY, 2, ANY, 8.39],
  [7, 3, 0, 1, ANY, ANY, ANY, 3, ANY, 4.1],
  [7, 3, 0, 1, 1, ANY, ANY, 2, ANY, 3.88],
  [7, 4, 0, 1, 4, ANY, ANY, ANY, ANY, 0],
  [8, 1, 0, 0, ANY, 1, ANY, ANY, ANY, 17.07],
  [8, 1, 1, 0, 1, ANY, ANY, ANY, ANY, 20.23],
  [8, 1, 0, -1, 1, ANY, ANY, ANY, ANY, 23.06],
  [8, 2, 0, 0, 2, ANY, ANY, ANY, 1, 12.53],
  [8, 2, 0, 0, 2, ANY, ANY, ANY, 0, 9.23],
  [8, 2, 0, 0, ANY, ANY, ANY, 2, ANY, 13.14],
];

/**
 * The rules grouped by (element, heavy neighbours), RDKit's outer switch, keyed (z === 7 ? 0 : 8) +
 * heavy, each group flattened to RULE_WIDTH numbers per rule: hs, charge, single, double, triple,
 * aromatic, ring3, contribution.
 */
const RULE_WIDTH = 8;
const RULE_GROUPS: Float64Array[] = Array.from({ length: 16 }, (_, key) =>
  Float64Array.from(
    TPSA_RULES.filter(([z, heavy]) => (z === 7 ? 0 : 8) + heavy === key).flatMap(([, , ...rest]) => rest),
  ),
);
const NO_RULES = new Float64Array(0);

/** Whether atom i lies in one of RDKit's rings of size 3 (RingInfo::isAtomInRingOfSize(i, 3)). */
function inThreeRing(g: MolGraph, i: number): boolean {
  for (const ring of g.rings) if (ring.length === 3 && ring.includes(i)) return true;
  return false;
}

/** Contribution of a nitrogen or oxygen atom i to TPSA, as getTPSAAtomContribs computes it. */
function polarContribution(g: MolGraph, i: number, hasThreeRing: boolean): number {
  // Bonds to H atoms count as hydrogens, not neighbours; other bonds by type (the aromatic flag first,
  // then the Kekulé order; any other type counts only as a neighbour).
  let heavy = 0;
  let hs = g.hs[i];
  let single = 0;
  let double = 0;
  let triple = 0;
  let aromatic = 0;
  const nbrs = g.neighbours[i];
  const bonds = g.bondsOf[i];
  for (let k = 0; k < nbrs.length; k++) {
    if (g.z[nbrs[k]] === 1) {
      hs++;
      continue;
    }
    heavy++;
    const b = bonds[k];
    if (g.bondAromatic[b]) aromatic++;
    else if (g.order[b] === 1) single++;
    else if (g.order[b] === 2) double++;
    else if (g.order[b] === 3) triple++;
  }
  const nitrogen = g.z[i] === 7;
  const charge = g.charge[i];
  const ring3 = hasThreeRing && inThreeRing(g, i) ? 1 : 0;
  const rules = heavy < 8 ? RULE_GROUPS[(nitrogen ? 0 : 8) + heavy] : NO_RULES;
  for (let r = 0; r < rules.length; r += RULE_WIDTH) {
    if (
      (rules[r] === ANY || rules[r] === hs) &&
      (rules[r + 1] === ANY || rules[r + 1] === charge) &&
      (rules[r + 2] === ANY || rules[r + 2] === single) &&
      (rules[r + 3] === ANY || rules[r + 3] === double) &&
      (rules[r + 4] === ANY || rules[r + 4] === triple) &&
      (rules[r + 5] === ANY || rules[r + 5] === aromatic) &&
      (rules[r + 6] === ANY || rules[r + 6] === ring3)
    ) {
      return rules[r + 7];
    }
  }
  // No rule: RDKit's generic estimate from the neighbour and hydrogen counts, floored at 0.
  const generic = nitrogen ? 30.5 - heavy * 8.2 + hs * 1.5 : 28.5 - heavy * 8.6 + hs * 1.5;
  return generic < 0 ? 0 : generic;
}

/** RDKit's calcTPSA(mol) with its defaults: nitrogen and oxygen only (includeSandP = false). */
function tpsa(g: MolGraph): number {
  let hasThreeRing = false;
  for (const ring of g.rings) if (ring.length === 3) hasThreeRing = true;
  let sum = 0;
  for (let i = 0; i < g.n; i++) {
    if (g.z[i] === 7 || g.z[i] === 8) sum += polarContribution(g, i, hasThreeRing);
  }
  return sum;
}

/** `tpsa` and `labuteASA` as in RDKit's table, or null for an element or bond type not reproduced here. */
export function surfaceDescriptors(g: MolGraph): Record<string, number> | null {
  const asa = labuteASA(g);
  if (asa === null) return null;
  return { labuteASA: asa, tpsa: tpsa(g) };
}
