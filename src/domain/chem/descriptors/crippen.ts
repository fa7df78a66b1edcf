// CrippenClogP and CrippenMR (Wildman & Crippen, JCICS 39, 868 (1999)) as RDKit computes them
// (Code/GraphMol/Descriptors/Crippen.cpp): RDKit adds explicit hydrogens (MolOps::addHs), gives each atom
// the type of the first SMARTS in its ordered table (`defaultParamData` in Crippen.cpp, the same text as
// Data/Crippen.txt and as the table compiled into RDKit.js 2026.09) whose first atom matches it, and sums
// the types' logP and MR contributions over all atoms, heavy atoms first, then the added hydrogens.
//
// Here the table is not matched as SMARTS: each element has a function that tries RDKit's rows for that
// element in RDKit's order, written as conditions on the atom and its neighbours. SMARTS meanings used:
// C N O S (also inside brackets) are aliphatic, c n o s and `a` aromatic, `A` any aliphatic atom (which
// includes H, hence the table's `!#1`); H<n> is the total H count, X<n> the total degree (H included);
// `+0`/`-0` mean charge 0, `+`/`-` alone charge +1/-1; an unwritten bond is single or aromatic, `-` `=` `#`
// are single, double and triple non-aromatic bonds and `:` an aromatic bond. A row's neighbour atoms must
// be distinct atoms; as each neighbour has one bond to the centre, atoms asked for through different bond
// kinds are distinct by construction and only counts within one bond kind need care.
import type { MolGraph } from '../graph';

// The contribution per type label: [logP, MR] (an empty MR in RDKit's table reads as 0).
const CONTRIBUTIONS = {
  C1: [0.1441, 2.503],
  C2: [0, 2.433],
  C3: [-0.2035, 2.753],
  C4: [-0.2051, 2.731],
  C5: [-0.2783, 5.007],
  C6: [0.1551, 3.513],
  C7: [0.0017, 3.888],
  C8: [0.08452, 2.464],
  C9: [-0.1444, 2.412],
  C10: [-0.0516, 2.488],
  C11: [0.1193, 2.582],
  C12: [-0.0967, 2.576],
  C13: [-0.5443, 4.041],
  C14: [0, 3.257],
  C15: [0.245, 3.564],
  C16: [0.198, 3.18],
  C17: [0, 3.104],
  C18: [0.1581, 3.35],
  C19: [0.2955, 4.346],
  C20: [0.2713, 3.904],
  C21: [0.136, 3.509],
  C22: [0.4619, 4.067],
  C23: [0.5437, 3.853],
  C24: [0.1893, 2.673],
  C25: [-0.8186, 3.135],
  C26: [0.264, 4.305],
  C27: [0.2148, 2.693],
  CS: [0.08129, 3.243],
  H1: [0.123, 1.057],
  H2: [-0.2677, 1.395],
  H3: [0.2142, 0.9627],
  H4: [0.298, 1.805],
  HS: [0.1125, 1.112],
  N1: [-1.019, 2.262],
  N2: [-0.7096, 2.173],
  N3: [-1.027, 2.827],
  N4: [-0.5188, 3],
  N5: [0.08387, 1.757],
  N6: [0.1836, 2.428],
  N7: [-0.3187, 1.839],
  N8: [-0.4458, 2.819],
  N9: [0.01508, 1.725],
  N10: [-1.95, 0],
  N11: [-0.3239, 2.202],
  N12: [-1.119, 0],
  N13: [-0.3396, 0.2604],
  N14: [0.2887, 3.359],
  NS: [-0.4806, 2.134],
  O1: [0.1552, 1.08],
  O2: [-0.2893, 0.8238],
  O3: [-0.0684, 1.085],
  O4: [-0.4195, 1.182],
  O5: [0.0335, 3.367],
  O6: [-0.3339, 0.7774],
  O7: [-1.189, 0],
  O8: [0.1788, 3.135],
  O9: [-0.1526, 0],
  O10: [0.1129, 0.2215],
  O11: [0.4833, 0.389],
  O12: [-1.326, 0],
  OS: [-0.1188, 0.6865],
  F: [0.4202, 1.108],
  Cl: [0.6895, 5.853],
  Br: [0.8456, 8.927],
  I: [0.8857, 14.02],
  Hal: [-2.996, 0],
  P: [0.8612, 6.92],
  S1: [0.6482, 7.591],
  S2: [-0.0024, 7.365],
  S3: [0.6237, 6.691],
  Me1: [-0.3808, 5.754],
  Me2: [-0.0025, 0],
  // An atom no row matches (e.g. a noble gas, or a charged F other than -1) contributes nothing.
  none: [0, 0],
} as const;
type Label = keyof typeof CONTRIBUTIONS;

