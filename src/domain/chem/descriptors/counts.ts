// Weights, atom / bond / ring counts of RDKit's descriptor table (RDKit.js get_descriptors()), from the graph:
// exactmw amw (MolOps getExactMolWt / getAvgMolWt), NumHeavyAtoms NumAtoms (MolDescriptors.cpp), and from
// Descriptors/Lipinski.cpp lipinskiHBA/HBD, NumRotatableBonds, NumHBD, NumHBA, NumHeteroatoms, NumAmideBonds,
// the ring-family counts, NumSpiroAtoms and NumBridgeheadAtoms. RDKit defines several of these by SMARTS;
// each pattern is translated here into direct tests on the graph (SMARTS symbols: upper-case element =
// aliphatic atom, lower-case = aromatic, `-` single non-aromatic bond, `=` double non-aromatic, `:` aromatic,
// `@` ring bond, `R` ring atom, D = explicit degree, H = total Hs, v = total valence).
// Supported: the elements below, no explicit H atoms, no isotopes (null otherwise: the caller asks RDKit).
import { bondBetween, type MolGraph } from '../graph';

const C = 6;
const N = 7;
const O = 8;
const F = 9;
const P = 15;
const S = 16;
const CL = 17;
const BR = 35;

// RDKit's periodic table (Code/GraphMol/atomic_data.cpp): average atomic weight and most common isotope's
// mass per element; RDKit.js 2026.09 returns exactly these (e.g. exactmw of [N] is 14.003074).
const AVERAGE_WEIGHT = new Float64Array(54);
const ISOTOPE_MASS = new Float64Array(54);
const SUPPORTED = new Uint8Array(256);
for (const [z, average, exact] of [
  [1, 1.008, 1.007825032],
  [6, 12.011, 12],
  [7, 14.007, 14.003074],
  [8, 15.999, 15.99491462],
  [9, 18.998, 18.99840322],
  [15, 30.974, 30.97376163],
  [16, 32.067, 31.972071],
  [17, 35.453, 34.96885268],
  [35, 79.904, 78.9183371],
  [53, 126.904, 126.904473],
]) {
  AVERAGE_WEIGHT[z] = average;
  ISOTOPE_MASS[z] = exact;
  if (z !== 1) SUPPORTED[z] = 1;
}
/** constants::electronMass (atomic_data.cpp); getExactMolWt subtracts it per unit of formal charge. */
const ELECTRON_MASS = 0.00054857991;

// Per-atom and per-bond facts the SMARTS translations share. One workspace, grown as needed and refilled
// for each molecule: allocating these arrays per molecule cost more (in garbage collection) than the counting.
interface Facts {
  degree: Int32Array; // explicit degree (heavy degree: there are no explicit H atoms)
  valence: Int32Array; // total valence: Kekulé bond orders + Hs (exact for aliphatic atoms, the only ones asked)
  hasTriple: Uint8Array;
  ringAtom: Uint8Array;
  ringBond: Uint8Array;
  /** Ring r's bonds are ringBonds[ringStart[r] .. ringStart[r + 1]), in ring order. */
  ringBonds: Int32Array;
  ringStart: Int32Array;
  // Scratch for the rules below.
  startOk: Uint8Array;
  endOk: Uint8Array;
  atomMark: Int32Array;
  bondMark: Int32Array;
  atomFlag: Uint8Array;
}

let work = allocate(64, 64, 64);

function allocate(atoms: number, bonds: number, ringSlots: number): Facts {
  return {
    degree: new Int32Array(atoms),
    valence: new Int32Array(atoms),
    hasTriple: new Uint8Array(atoms),
    ringAtom: new Uint8Array(atoms),
    ringBond: new Uint8Array(bonds),
    ringBonds: new Int32Array(ringSlots),
    ringStart: new Int32Array(ringSlots + 1),
    startOk: new Uint8Array(atoms),
    endOk: new Uint8Array(atoms),
    atomMark: new Int32Array(atoms),
    bondMark: new Int32Array(bonds),
    atomFlag: new Uint8Array(atoms),
  };
}

