// QED's SMARTS-defined counts (qed.ts: QED_ACCEPTOR_SMARTS, ROTATABLE_BOND_STRICT, BOND_OUTSIDE_ALIPHATIC_RINGS
// and the alert gates) read directly off the molecule graph, each rule written out from its SMARTS, so QED asks
// RDKit only for the structural alerts themselves. SMARTS semantics used below: an upper-case symbol is an
// aliphatic atom, lower case aromatic; H = total hydrogens; X = connections including hydrogens; D = explicit
// connections; v = total valence (bond orders of the Kekulé form plus hydrogens); R / @ = in a ring; an
// unwritten bond is single or aromatic. The graph must have no explicit hydrogen atoms (QED removes them).
import { bondBetween, type MolGraph } from './graph';

/** Per-atom and per-bond facts the rules share, computed once per molecule. */
export interface GraphFacts {
  g: MolGraph;
  valence: Uint8Array;
  inRing: Uint8Array;
  bondInRing: Uint8Array;
  /** Atom is in a triple bond. */
  triple: Uint8Array;
}

export function graphFacts(g: MolGraph): GraphFacts {
  const valence = new Uint8Array(g.n);
  const triple = new Uint8Array(g.n);
  for (let i = 0; i < g.n; i++) valence[i] = g.hs[i];
  for (let b = 0; b < g.order.length; b++) {
    valence[g.a1[b]] += g.order[b];
    valence[g.a2[b]] += g.order[b];
    if (g.order[b] === 3) triple[g.a1[b]] = triple[g.a2[b]] = 1;
  }
  const inRing = new Uint8Array(g.n);
  const bondInRing = new Uint8Array(g.order.length);
  for (const ring of g.rings) {
    for (let k = 0; k < ring.length; k++) {
      inRing[ring[k]] = 1;
      bondInRing[bondBetween(g, ring[k], ring[(k + 1) % ring.length])] = 1;
    }
  }
  return { g, valence, inRing, bondInRing, triple };
}

const C = 6;
const N = 7;
const O = 8;
const S = 16;

const aliphatic = (f: GraphFacts, i: number, z: number) => f.g.z[i] === z && !f.g.aromatic[i];
const connections = (f: GraphFacts, i: number) => f.g.neighbours[i].length + f.g.hs[i];
/** Single or aromatic: what an unwritten SMARTS bond matches. */
const plainBond = (f: GraphFacts, b: number) => f.g.order[b] === 1 || f.g.bondAromatic[b] === 1;
const doubleBond = (f: GraphFacts, b: number) => f.g.order[b] === 2 && !f.g.bondAromatic[b];

/** Each neighbour j of i through a bond for which test(j, bond) holds. */
function countNeighbours(f: GraphFacts, i: number, test: (j: number, b: number) => boolean): number {
  let k = 0;
  const nb = f.g.neighbours[i];
  for (let t = 0; t < nb.length; t++) if (test(nb[t], f.g.bondsOf[i][t])) k++;
  return k;
}

// ---------------------------------------------------------------------------------------------
// HBA: the summed matches of QED_ACCEPTOR_SMARTS. Each pattern is one atom, so its matches are the atoms
// that fit it; an atom fitting two patterns counts twice, as in the SMARTS count.

/** N[C,S]=O: the nitrogen bonded (single or aromatic) to an aliphatic C or S that has a double bond to an aliphatic O. */
function amideLikeN(f: GraphFacts, i: number): boolean {
  return (
    countNeighbours(
      f,
      i,
      (j, b) => plainBond(f, b) && (aliphatic(f, j, C) || aliphatic(f, j, S)) && countNeighbours(f, j, (k, b2) => k !== i && doubleBond(f, b2) && aliphatic(f, k, O)) > 0,
    ) > 0
  );
}