// Labels as small integers, so the per-atom work indexes typed arrays instead of keyed objects.
const LABELS = Object.keys(CONTRIBUTIONS) as Label[];
const T = Object.fromEntries(LABELS.map((label, k) => [label, k])) as Record<Label, number>;
const LOGP = Float64Array.from(LABELS, (label) => CONTRIBUTIONS[label][0]);
const MR = Float64Array.from(LABELS, (label) => CONTRIBUTIONS[label][1]);

// Type of atoms of elements without rows of their own (the Hal row for +1 alkali ions comes first).
const METAL_TYPE = new Map<number, number>([
  ...[3, 11, 19, 37, 55, 4, 12, 20, 38, 56, 5, 13, 31, 49, 81, 14, 32, 50, 82, 33, 51, 83, 34, 52, 84].map((z): [number, number] => [z, T.Me1]),
  ...[21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 72, 73, 74, 75, 76, 77, 78, 79, 80].map((z): [number, number] => [z, T.Me2]),
]);

const HALOGEN_TYPE = new Map<number, number>([
  [9, T.F],
  [17, T.Cl],
  [35, T.Br],
  [53, T.I],
]);

// Bond kinds as SMARTS sees them.
const SINGLE = 1;
const DOUBLE = 2;
const TRIPLE = 3;
const AROMATIC = 4;

/** Per-molecule scratch: total H count and total degree (SMARTS H and X) of every atom. */
let totalH = new Uint8Array(64);
let totalDegree = new Uint8Array(64);

/** CrippenClogP and CrippenMR of RDKit's descriptor table, or null for a molecule outside what this covers. */
export function crippenDescriptors(g: MolGraph): Record<string, number> | null {
  if (!supported(g)) return null;
  if (totalH.length < g.n) {
    totalH = new Uint8Array(2 * g.n);
    totalDegree = new Uint8Array(2 * g.n);
  }
  for (let i = 0; i < g.n; i++) {
    let h = g.hs[i];
    for (const j of g.neighbours[i]) if (g.z[j] === 1) h++;
    totalH[i] = h;
    totalDegree[i] = g.neighbours[i].length + g.hs[i];
  }
  // Summed in RDKit's atom order after addHs: the molecule's own atoms, then each atom's added Hs in turn.
  let logp = 0;
  let mr = 0;
  for (let i = 0; i < g.n; i++) {
    const t = g.z[i] === 1 ? hydrogenType(g, g.neighbours[i].length ? g.neighbours[i][0] : -1) : atomType(g, i);
    logp += LOGP[t];
    mr += MR[t];
  }
  for (let i = 0; i < g.n; i++) {
    if (g.hs[i] === 0) continue;
    const t = hydrogenType(g, i);
    for (let k = 0; k < g.hs[i]; k++) {
      logp += LOGP[t];
      mr += MR[t];
    }
  }
  return { CrippenClogP: logp, CrippenMR: mr };
}

/**
 * Left to RDKit: dummy atoms, zero-order (dative) bonds, hydrogens bonded to two atoms, and molecules
 * big enough that one row could reach 1000 matches. Crippen.cpp calls SubstructMatch with its default
 * maxMatches of 1000, so past that a row silently skips the atoms it would have matched later.
 * Bound per row: a row's matches all start at atoms of one element. A carbon or nitrogen with d heavy
 * neighbours starts at most d!/(d-k)! <= STAR_MATCHES[d] matches of a row with k <= 4 neighbour roles; an
 * oxygen with at most 3 heavy neighbours at most 6 (two-bond rows like [O]=C(C)[A;!#1] included); a
 * sulfur one per heavy neighbour ([S-0]=[N,O,P,S]); a hydrogen on an oxygen at most 6 ([#1]OC=[#6,#7,O,S]),
 * any other hydrogen 1; every other row one per atom.
 */