export function countDescriptors(g: MolGraph): Record<string, number> | null {
  if (!supported(g)) return null;
  const f = computeFacts(g);
  const w = weightsAndAtomCounts(g);
  const r = ringCounts(g, f);
  return {
    exactmw: w.exactmw,
    amw: w.amw,
    lipinskiHBA: w.lipinskiHBA,
    lipinskiHBD: w.lipinskiHBD,
    NumRotatableBonds: rotatableBonds(g, f),
    NumHBD: hbdCount(g, f),
    NumHBA: hbaCount(g, f),
    NumHeavyAtoms: w.NumHeavyAtoms,
    NumAtoms: w.NumAtoms,
    NumHeteroatoms: w.NumHeteroatoms,
    NumAmideBonds: amideBonds(g, f),
    NumRings: r.NumRings,
    NumAromaticRings: r.NumAromaticRings,
    NumAliphaticRings: r.NumAliphaticRings,
    NumSaturatedRings: r.NumSaturatedRings,
    NumHeterocycles: r.NumHeterocycles,
    NumAromaticHeterocycles: r.NumAromaticHeterocycles,
    NumSaturatedHeterocycles: r.NumSaturatedHeterocycles,
    NumAliphaticHeterocycles: r.NumAliphaticHeterocycles,
    NumSpiroAtoms: spiroAtoms(g, f),
    NumBridgeheadAtoms: bridgeheadAtoms(g, f),
  };
}

/**
 * Only the elements tabulated above, without explicit H atoms or isotopes. Radicals are fine: none of these
 * descriptors reads them (SMARTS' v is bond orders plus Hs).
 */
function supported(g: MolGraph): boolean {
  for (let i = 0; i < g.n; i++) {
    if (!SUPPORTED[g.z[i]] || g.isotope[i] !== 0) return false;
  }
  return true;
}

function computeFacts(g: MolGraph): Facts {
  const n = g.n;
  const nBonds = g.a1.length;
  let ringSlots = 0;
  for (const ring of g.rings) ringSlots += ring.length;
  if (work.degree.length < n || work.ringBond.length < nBonds || work.ringBonds.length < ringSlots) {
    work = allocate(Math.max(n, work.degree.length), Math.max(nBonds, work.ringBond.length), Math.max(ringSlots, work.ringBonds.length));
  }
  const f = work;
  f.hasTriple.fill(0, 0, n);
  f.ringAtom.fill(0, 0, n);
  f.ringBond.fill(0, 0, nBonds);
  for (let i = 0; i < n; i++) {
    const bonds = g.bondsOf[i];
    f.degree[i] = bonds.length;
    let v = g.hs[i];
    for (let k = 0; k < bonds.length; k++) {
      const b = bonds[k];
      v += g.order[b];
      if (g.order[b] === 3 && !g.bondAromatic[b]) f.hasTriple[i] = 1;
    }
    f.valence[i] = v;
  }
  // RDKit's `R` / `@` read RingInfo: an atom or bond is "in a ring" iff it is in one of its rings. A ring's
  // bonds join consecutive ring atoms (RingInfo keeps atom rings in ring order).
  let slot = 0;
  for (let r = 0; r < g.rings.length; r++) {
    const ring = g.rings[r];
    f.ringStart[r] = slot;
    for (let k = 0; k < ring.length; k++) {
      const b = bondBetween(g, ring[k], ring[k + 1 === ring.length ? 0 : k + 1]);
      f.ringBonds[slot++] = b;
      f.ringBond[b] = 1;
      f.ringAtom[ring[k]] = 1;
    }
  }
  f.ringStart[g.rings.length] = slot;
  return f;
}

const isSingle = (g: MolGraph, b: number) => g.order[b] === 1 && !g.bondAromatic[b];
const isDouble = (g: MolGraph, b: number) => g.order[b] === 2 && !g.bondAromatic[b];
/** SMARTS' default bond (none written): single or aromatic. */
const isSingleOrAromatic = (g: MolGraph, b: number) => g.order[b] === 1 || g.bondAromatic[b] === 1;
const isAliphatic = (g: MolGraph, i: number, z: number) => g.z[i] === z && !g.aromatic[i];

// ---- weights and plain counts ----