export function qedAcceptorCount(f: GraphFacts): number {
  const { g } = f;
  let n = 0;
  for (let i = 0; i < g.n; i++) {
    const h = g.hs[i];
    const x = connections(f, i);
    const v = f.valence[i];
    const q = g.charge[i];
    if (g.aromatic[i]) {
      if ((g.z[i] === O || g.z[i] === N) && h === 0 && x === 2) n++; // [oH0;X2], [nH0;X2]
      continue;
    }
    const fits = (ok: boolean) => {
      if (ok) n++;
    };
    switch (g.z[i]) {
      case O:
        fits(h === 1 && x === 2 && v === 2); // [OH1;X2;v2]
        fits(h === 0 && x === 2 && v === 2); // [OH0;X2;v2]
        fits(h === 0 && x === 1 && v === 2); // [OH0;X1;v2]
        fits(q === -1 && x === 1); // [O-;X1]
        break;
      case S:
        fits(h === 0 && x === 2 && v === 2); // [SH0;X2;v2]
        fits(h === 0 && x === 1 && v === 2); // [SH0;X1;v2]
        fits(q === -1 && x === 1); // [S-;X1]
        break;
      case N:
        fits(h === 0 && x === 1 && v === 3); // [NH0;X1;v3]
        fits(q === 0 && x === 3 && v === 3 && !amideLikeN(f, i)); // [$([N;+0;X3;v3]);!$(N[C,S]=O)]
        break;
    }
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// ROTB: bonds matching ROTATABLE_BOND_STRICT (RDKit 2022.09's Strict definition), counted once per bond.

/** Aliphatic C with at least three neighbours that fit test, through single or aromatic bonds. */
function carbonWithThree(f: GraphFacts, i: number, test: (j: number) => boolean): boolean {
  return aliphatic(f, i, C) && countNeighbours(f, i, (j, b) => plainBond(f, b) && test(j)) >= 3;
}

/** The conditions both ends share: not in a triple bond, not terminal, not CX3 (X = F, Cl, Br) or C(CH3)3. */
function rotorEnd(f: GraphFacts, i: number): boolean {
  const { g } = f;
  if (f.triple[i] || g.neighbours[i].length === 1) return false;
  for (const hal of [9, 17, 35]) if (carbonWithThree(f, i, (j) => g.z[j] === hal && !g.aromatic[j])) return false;
  return !carbonWithThree(f, i, (j) => aliphatic(f, j, C) && g.hs[j] === 3);
}

/** [CD3] with a double bond to an atom fitting test. */
function cd3DoubleTo(f: GraphFacts, i: number, test: (j: number) => boolean): boolean {
  return aliphatic(f, i, C) && f.g.neighbours[i].length === 3 && countNeighbours(f, i, (j, b) => doubleBond(f, b) && test(j)) > 0;
}

const heteroNOS = (f: GraphFacts, j: number) => aliphatic(f, j, N) || aliphatic(f, j, O) || aliphatic(f, j, S);
/** [#7,O,S!D1]: any N, aliphatic O, or aliphatic S that is not terminal. */
const amideSide = (f: GraphFacts, j: number) => f.g.z[j] === N || aliphatic(f, j, O) || (aliphatic(f, j, S) && f.g.neighbours[j].length !== 1);
const cationicN = (f: GraphFacts, j: number) => aliphatic(f, j, N) && f.g.charge[j] === 1;
const nonTerminalN = (f: GraphFacts, j: number) => f.g.z[j] === N && f.g.neighbours[j].length !== 1;

/** Through a non-ring single bond, a neighbour k of i for which test(k) holds. */
function chainSingleTo(f: GraphFacts, i: number, test: (k: number) => boolean): boolean {
  return countNeighbours(f, i, (k, b) => f.g.order[b] === 1 && !f.g.bondAromatic[b] && !f.bondInRing[b] && test(k)) > 0;
}

/** The first atom's extra exclusions: amide-like C–N, C–O, C–S and amidinium C–N, from either side. */
function firstEnd(f: GraphFacts, i: number): boolean {
  if (!rotorEnd(f, i)) return false;
  if (cd3DoubleTo(f, i, (j) => heteroNOS(f, j)) && chainSingleTo(f, i, (k) => amideSide(f, k))) return false;
  if (amideSide(f, i) && chainSingleTo(f, i, (k) => cd3DoubleTo(f, k, (j) => heteroNOS(f, j)))) return false;
  if (cd3DoubleTo(f, i, (j) => cationicN(f, j)) && chainSingleTo(f, i, (k) => nonTerminalN(f, k))) return false;
  if (nonTerminalN(f, i) && chainSingleTo(f, i, (k) => cd3DoubleTo(f, k, (j) => cationicN(f, j)))) return false;
  return true;
}

export function qedRotatableBondCount(f: GraphFacts): number {
  const { g } = f;
  let n = 0;
  for (let b = 0; b < g.order.length; b++) {
    if (!plainBond(f, b) || f.bondInRing[b]) continue;
    const [i, j] = [g.a1[b], g.a2[b]];
    if ((firstEnd(f, i) && rotorEnd(f, j)) || (firstEnd(f, j) && rotorEnd(f, i))) n++;
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// AROM: rings left once the atoms matching [A;R][!a] (aliphatic ring atoms with a non-aromatic neighbour
// through a single or aromatic bond) are deleted; a graph's ring count is its cyclomatic number, so it is
// the number of kept bonds whose ends union-find has already joined.

export function qedAromaticRingCount(f: GraphFacts): number {
  const { g } = f;
  const kept = new Uint8Array(g.n);
  for (let i = 0; i < g.n; i++) {
    kept[i] = g.aromatic[i] || !f.inRing[i] || countNeighbours(f, i, (j, b) => plainBond(f, b) && !g.aromatic[j]) === 0 ? 1 : 0;
  }
  const parent = Int32Array.from({ length: g.n }, (_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  let rings = 0;
  for (let b = 0; b < g.order.length; b++) {
    if (!kept[g.a1[b]] || !kept[g.a2[b]]) continue;
    const [x, y] = [root(g.a1[b]), root(g.a2[b])];
    if (x === y) rings++;
    else parent[x] = y;
  }
  return rings;
}

// ---------------------------------------------------------------------------------------------
// The alert gates (qed.ts GATES): whether each one-atom or one-bond pattern matches at all.

export interface QedGates {
  halogen: boolean;
  sulfur: boolean;
  tripleBond: boolean;
  charge: boolean;
  threeRing: boolean;
  alkene: boolean;
  carboxyl: boolean;
  unusualElement: boolean;
  isotope: boolean;
  phosphorus: boolean;
  heteroPair: boolean;
  nitrogenDouble: boolean;
  sevenRing: boolean;
}

const USUAL = new Set([1, 6, 7, 8, 9, 15, 16, 17, 35, 53]);

export function qedGates(f: GraphFacts): QedGates {
  const { g } = f;
  const gates: QedGates = {
    halogen: false,
    sulfur: false,
    tripleBond: false,
    charge: false,
    threeRing: false,
    alkene: false,
    carboxyl: false,
    unusualElement: false,
    isotope: false,
    phosphorus: false,
    heteroPair: false,
    nitrogenDouble: false,
    sevenRing: false,
  };
  for (let i = 0; i < g.n; i++) {
    const z = g.z[i];
    if (z === 9 || z === 17 || z === 35 || z === 53) gates.halogen = true;
    if (z === S) gates.sulfur = true;
    if (g.charge[i] !== 0) gates.charge = true;
    if (!USUAL.has(z)) gates.unusualElement = true;
    if (f.triple[i]) gates.tripleBond = true;
    if (z === 15) gates.phosphorus = true;
    const iso = g.isotope[i];
    if ((z === 7 && iso === 15) || (z === C && iso === 13) || (z === O && iso === 18) || (z === S && iso === 34)) gates.isotope = true;
    // C(=O)O: an aliphatic C with a double bond to an aliphatic O and a single or aromatic bond to another
    if (aliphatic(f, i, C)) {
      const dO = countNeighbours(f, i, (j, b) => doubleBond(f, b) && aliphatic(f, j, O));
      if (dO > 0 && countNeighbours(f, i, (j, b) => plainBond(f, b) && aliphatic(f, j, O)) > 0) gates.carboxyl = true;
    }
  }
  const nOrO = (i: number) => g.z[i] === N || g.z[i] === O;
  for (let b = 0; b < g.order.length; b++) {
    const [i, j] = [g.a1[b], g.a2[b]];
    if (doubleBond(f, b) && aliphatic(f, i, C) && aliphatic(f, j, C)) gates.alkene = true;
    if (doubleBond(f, b) && (aliphatic(f, i, N) || aliphatic(f, j, N))) gates.nitrogenDouble = true;
    if (nOrO(i) && nOrO(j)) gates.heteroPair = true;
  }
  // [r3] / [r7]: an atom whose smallest ring has 3 / 7 atoms; every ring of RDKit's set is some atom's smallest
  // only if no smaller ring shares an atom with it, so look at each atom's smallest ring.
  const smallest = new Uint8Array(g.n);
  for (const ring of g.rings) for (const a of ring) if (smallest[a] === 0 || ring.length < smallest[a]) smallest[a] = ring.length;
  gates.threeRing = smallest.includes(3);
  gates.sevenRing = smallest.includes(7);
  return gates;
}