const STAR_MATCHES = [1, 1, 2, 6, 24];
const MAX_MATCHES = 1000;

function supported(g: MolGraph): boolean {
  let carbonRows = 0;
  let nitrogenRows = 0;
  let oxygenRows = 0;
  let hydrogens = 0;
  let hydroxylRows = 0;
  let sulfurRows = 0;
  for (let i = 0; i < g.n; i++) {
    const z = g.z[i];
    if (z === 0) return false;
    if (z === 1 && g.neighbours[i].length > 1) return false;
    let heavy = 0;
    for (const j of g.neighbours[i]) if (g.z[j] !== 1) heavy++;
    if ((z === 6 || z === 7) && heavy >= STAR_MATCHES.length) return false;
    if (z === 8 && heavy > 3) return false;
    if (z === 6) carbonRows += STAR_MATCHES[heavy];
    else if (z === 7) nitrogenRows += STAR_MATCHES[heavy];
    else if (z === 8) {
      oxygenRows += 6;
      hydroxylRows += 6 * g.hs[i];
    } else if (z === 16) sulfurRows += heavy;
    else if (z === 1 && heavy === 1 && g.z[g.neighbours[i][0]] === 8) hydroxylRows += 6;
    hydrogens += g.hs[i] + (z === 1 ? 1 : 0);
  }
  if (Math.max(carbonRows, nitrogenRows, oxygenRows, sulfurRows, hydrogens, hydroxylRows) >= MAX_MATCHES) return false;
  for (let b = 0; b < g.order.length; b++) if (g.order[b] === 0) return false;
  return true;
}

function bondKind(g: MolGraph, b: number): number {
  return g.bondAromatic[b] ? AROMATIC : g.order[b];
}

/** An unwritten SMARTS bond: single or aromatic. */
function isSingleOrAromatic(kind: number): boolean {
  return kind === SINGLE || kind === AROMATIC;
}

function atomType(g: MolGraph, i: number): number {
  switch (g.z[i]) {
    case 6:
      return g.aromatic[i] ? aromaticCarbonType(g, i) : aliphaticCarbonType(g, i);
    case 7:
      return g.aromatic[i] ? aromaticNitrogenType(g.charge[i]) : aliphaticNitrogenType(g, i);
    case 8:
      return g.aromatic[i] ? T.O1 : aliphaticOxygenType(g, i);
    case 15:
      return T.P;
    case 16:
      return sulfurType(g, i);
    default:
      return otherElementType(g.z[i], g.charge[i]);
  }
}

/** F, Cl, Br, I: their own row when neutral; rows Hal for -1 (and I +1..+3, alkali +1); Me1/Me2 for metals. */
function otherElementType(z: number, charge: number): number {
  const halogen = HALOGEN_TYPE.get(z);
  if (halogen !== undefined) {
    if (charge === 0) return halogen;
    if (charge === -1 || (z === 53 && charge >= 1 && charge <= 3)) return T.Hal;
    return T.none;
  }
  if (charge === 1 && (z === 3 || z === 11 || z === 19 || z === 37 || z === 55)) return T.Hal;
  return METAL_TYPE.get(z) ?? T.none;
}