function weightsAndAtomCounts(g: MolGraph) {
  // Same accumulation order as MolOps::getExactMolWt / getAvgMolWt (which calcExactMW / calcAMW call): per
  // atom, then the Hs (all of them at the end for the exact mass, per atom for the average weight).
  let exact = 0;
  let average = 0;
  let hs = 0;
  let heteroatoms = 0;
  let lipinskiHBA = 0;
  let lipinskiHBD = 0;
  for (let i = 0; i < g.n; i++) {
    const z = g.z[i];
    exact += ISOTOPE_MASS[z];
    exact -= ELECTRON_MASS * g.charge[i];
    hs += g.hs[i];
    average += AVERAGE_WEIGHT[z];
    average += g.hs[i] * AVERAGE_WEIGHT[1];
    if (z !== C) heteroatoms++; // NumHeteroatoms: [!#6;!#1]
    // Lipinski.cpp calcLipinskiHBA / HBD: every N and O; the Hs on them.
    if (z === N || z === O) {
      lipinskiHBA++;
      lipinskiHBD += g.hs[i];
    }
  }
  exact += hs * ISOTOPE_MASS[1];
  return {
    exactmw: exact,
    amw: average,
    lipinskiHBA,
    lipinskiHBD,
    NumHeavyAtoms: g.n,
    NumAtoms: g.n + hs, // getNumAtoms(onlyExplicit=false) counts implicit Hs
    NumHeteroatoms: heteroatoms,
  };
}

// ---- NumRotatableBonds ----

// RDKit.js is built with RDK_USE_STRICT_ROTOR_DEFINITION, so the table's default is the Strict SMARTS of
// Lipinski.cpp (calcNumRotatableBonds); recent RDKit adds !$([CH3]) to both ends (so RDKit.js 2026.09 gives
// [2H]C([2H])([2H])Oc1ccccc1 one rotatable bond, not two):
//   [A]-,:;!@[B] with
//   B = !$(*#*) & !D1 & !$(C(F)(F)F) & !$(C(Cl)(Cl)Cl) & !$(C(Br)(Br)Br) & !$(C([CH3])([CH3])[CH3]) & !$([CH3])
//   A = B & !$([CD3](=[N,O,S])-!@[#7,O,S!D1]) & !$([#7,O,S!D1]-!@[CD3]=[N,O,S])
//         & !$([CD3](=[N+])-!@[#7!D1]) & !$([#7!D1]-!@[CD3]=[N+])
// (the last two exclusions are special cases of the two before them, so they add nothing; with implicit Hs
// only, a [CH3] is D1 already). Matches are unique by atom set, so a bond counts once if either orientation
// fits.

function rotatableBonds(g: MolGraph, f: Facts): number {
  const endOk = f.endOk; // fits B
  const startOk = f.startOk; // fits A
  for (let i = 0; i < g.n; i++) {
    const methyl = isAliphatic(g, i, C) && g.hs[i] === 3;
    endOk[i] = !f.hasTriple[i] && f.degree[i] !== 1 && !methyl && !isBulkyTerminalCarbon(g, i) ? 1 : 0;
    startOk[i] = endOk[i] && !isAmideLikeCarbon(g, f, i) && !isAmideLikeHeteroatom(g, f, i) ? 1 : 0;
  }
  let count = 0;
  for (let b = 0; b < g.a1.length; b++) {
    if (f.ringBond[b] || !isSingleOrAromatic(g, b)) continue;
    const i = g.a1[b];
    const j = g.a2[b];
    if ((startOk[i] && endOk[j]) || (startOk[j] && endOk[i])) count++;
  }
  return count;
}

/** C(F)(F)F, C(Cl)(Cl)Cl, C(Br)(Br)Br or C([CH3])([CH3])[CH3]: an aliphatic C with three such neighbours. */
function isBulkyTerminalCarbon(g: MolGraph, i: number): boolean {
  if (!isAliphatic(g, i, C)) return false;
  let fluorines = 0;
  let chlorines = 0;
  let bromines = 0;
  let methyls = 0;
  const bonds = g.bondsOf[i];
  for (let k = 0; k < bonds.length; k++) {
    if (!isSingleOrAromatic(g, bonds[k])) continue;
    const j = g.neighbours[i][k];
    const z = g.z[j];
    if (z === F) fluorines++;
    else if (z === CL) chlorines++;
    else if (z === BR) bromines++;
    else if (z === C && !g.aromatic[j] && g.hs[j] === 3) methyls++;
  }
  return fluorines >= 3 || chlorines >= 3 || bromines >= 3 || methyls >= 3;
}