/** Rows C1-C12 and C26-C27, then CS, for a non-aromatic carbon. */
function aliphaticCarbonType(g: MolGraph, i: number): number {
  const h = totalH[i];
  const x = totalDegree[i];
  let saC = 0; // single/aromatic bonds to: aliphatic C
  let saHetero = 0; // aliphatic N O P S F Cl Br I
  let saAliphatic = 0; // any aliphatic heavy atom
  let saAromatic = 0; // any aromatic atom
  let saAromaticC = 0; // aromatic c
  let saOther = 0; // an aliphatic heavy atom other than C N O P S F Cl Br I (row C27)
  let dC = 0; // double bonds to: aliphatic C
  let dAliphaticNonC = 0; // aliphatic heavy atom other than C
  let dAromaticC = 0; // aromatic c
  let tAliphatic = 0; // triple bonds to an aliphatic heavy atom
  const nbrs = g.neighbours[i];
  for (let k = 0; k < nbrs.length; k++) {
    const j = nbrs[k];
    const z = g.z[j];
    if (z === 1) continue;
    const kind = bondKind(g, g.bondsOf[i][k]);
    const aromatic = g.aromatic[j] === 1;
    if (isSingleOrAromatic(kind)) {
      if (aromatic) {
        saAromatic++;
        if (z === 6) saAromaticC++;
      } else {
        saAliphatic++;
        if (z === 6) saC++;
        else if (isCrippenHetero(z)) saHetero++;
        else saOther++;
      }
    } else if (kind === DOUBLE) {
      if (aromatic) {
        if (z === 6) dAromaticC++;
      } else if (z === 6) dC++;
      else dAliphaticNonC++;
    } else if (kind === TRIPLE && !aromatic) tAliphatic++;
  }
  if (h === 4) return T.C1; // [CH4]
  if (h === 3 && saC >= 1) return T.C1; // [CH3]C
  if (h === 2 && saC >= 2) return T.C1; // [CH2](C)C
  if (h === 1 && saC >= 3) return T.C2; // [CH](C)(C)C
  if (saC >= 4) return T.C2; // [C](C)(C)(C)C
  if (h === 3 && saHetero >= 1) return T.C3; // [CH3][N,O,P,S,F,Cl,Br,I]
  // [CH2X4]([N,O,P,S,F,Cl,Br,I])[A;!#1], [CH1X4](..)([A;!#1])[A;!#1], [CH0X4](..)([A;!#1])([A;!#1])[A;!#1]:
  // the hetero atom is itself aliphatic heavy, so it is one of the saAliphatic.
  if (x === 4 && saHetero >= 1) {
    if (h === 2 && saAliphatic >= 2) return T.C3;
    if (h === 1 && saAliphatic >= 3) return T.C4;
    if (h === 0 && saAliphatic >= 4) return T.C4;
  }
  if (dAliphaticNonC >= 1) return T.C5; // [C]=[!C;A;!#1]
  if (dC >= 1) {
    if (h === 2) return T.C6; // [CH2]=C
    if (h === 1 && saAliphatic >= 1) return T.C6; // [CH1](=C)[A;!#1]
    if (h === 0 && saAliphatic >= 2) return T.C6; // [CH0](=C)([A;!#1])[A;!#1]
    if (dC >= 2) return T.C6; // [C](=C)=C
  }
  if (x === 2 && tAliphatic >= 1) return T.C7; // [CX2]#[A;!#1]
  if (h === 3 && saAromaticC >= 1) return T.C8; // [CH3]c
  if (h === 3 && saAromatic >= 1) return T.C9; // [CH3]a
  if (x === 4 && saAromatic >= 1) {
    if (h === 2) return T.C10; // [CH2X4]a
    if (h === 1) return T.C11; // [CHX4]a
    if (h === 0) return T.C12; // [CH0X4]a
  }
  if (dC >= 1) {
    if (saAromatic >= 1 && saAliphatic >= 1) return T.C26; // [C](=C)(a)[A;!#1]
    if (saAromaticC >= 1 && saAromatic >= 2) return T.C26; // [C](=C)(c)a
    if (h === 1 && saAromatic >= 1) return T.C26; // [CH1](=C)a
  }
  if (dAromaticC >= 1) return T.C26; // [C]=c
  if (x === 4 && saOther >= 1) return T.C27; // [CX4][A;!C;!N;!O;!P;!S;!F;!Cl;!Br;!I;!#1]
  return T.CS;
}

/** The elements of [N,O,P,S,F,Cl,Br,I] (aliphatic ones, as the brackets ask). */
function isCrippenHetero(z: number): boolean {
  return z === 7 || z === 8 || z === 15 || z === 16 || z === 9 || z === 17 || z === 35 || z === 53;
}

/** Rows C13-C25, then CS, for an aromatic carbon. */
function aromaticCarbonType(g: MolGraph, i: number): number {
  let ringNeighbours = 0; // aromatic bonds to aromatic atoms (:a)
  let singleAromatic = 0; // -a
  let singleC = 0; // -C
  let singleN = 0; // -N
  let singleO = 0; // -O
  let singleS = 0; // -S
  let singleOther = 0; // -[A;!C;!N;!O;!S;!F;!Cl;!Br;!I;!#1] (row C13; P counts here)
  let doubleCNO = 0; // =[C,N,O]
  let halogen = 0; // the first of F, Cl, Br, I, by that priority (rows C14-C17)
  const nbrs = g.neighbours[i];
  for (let k = 0; k < nbrs.length; k++) {
    const j = nbrs[k];
    const z = g.z[j];
    if (z === 1) continue;
    const kind = bondKind(g, g.bondsOf[i][k]);
    const aromatic = g.aromatic[j] === 1;
    if (isSingleOrAromatic(kind) && HALOGEN_TYPE.has(z) && (halogen === 0 || halogenRank(z) < halogenRank(halogen))) halogen = z;
    if (kind === AROMATIC) {
      if (aromatic) ringNeighbours++;
    } else if (kind === SINGLE) {
      if (aromatic) singleAromatic++;
      else if (z === 6) singleC++;
      else if (z === 7) singleN++;
      else if (z === 8) singleO++;
      else if (z === 16) singleS++;
      else if (!HALOGEN_TYPE.has(z)) singleOther++;
    } else if (kind === DOUBLE && !aromatic && (z === 6 || z === 7 || z === 8)) doubleCNO++;
  }
  if (totalH[i] === 0 && singleOther >= 1) return T.C13; // [cH0]-[A;!C;!N;!O;!S;!F;!Cl;!Br;!I;!#1]
  if (halogen === 9) return T.C14; // [c][#9]
  if (halogen === 17) return T.C15; // [c][#17]
  if (halogen === 35) return T.C16; // [c][#35]
  if (halogen === 53) return T.C17; // [c][#53]
  if (totalH[i] === 1) return T.C18; // [cH]
  if (ringNeighbours >= 3) return T.C19; // [c](:a)(:a):a
  if (ringNeighbours >= 2) {
    if (singleAromatic >= 1) return T.C20; // [c](:a)(:a)-a
    if (singleC >= 1) return T.C21; // [c](:a)(:a)-C
    if (singleN >= 1) return T.C22; // [c](:a)(:a)-N
    if (singleO >= 1) return T.C23; // [c](:a)(:a)-O
    if (singleS >= 1) return T.C24; // [c](:a)(:a)-S
    if (doubleCNO >= 1) return T.C25; // [c](:a)(:a)=[C,N,O]
  }
  return T.CS;
}

/** Order of the rows C14-C17 (F, Cl, Br, I). */
function halogenRank(z: number): number {
  return z === 9 ? 0 : z === 17 ? 1 : z === 35 ? 2 : 3;
}

/** Rows N11 ([n+0]) and N12 ([n;+,+2,+3]); any other aromatic n falls to NS. */
function aromaticNitrogenType(charge: number): number {
  if (charge === 0) return T.N11;
  if (charge >= 1 && charge <= 3) return T.N12;
  return T.NS;
}