/** [N,O,S] as the SMARTS writes it: aliphatic N, O or S. */
const isAliphaticNOS = (g: MolGraph, i: number) => !g.aromatic[i] && (g.z[i] === N || g.z[i] === O || g.z[i] === S);

/** [#7,O,S!D1]: any N, an aliphatic O, or an aliphatic S that is not terminal. */
function isAmideSideAtom(g: MolGraph, f: Facts, i: number): boolean {
  const z = g.z[i];
  if (z === N) return true;
  if (g.aromatic[i]) return false;
  return z === O || (z === S && f.degree[i] !== 1);
}

/** [CD3](=[N,O,S]): an aliphatic C of degree 3 with a double bond to an aliphatic N, O or S. */
function isCarbonylLike(g: MolGraph, f: Facts, i: number): boolean {
  if (!isAliphatic(g, i, C) || f.degree[i] !== 3) return false;
  const bonds = g.bondsOf[i];
  for (let k = 0; k < bonds.length; k++) {
    if (isDouble(g, bonds[k]) && isAliphaticNOS(g, g.neighbours[i][k])) return true;
  }
  return false;
}

/** $([CD3](=[N,O,S])-!@[#7,O,S!D1]): the carbonyl-like C of an amide, ester, thioester, amidine, .... */
function isAmideLikeCarbon(g: MolGraph, f: Facts, i: number): boolean {
  if (!isCarbonylLike(g, f, i)) return false;
  const bonds = g.bondsOf[i];
  for (let k = 0; k < bonds.length; k++) {
    const b = bonds[k];
    if (isSingle(g, b) && !f.ringBond[b] && isAmideSideAtom(g, f, g.neighbours[i][k])) return true;
  }
  return false;
}

/** $([#7,O,S!D1]-!@[CD3]=[N,O,S]): the N, O or S on the other side of that bond. */
function isAmideLikeHeteroatom(g: MolGraph, f: Facts, i: number): boolean {
  if (!isAmideSideAtom(g, f, i)) return false;
  const bonds = g.bondsOf[i];
  for (let k = 0; k < bonds.length; k++) {
    const b = bonds[k];
    if (isSingle(g, b) && !f.ringBond[b] && isCarbonylLike(g, f, g.neighbours[i][k])) return true;
  }
  return false;
}

// ---- NumHBD, NumHBA, NumAmideBonds ----

/** NumHBD (Lipinski.cpp, version 2.0.1): atoms matching [N&!H0&v3,N&!H0&+1&v4,O&H1&+0,S&H1&+0,n&H1&+0]. */
function hbdCount(g: MolGraph, f: Facts): number {
  let count = 0;
  for (let i = 0; i < g.n; i++) {
    const z = g.z[i];
    const h = g.hs[i];
    const charge = g.charge[i];
    if (g.aromatic[i]) {
      if (z === N && h === 1 && charge === 0) count++;
    } else if (z === N) {
      if (h > 0 && (f.valence[i] === 3 || (charge === 1 && f.valence[i] === 4))) count++;
    } else if ((z === O || z === S) && h === 1 && charge === 0) {
      count++;
    }
  }
  return count;
}

/**
 * NumHBA (Lipinski.cpp, version 2.0.2): atoms matching any of
 *   [O,S;H1;v2]-[!$(*=[O,N,P,S])]   OH / SH not on a C=O-like atom (acids are not acceptors)
 *   [O,S;H0;v2]                     ethers, carbonyl O, thioethers
 *   [O,S;-]                         anionic O / S
 *   [N;v3;!$(N-*=!@[O,N,P,S])]      trivalent N not next to an exocyclic C=O-like group (amides are not)
 *   [nH0X2,o,s;+0]                  neutral aromatic n with two neighbours and no H, aromatic o and s
 */