/** Rows N1-N10 and N13-N14, then NS, for a non-aromatic nitrogen. */
function aliphaticNitrogenType(g: MolGraph, i: number): number {
  const h = totalH[i];
  const charge = g.charge[i];
  let saHeavy = 0; // single/aromatic bonds to: any heavy atom
  let saAliphatic = 0; // aliphatic heavy atom
  let saAromatic = 0; // aromatic atom
  let dHeavy = 0; // double bonds to: any heavy atom
  let dAliphatic = 0; // aliphatic heavy atom
  let dAnyC = 0; // #6
  let dAnyN = 0; // #7
  let dAliphaticN = 0; // aliphatic N
  let dAliphaticNegativeN = 0; // aliphatic N with charge -1..-3
  let tAliphatic = 0; // triple bonds to an aliphatic heavy atom
  const nbrs = g.neighbours[i];
  for (let k = 0; k < nbrs.length; k++) {
    const j = nbrs[k];
    const z = g.z[j];
    if (z === 1) continue;
    const kind = bondKind(g, g.bondsOf[i][k]);
    const aromatic = g.aromatic[j] === 1;
    if (isSingleOrAromatic(kind)) {
      saHeavy++;
      if (aromatic) saAromatic++;
      else saAliphatic++;
    } else if (kind === DOUBLE) {
      dHeavy++;
      if (!aromatic) dAliphatic++;
      if (z === 6) dAnyC++;
      if (z === 7) {
        dAnyN++;
        if (!aromatic) {
          dAliphaticN++;
          if (g.charge[j] <= -1 && g.charge[j] >= -3) dAliphaticNegativeN++;
        }
      }
    } else if (kind === TRIPLE && !aromatic) tAliphatic++;
  }
  if (charge === 0) {
    if (h === 2 && saAliphatic >= 1) return T.N1; // [NH2+0][A;!#1]
    if (h === 1 && saAliphatic >= 2) return T.N2; // [NH+0]([A;!#1])[A;!#1]
    if (h === 2 && saAromatic >= 1) return T.N3; // [NH2+0]a
    if (h === 1 && saAromatic >= 1 && saHeavy >= 2) return T.N4; // [NH1+0]([!#1;A,a])a
    if (h === 1 && dHeavy >= 1) return T.N5; // [NH+0]=[!#1;A,a]
    if (dHeavy >= 1 && saHeavy >= 1) return T.N6; // [N+0](=[!#1;A,a])[!#1;A,a]
    if (saAliphatic >= 3) return T.N7; // [N+0]([A;!#1])([A;!#1])[A;!#1]
    if (saAromatic >= 1 && saAliphatic >= 1 && saHeavy >= 3) return T.N8; // [N+0](a)([!#1;A,a])[A;!#1]
    if (saAromatic >= 3) return T.N8; // [N+0](a)(a)a
    if (tAliphatic >= 1) return T.N9; // [N+0]#[A;!#1]
    return T.NS;
  }
  if (charge >= 1 && charge <= 3) {
    if (h >= 1 && h <= 3) return T.N10; // [NH3,NH2,NH;+,+2,+3]
    if (h === 0) {
      if (saAliphatic >= 4) return T.N13; // [NH0;+,+2,+3]([A;!#1])([A;!#1])([A;!#1])[A;!#1]
      if (dAliphatic >= 1 && saAliphatic >= 1 && saHeavy >= 2) return T.N13; // (=[A;!#1])([A;!#1])[!#1;A,a]
      if (dAnyC >= 1 && dAnyN >= 1) return T.N13; // [NH0;+,+2,+3](=[#6])=[#7]
    }
    if (tAliphatic >= 1) return T.N14; // [N;+,+2,+3]#[A;!#1]
    if (dAliphaticNegativeN >= 1 && dAliphaticN >= 2) return T.N14; // [N;+,+2,+3](=[N;-,-2,-3])=N
    return T.NS;
  }
  if (charge <= -1 && charge >= -3) return T.N14; // [N;-,-2,-3]
  return T.NS;
}

/** Rows O2-O12, then OS, for a non-aromatic oxygen (O12 sits between O6 and O7 in RDKit's table). */
function aliphaticOxygenType(g: MolGraph, i: number): number {
  const h = totalH[i];
  const charge = g.charge[i];
  const x = totalDegree[i];
  if (h === 1 || h === 2) return T.O2; // [OH,OH2]
  let saHeavy = 0; // single/aromatic bonds to: any heavy atom
  let saAliphatic = 0; // aliphatic heavy atom
  let saAromatic = 0; // aromatic atom
  let saN = 0; // #7
  let saS = 0; // #16
  let saCarboxylC = 0; // aliphatic C that is double-bonded to an aliphatic O (row O12)
  let saNotNS = 0; // heavy atom other than aliphatic N and aliphatic S (row O7)
  let dNO = 0; // double bonds to: #7 or #8
  let dNeutralS = 0; // #16 of charge 0
  let dAromaticC = 0; // aromatic c
  let carbonyl = T.OS; // best of rows O9-O11 over double-bonded aliphatic carbons
  const nbrs = g.neighbours[i];
  for (let k = 0; k < nbrs.length; k++) {
    const j = nbrs[k];
    const z = g.z[j];
    if (z === 1) continue;
    const kind = bondKind(g, g.bondsOf[i][k]);
    const aromatic = g.aromatic[j] === 1;
    if (isSingleOrAromatic(kind)) {
      saHeavy++;
      if (aromatic) saAromatic++;
      else saAliphatic++;
      if (z === 7) saN++;
      if (z === 16) saS++;
      if (!aromatic && z === 6 && hasDoubleBondToAliphaticO(g, j, i)) saCarboxylC++;
      if (aromatic || (z !== 7 && z !== 16)) saNotNS++;
    } else if (kind === DOUBLE) {
      if (z === 7 || z === 8) dNO++;
      if (z === 16 && g.charge[j] === 0) dNeutralS++;
      if (z === 6) {
        if (aromatic) dAromaticC++;
        else carbonyl = Math.min(carbonyl, carbonylCarbonRow(g, j, i));
      }
    }
  }
  const negative = charge <= -1 && charge >= -3;
  if (saAliphatic >= 2) return T.O3; // [O]([A;!#1])[A;!#1]
  if (saAromatic >= 1 && saHeavy >= 2) return T.O4; // [O](a)[!#1;A,a]
  if (dNO >= 1) return T.O5; // [O]=[#7,#8]
  if (x === 1 && negative && saN >= 1) return T.O5; // [OX1;-,-2,-3][#7]
  if (x === 1 && (charge === -1 || charge === -2) && saS >= 1) return T.O6; // [OX1;-,-2,-2][#16]
  if (charge === 0 && dNeutralS >= 1) return T.O6; // [O;-0]=[#16;-0]
  if (charge === -1 && saCarboxylC >= 1) return T.O12; // [O-]C(=O)
  if (x === 1 && negative && saNotNS >= 1) return T.O7; // [OX1;-,-2,-3][!#1;!N;!S]
  if (dAromaticC >= 1) return T.O8; // [O]=c
  return carbonyl;
}

/** Whether aliphatic carbon c has a double bond to an aliphatic oxygen other than o. */
function hasDoubleBondToAliphaticO(g: MolGraph, c: number, o: number): boolean {
  const nbrs = g.neighbours[c];
  for (let k = 0; k < nbrs.length; k++) {
    const j = nbrs[k];
    if (j !== o && g.z[j] === 8 && !g.aromatic[j] && bondKind(g, g.bondsOf[c][k]) === DOUBLE) return true;
  }
  return false;
}

/** The first of rows O9-O11 that oxygen o, double-bonded to aliphatic carbon c, matches through c (else OS). */
function carbonylCarbonRow(g: MolGraph, c: number, o: number): number {
  const h = totalH[c];
  let saC = 0; // c's single/aromatic bonds to: aliphatic C
  let saAromaticC = 0; // aromatic c
  let saAromatic = 0; // aromatic atom
  let saAliphatic = 0; // aliphatic heavy atom
  let saNO = 0; // aliphatic N or O
  let saNonC = 0; // heavy atom other than C
  const nbrs = g.neighbours[c];
  for (let k = 0; k < nbrs.length; k++) {
    const j = nbrs[k];
    const z = g.z[j];
    if (z === 1 || j === o) continue;
    if (!isSingleOrAromatic(bondKind(g, g.bondsOf[c][k]))) continue;
    const aromatic = g.aromatic[j] === 1;
    if (aromatic) {
      saAromatic++;
      if (z === 6) saAromaticC++;
    } else {
      saAliphatic++;
      if (z === 6) saC++;
      if (z === 7 || z === 8) saNO++;
    }
    if (z !== 6) saNonC++;
  }
  if (h === 1 && saC >= 1) return T.O9; // [O]=[CH]C
  if (saC >= 1 && saAliphatic >= 2) return T.O9; // [O]=C(C)([A;!#1])
  if (h === 1 && saNO >= 1) return T.O9; // [O]=[CH][N,O]
  if (h === 2) return T.O9; // [O]=[CH2]
  if (totalDegree[c] === 2 && hasDoubleBondToAliphaticO(g, c, o)) return T.O9; // [O]=[CX2]=O
  if (h === 1 && saAromaticC >= 1) return T.O10; // [O]=[CH]c
  if (saAromatic >= 1 && (saC >= 1 || (saAromaticC >= 1 && saAromatic >= 2))) return T.O10; // [O]=C([C,c])[a;!#1]
  if (saAromaticC >= 1 && saAliphatic >= 1) return T.O10; // [O]=C(c)[A;!#1]
  if (saNonC >= 2) return T.O11; // [O]=C([!#1;!#6])[!#1;!#6]
  return T.OS;
}