function hbaCount(g: MolGraph, f: Facts): number {
  let count = 0;
  for (let i = 0; i < g.n; i++) {
    const z = g.z[i];
    let acceptor: boolean;
    if (g.aromatic[i]) {
      acceptor = g.charge[i] === 0 && ((z === N && g.hs[i] === 0 && f.degree[i] === 2) || z === O || z === S);
    } else if (z === O || z === S) {
      acceptor = g.charge[i] === -1 || (f.valence[i] === 2 && (g.hs[i] === 0 || (g.hs[i] === 1 && hasSingleNeighbourWithoutDoubleToONPS(g, i))));
    } else if (z === N) {
      acceptor = f.valence[i] === 3 && !hasSingleNeighbourWithExocyclicDoubleToONPS(g, f, i);
    } else {
      acceptor = false;
    }
    if (acceptor) count++;
  }
  return count;
}

/** [O,N,P,S] as the SMARTS writes it: aliphatic O, N, P or S. */
const isAliphaticONPS = (g: MolGraph, i: number) =>
  !g.aromatic[i] && (g.z[i] === O || g.z[i] === N || g.z[i] === P || g.z[i] === S);

/** Does atom j have a double bond to an aliphatic O, N, P or S (outside rings only, if `ringBond` is given)? */
function hasDoubleToONPS(g: MolGraph, j: number, ringBond: Uint8Array | null): boolean {
  const bonds = g.bondsOf[j];
  for (let k = 0; k < bonds.length; k++) {
    const b = bonds[k];
    if (isDouble(g, b) && !(ringBond && ringBond[b]) && isAliphaticONPS(g, g.neighbours[j][k])) return true;
  }
  return false;
}

/** -[!$(*=[O,N,P,S])]: some single-bonded neighbour has no double bond to O, N, P or S. */
function hasSingleNeighbourWithoutDoubleToONPS(g: MolGraph, i: number): boolean {
  const bonds = g.bondsOf[i];
  for (let k = 0; k < bonds.length; k++) {
    if (isSingle(g, bonds[k]) && !hasDoubleToONPS(g, g.neighbours[i][k], null)) return true;
  }
  return false;
}

/** $(N-*=!@[O,N,P,S]): some single-bonded neighbour has a non-ring double bond to O, N, P or S. */
function hasSingleNeighbourWithExocyclicDoubleToONPS(g: MolGraph, f: Facts, i: number): boolean {
  const bonds = g.bondsOf[i];
  for (let k = 0; k < bonds.length; k++) {
    if (isSingle(g, bonds[k]) && hasDoubleToONPS(g, g.neighbours[i][k], f.ringBond)) return true;
  }
  return false;
}

/** NumAmideBonds (Lipinski.cpp): matches of C(=[O;!R])N, i.e. (C, O, N) triples, counted per triple. */
function amideBonds(g: MolGraph, f: Facts): number {
  let count = 0;
  for (let i = 0; i < g.n; i++) {
    if (!isAliphatic(g, i, C)) continue;
    let oxygens = 0;
    let nitrogens = 0;
    const bonds = g.bondsOf[i];
    for (let k = 0; k < bonds.length; k++) {
      const b = bonds[k];
      const j = g.neighbours[i][k];
      if (isDouble(g, b) && isAliphatic(g, j, O) && !f.ringAtom[j]) oxygens++;
      else if (isSingleOrAromatic(g, b) && isAliphatic(g, j, N)) nitrogens++;
    }
    count += oxygens * nitrogens;
  }
  return count;
}

// ---- rings ----