/** Rows S2 (charged, or S=[N,O,P,S]), S1 (other aliphatic S), S3 (aromatic s). */
function sulfurType(g: MolGraph, i: number): number {
  if (g.aromatic[i]) return T.S3;
  const charge = g.charge[i];
  if (charge !== 0 && charge !== 4 && charge >= -4 && charge <= 6) return T.S2; // [S;-,-2,-3,-4,+1,+2,+3,+5,+6]
  if (charge === 0) {
    const nbrs = g.neighbours[i];
    for (let k = 0; k < nbrs.length; k++) {
      const j = nbrs[k];
      const z = g.z[j];
      const pnos = z === 7 || z === 8 || z === 15 || z === 16;
      if (pnos && !g.aromatic[j] && bondKind(g, g.bondsOf[i][k]) === DOUBLE) return T.S2; // [S-0]=[N,O,P,S]
    }
  }
  return T.S1;
}

/**
 * Rows H1-H4, then HS, for a hydrogen bonded to atom a (-1: a lone hydrogen). Implicit and explicit
 * hydrogens alike: on an oxygen, "another neighbour of the O that is H" is the O's total H count >= 2.
 */
function hydrogenType(g: MolGraph, a: number): number {
  if (a < 0) return T.HS;
  const z = g.z[a];
  if (z === 6 || z === 1) return T.H1; // [#1][#6,#1]
  if (z === 8) return g.aromatic[a] ? T.HS : hydroxylHydrogenType(g, a);
  if (z !== 7) return T.H2; // [#1][!#6;!#7;!#8]
  return T.H3; // [#1][#7]
}

/** Rows H2, H3, H4 (then HS) for a hydrogen on aliphatic oxygen o, in RDKit's order. */
function hydroxylHydrogenType(g: MolGraph, o: number): number {
  let cx4OrAromaticC = false; // O's single/aromatic bonds to: [CX4,c]
  let notCNOS = totalH[o] >= 2; // [!#6;!#7;!#8;!#16], which another H on the O also is
  let nitrogen = false; // [#7]
  let enolC = false; // C=[#6,#7,O,S]
  let oxygenOrSulfur = false; // [O,S]
  const nbrs = g.neighbours[o];
  for (let k = 0; k < nbrs.length; k++) {
    const j = nbrs[k];
    const z = g.z[j];
    if (z === 1 || !isSingleOrAromatic(bondKind(g, g.bondsOf[o][k]))) continue;
    const aromatic = g.aromatic[j] === 1;
    if (z === 6 && (aromatic || totalDegree[j] === 4)) cx4OrAromaticC = true;
    if (z !== 6 && z !== 7 && z !== 8 && z !== 16) notCNOS = true;
    if (z === 7) nitrogen = true;
    if (z === 6 && !aromatic && hasEnolPartner(g, j)) enolC = true;
    if ((z === 8 || z === 16) && !aromatic) oxygenOrSulfur = true;
  }
  if (cx4OrAromaticC || notCNOS) return T.H2; // [#1]O[CX4,c], [#1]O[!#6;!#7;!#8;!#16]
  if (nitrogen) return T.H3; // [#1]O[#7]
  if (enolC || oxygenOrSulfur) return T.H4; // [#1]OC=[#6,#7,O,S], [#1]O[O,S]
  return T.HS;
}

/** Whether aliphatic carbon c has a double bond to #6, #7, aliphatic O or aliphatic S. */
function hasEnolPartner(g: MolGraph, c: number): boolean {
  const nbrs = g.neighbours[c];
  for (let k = 0; k < nbrs.length; k++) {
    if (bondKind(g, g.bondsOf[c][k]) !== DOUBLE) continue;
    const j = nbrs[k];
    const z = g.z[j];
    if (z === 6 || z === 7 || ((z === 8 || z === 16) && !g.aromatic[j])) return true;
  }
  return false;
}