/** The ring-family counts of Lipinski.cpp over RingInfo's rings (atom rings and their bond rings). */
function ringCounts(g: MolGraph, f: Facts) {
  let aromatic = 0;
  let aliphatic = 0;
  let saturated = 0;
  let hetero = 0;
  let aromaticHetero = 0;
  let saturatedHetero = 0;
  let aliphaticHetero = 0;
  for (let r = 0; r < g.rings.length; r++) {
    let allAromatic = true;
    let allSingle = true; // every bond SINGLE and not aromatic
    for (let s = f.ringStart[r]; s < f.ringStart[r + 1]; s++) {
      const b = f.ringBonds[s];
      if (!g.bondAromatic[b]) allAromatic = false;
      if (!isSingle(g, b)) allSingle = false;
    }
    // A ring's atoms are exactly its bonds' ends, so "some bond touches a non-C" is "some atom is not C".
    let hasHetero = false;
    for (const i of g.rings[r]) if (g.z[i] !== C) hasHetero = true;
    if (allAromatic) aromatic++;
    else aliphatic++;
    if (allSingle) saturated++;
    if (hasHetero) {
      hetero++;
      if (allAromatic) aromaticHetero++;
      else aliphaticHetero++;
      if (allSingle) saturatedHetero++;
    }
  }
  return {
    NumRings: g.rings.length,
    NumAromaticRings: aromatic,
    NumAliphaticRings: aliphatic,
    NumSaturatedRings: saturated,
    NumHeterocycles: hetero,
    NumAromaticHeterocycles: aromaticHetero,
    NumSaturatedHeterocycles: saturatedHetero,
    NumAliphaticHeterocycles: aliphaticHetero,
  };
}

/** NumSpiroAtoms (Lipinski.cpp): atoms that are the only atom shared by some pair of rings. */
function spiroAtoms(g: MolGraph, f: Facts): number {
  const rings = g.rings;
  if (rings.length < 2) return 0;
  const inRing = f.atomMark.fill(-1, 0, g.n); // the ring last marked on each atom
  const spiro = f.atomFlag.fill(0, 0, g.n);
  let count = 0;
  for (let r = 0; r < rings.length; r++) {
    for (const i of rings[r]) inRing[i] = r;
    for (let s = r + 1; s < rings.length; s++) {
      let shared = 0;
      let atom = -1;
      for (const i of rings[s]) {
        if (inRing[i] === r) {
          shared++;
          atom = i;
        }
      }
      if (shared === 1 && !spiro[atom]) {
        spiro[atom] = 1;
        count++;
      }
    }
  }
  return count;
}

/**
 * NumBridgeheadAtoms (Lipinski.cpp, version 2.0.0): for each pair of rings sharing more than one bond, the
 * atoms at the ends of the shared bonds (those touched by exactly one shared bond).
 */
function bridgeheadAtoms(g: MolGraph, f: Facts): number {
  const nRings = g.rings.length;
  if (nRings < 2) return 0;
  const inRing = f.bondMark.fill(-1, 0, g.a1.length); // the ring last marked on each bond
  const touches = f.atomMark.fill(0, 0, g.n);
  const bridgehead = f.atomFlag.fill(0, 0, g.n);
  const { ringBonds, ringStart } = f;
  let count = 0;
  for (let r = 0; r < nRings; r++) {
    for (let k = ringStart[r]; k < ringStart[r + 1]; k++) inRing[ringBonds[k]] = r;
    for (let s = r + 1; s < nRings; s++) {
      let shared = 0;
      for (let k = ringStart[s]; k < ringStart[s + 1]; k++) {
        const b = ringBonds[k];
        if (inRing[b] !== r) continue;
        shared++;
        touches[g.a1[b]]++;
        touches[g.a2[b]]++;
      }
      if (shared === 0) continue;
      // Visit the shared bonds again to mark their ends (if more than one bond is shared), then reset.
      for (let k = ringStart[s]; shared > 1 && k < ringStart[s + 1]; k++) {
        const b = ringBonds[k];
        if (inRing[b] !== r) continue;
        if (touches[g.a1[b]] === 1 && !bridgehead[g.a1[b]]) {
          bridgehead[g.a1[b]] = 1;
          count++;
        }
        if (touches[g.a2[b]] === 1 && !bridgehead[g.a2[b]]) {
          bridgehead[g.a2[b]] = 1;
          count++;
        }
      }
      for (let k = ringStart[s]; k < ringStart[s + 1]; k++) {
        const b = ringBonds[k];
        touches[g.a1[b]] = 0;
        touches[g.a2[b]] = 0;
      }
    }
  }
  return count;
}
