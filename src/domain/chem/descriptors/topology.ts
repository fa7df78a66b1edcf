// RDKit's topological indices from the molecule graph: the chi connectivity indices (valence "v" and
// simple "n" forms, orders 0-4), Hall–Kier alpha, the kappa shape indices, Kier's Phi
// (RDKit Code/GraphMol/Descriptors/ConnectivityDescriptors.cpp) and FractionCSP3 (Lipinski.cpp).
// Hall–Kier alpha needs RDKit's hybridization, which this file derives from the graph the way RDKit's
// MolOps::setConjugation / setHybridization do (Code/GraphMol/ConjugHybrid.cpp).
// Speed: the graph is copied once into typed-array scratch (reused across calls), and paths are walked
// with plain nested loops, so nothing is allocated per atom or per path.
import type { MolGraph } from '../graph';

// --- Element data (RDKit's periodic table, Code/GraphMol/atomic_data.cpp) for the elements we support ---

const MAX_Z = 54;
/** Valence (outer-shell) electrons; 0 marks an element this file does not handle. */
const OUTER = new Uint8Array(MAX_Z);
/** RDKit's default valence: the first (lowest) entry of the element's valence list. */
const DEFAULT_VALENCE = new Uint8Array(MAX_Z);
for (const [z, outer, valence] of [
  [6, 4, 4],
  [7, 5, 3],
  [8, 6, 2],
  [9, 7, 1],
  [15, 5, 3],
  [16, 6, 2],
  [17, 7, 1],
  [35, 7, 1],
  [53, 7, 1],
]) {
  OUTER[z] = outer;
  DEFAULT_VALENCE[z] = valence;
}

// Hybridization codes; Hall–Kier alpha only tells SP and SP2 apart from the rest.
const HYB_S = 1;
const HYB_SP = 2;
const HYB_SP2 = 3;
const HYB_SP3 = 4;
const HYB_OTHER = 5; // SP3D, SP3D2, unspecified

/**
 * Hall–Kier alpha contribution of one atom (ConnectivityDescriptors.cpp, detail::getAlpha): a fixed value
 * per element, by hybridization for C, N, O, P and S. Every supported element is in RDKit's table, so the
 * covalent-radius fallback there is never reached.
 */
function hallKierAtomAlpha(z: number, hyb: number): number {
  switch (z) {
    case 6:
      return hyb === HYB_SP ? -0.22 : hyb === HYB_SP2 ? -0.13 : 0;
    case 7:
      return hyb === HYB_SP ? -0.29 : hyb === HYB_SP2 ? -0.2 : -0.04;
    case 8:
      return hyb === HYB_SP2 ? -0.2 : -0.04;
    case 9:
      return -0.07;
    case 15:
      return hyb === HYB_SP2 ? 0.3 : 0.43;
    case 16:
      return hyb === HYB_SP2 ? 0.22 : 0.35;
    case 17:
      return 0.29;
    case 35:
      return 0.48;
    default: // 53
      return 0.73;
  }
}

// --- Per-molecule scratch (grown on demand, reused across calls) ---

let atomCapacity = 0;
let bondCapacity = 0;
/** Neighbours of atom i are nbrAtom[nbrStart[i] .. nbrStart[i+1]), joined by the bonds nbrBond[...]. */
let nbrStart = new Int32Array(1);
let nbrAtom = new Int32Array(0);
let nbrBond = new Int32Array(0);
/** Neighbours plus hydrogens (RDKit's getTotalDegree; no explicit H atoms here). */
let totalDegree = new Uint8Array(0);
/** Kekulé bond orders plus hydrogens: RDKit's total valence of a sanitised atom. */
let totalValence = new Uint8Array(0);
let deltaV = new Float64Array(0); // valence delta^-1/2 per atom (chi*v)
let deltaN = new Float64Array(0); // simple delta^-1/2 per atom (chi*n)
let candidate = new Uint8Array(0);
let hasConjugatedBond = new Uint8Array(0);
let hybridization = new Uint8Array(0);

function ensureCapacity(atoms: number, bonds: number): void {
  if (atoms > atomCapacity) {
    atomCapacity = Math.max(atoms, 2 * atomCapacity, 64);
    nbrStart = new Int32Array(atomCapacity + 1);
    totalDegree = new Uint8Array(atomCapacity);
    totalValence = new Uint8Array(atomCapacity);
    deltaV = new Float64Array(atomCapacity);
    deltaN = new Float64Array(atomCapacity);
    candidate = new Uint8Array(atomCapacity);
    hasConjugatedBond = new Uint8Array(atomCapacity);
    hybridization = new Uint8Array(atomCapacity);
  }
  if (2 * bonds > bondCapacity) {
    bondCapacity = Math.max(2 * bonds, 2 * bondCapacity, 128);
    nbrAtom = new Int32Array(bondCapacity);
    nbrBond = new Int32Array(bondCapacity);
  }
}

/**
 * Copy the adjacency into CSR arrays (from the bond list: typed arrays only) and fill totalDegree and
 * totalValence. Neighbour order does not matter to anything below.
 */
function loadGraph(g: MolGraph): void {
  const n = g.n;
  const { a1, a2, order, hs } = g;
  const start = nbrStart;
  const degree = totalDegree;
  const valence = totalValence;
  for (let i = 0; i < n; i++) {
    degree[i] = 0;
    valence[i] = hs[i];
  }
  for (let b = 0; b < a1.length; b++) {
    degree[a1[b]]++;
    degree[a2[b]]++;
    valence[a1[b]] += order[b];
    valence[a2[b]] += order[b];
  }
  // Offsets shifted up by one, so that start[i + 1] serves as atom i's fill cursor and ends as its end.
  start[0] = 0;
  for (let i = 0; i < n; i++) start[i + 1] = start[i] + degree[i];
  for (let i = n; i > 0; i--) start[i] = start[i - 1];
  for (let b = 0; b < a1.length; b++) {
    const i = a1[b];
    const j = a2[b];
    let at = start[i + 1]++;
    nbrAtom[at] = j;
    nbrBond[at] = b;
    at = start[j + 1]++;
    nbrAtom[at] = i;
    nbrBond[at] = b;
  }
  for (let i = 0; i < n; i++) degree[i] += hs[i];
}

// --- Hybridization (Code/GraphMol/ConjugHybrid.cpp) ---

/**
 * ConjugHybrid.cpp isAtomConjugCand: an atom that may take part in a conjugated bond. Not a neutral atom
 * above its lowest valence (hypervalent: sulfone S, phosphate P). Beyond period 2, N- and O-group atoms
 * (P, S) qualify only when S is terminal (Issue211). And MolOps::countAtomElec (Aromaticity.cpp) must be
 * positive (electrons to donate), which rules out univalent elements and atoms with more than three
 * neighbours-plus-Hs.
 */
function isConjugationCandidate(g: MolGraph, i: number): boolean {
  const z = g.z[i];
  const outer = OUTER[z];
  const dv = DEFAULT_VALENCE[z];
  const degree = totalDegree[i];
  if (g.charge[i] === 0 && totalValence[i] > dv) return false;
  if (!(z <= 10 || (outer !== 5 && outer !== 6) || (outer === 6 && degree < 2))) return false;
  if (dv <= 1 || degree > 3) return false;
  const lonePairElectrons = Math.max(outer - dv - g.charge[i], 0);
  return dv - degree + lonePairElectrons - g.radicals[i] > 0;
}

/**
 * MolOps::setConjugation, reduced to what hybridization reads (does the atom have a conjugated bond):
 * aromatic bonds are conjugated; then around each candidate atom with two or three neighbours-plus-Hs,
 * a multiple (or aromatic) bond to a candidate atom and any other bond to a candidate atom with at most
 * three neighbours-plus-Hs are both conjugated (markConjAtomBonds).
 */
function markConjugation(g: MolGraph): void {
  const n = g.n;
  for (let i = 0; i < n; i++) {
    candidate[i] = isConjugationCandidate(g, i) ? 1 : 0;
    hasConjugatedBond[i] = 0;
  }
  for (let b = 0; b < g.a1.length; b++) {
    if (g.bondAromatic[b]) hasConjugatedBond[g.a1[b]] = hasConjugatedBond[g.a2[b]] = 1;
  }
  for (let i = 0; i < n; i++) {
    if (!candidate[i] || totalDegree[i] < 2 || totalDegree[i] > 3) continue;
    const start = nbrStart[i];
    const end = nbrStart[i + 1];
    for (let k = start; k < end; k++) {
      const b1 = nbrBond[k];
      // getValenceContrib >= 1.5: aromatic, double or triple bonds.
      if ((!g.bondAromatic[b1] && g.order[b1] < 2) || !candidate[nbrAtom[k]]) continue;
      for (let m = start; m < end; m++) {
        const j = nbrAtom[m];
        if (m === k || totalDegree[j] > 3 || !candidate[j]) continue;
        // Both bonds become conjugated: b1 joins i and nbrAtom[k], the other joins i and j.
        hasConjugatedBond[i] = hasConjugatedBond[nbrAtom[k]] = hasConjugatedBond[j] = 1;
      }
    }
  }
}

/**
 * ConjugHybrid.cpp numBondsPlusLonePairs: neighbours-plus-Hs plus lone pairs, the lone pairs from the
 * outer electrons left after bonding and charge (radicals count too below an octet). C++ integer
 * division truncates toward zero.
 */
function bondsPlusLonePairs(g: MolGraph, i: number): number {
  const outer = OUTER[g.z[i]];
  const valence = totalValence[i];
  const charge = g.charge[i];
  const free = outer - (valence + charge);
  if (valence + outer - charge < 8) {
    const radicals = g.radicals[i];
    return totalDegree[i] + Math.trunc((free - radicals) / 2) + radicals;
  }
  return totalDegree[i] + Math.trunc(free / 2);
}

/**
 * RDKit's atom hybridization (MolOps::setHybridization) into `hybridization`, from the number of bonds
 * plus lone pairs, where four is SP2 when the atom has at most three neighbours-plus-Hs and a conjugated
 * bond (amide and aniline N, furan O, enol O), else SP3. RDKit first makes a tetrahedral chiral atom with
 * four neighbours-plus-Hs SP3; that rule is left out because such an atom has at least four bonds plus
 * lone pairs, where Hall–Kier alpha does not tell SP3 from SP3D or SP3D2.
 */
function assignHybridization(g: MolGraph): void {
  markConjugation(g);
  for (let i = 0; i < g.n; i++) {
    const degree = totalDegree[i];
    const norbs = bondsPlusLonePairs(g, i);
    if (norbs <= 1) hybridization[i] = HYB_S;
    else if (norbs === 2) hybridization[i] = HYB_SP;
    else if (norbs === 3) hybridization[i] = HYB_SP2;
    else if (norbs === 4) hybridization[i] = degree > 3 || !hasConjugatedBond[i] ? HYB_SP3 : HYB_SP2;
    else hybridization[i] = HYB_OTHER;
  }
}

// --- Chi deltas (ConnectivityDescriptors.cpp detail::hkDeltas and detail::nVals) ---

/**
 * Per-atom delta^-1/2 (0 where delta is 0). Valence delta: outer electrons minus Hs, divided beyond
 * period 2 by (Z - outer - 1). Simple delta as RDKit computes it: outer electrons minus Hs for every
 * element. Neither depends on charge.
 */
function fillDeltas(g: MolGraph): void {
  for (let i = 0; i < g.n; i++) {
    const z = g.z[i];
    const simple = OUTER[z] - g.hs[i];
    const valence = z <= 10 ? simple : simple / (z - OUTER[z] - 1);
    deltaV[i] = valence !== 0 ? 1 / Math.sqrt(valence) : 0;
    deltaN[i] = simple !== 0 ? 1 / Math.sqrt(simple) : 0;
  }
}

// --- Paths (Code/GraphMol/Subgraphs/Subgraphs.cpp findAllPathsOfLengthsMtoN) ---

// Sums over RDKit's paths of 2, 3 and 4 bonds, written by sumPaths.
const CHI2V = 0;
const CHI2N = 1;
const CHI3V = 2;
const CHI3N = 3;
const CHI4V = 4;
const CHI4N = 5;
const P2 = 6;
const P3 = 7;
const pathSums = new Float64Array(8);

/**
 * RDKit's paths of k bonds are walks of k+1 atoms that repeat no atom, except that the last step may
 * return to any earlier atom other than the one just left (a ring closure), deduplicated by bond set.
 * For k <= 4 that gives: simple paths (each once), triangles (k = 3), and for k = 4 four-rings and
 * "lollipops" (a triangle entered from a tail atom: a0-a1-a2-a3-a1). A chi term multiplies the deltas
 * of the walk's atoms, leaving out the last one only when it equals the first (github #463), so a
 * lollipop counts its junction atom twice. Each walk is visited from every start and direction and kept
 * only in one canonical orientation. Kappa's P2 and P3 count the same bond paths (P3 includes triangles).
 */
function sumPaths(n: number): void {
  // Locals in the loop: module-level variables would be slower context slots.
  const start = nbrStart;
  const atom = nbrAtom;
  const dv = deltaV;
  const dn = deltaN;
  let chi2v = 0;
  let chi2n = 0;
  let chi3v = 0;
  let chi3n = 0;
  let chi4v = 0;
  let chi4n = 0;
  let p2 = 0;
  let p3 = 0;
  for (let a0 = 0; a0 < n; a0++) {
    const dv0 = dv[a0];
    const dn0 = dn[a0];
    for (let k1 = start[a0], e1 = start[a0 + 1]; k1 < e1; k1++) {
      const a1 = atom[k1];
      const v01 = dv0 * dv[a1];
      const s01 = dn0 * dn[a1];
      for (let k2 = start[a1], e2 = start[a1 + 1]; k2 < e2; k2++) {
        const a2 = atom[k2];
        if (a2 === a0) continue;
        const v012 = v01 * dv[a2];
        const s012 = s01 * dn[a2];
        if (a0 < a2) {
          chi2v += v012;
          chi2n += s012;
          p2++;
        }
        for (let k3 = start[a2], e3 = start[a2 + 1]; k3 < e3; k3++) {
          const a3 = atom[k3];
          if (a3 === a1) continue;
          if (a3 === a0) {
            // Triangle a0-a1-a2-a0: the closing atom is not multiplied again.
            if (a0 < a1 && a1 < a2) {
              chi3v += v012;
              chi3n += s012;
              p3++;
            }
            continue;
          }
          const v0123 = v012 * dv[a3];
          const s0123 = s012 * dn[a3];
          if (a0 < a3) {
            chi3v += v0123;
            chi3n += s0123;
            p3++;
          }
          for (let k4 = start[a3], e4 = start[a3 + 1]; k4 < e4; k4++) {
            const a4 = atom[k4];
            if (a4 === a2) continue;
            if (a4 === a0) {
              // Four-ring: a0 smallest, one of the two directions.
              if (a0 < a1 && a0 < a2 && a1 < a3) {
                chi4v += v0123;
                chi4n += s0123;
              }
            } else if (a4 === a1) {
              // Lollipop: a1 is entered twice and multiplied twice; a2 < a3 picks one direction.
              if (a2 < a3) {
                chi4v += v0123 * dv[a1];
                chi4n += s0123 * dn[a1];
              }
            } else if (a0 < a4) {
              chi4v += v0123 * dv[a4];
              chi4n += s0123 * dn[a4];
            }
          }
        }
      }
    }
  }
  pathSums[CHI2V] = chi2v;
  pathSums[CHI2N] = chi2n;
  pathSums[CHI3V] = chi3v;
  pathSums[CHI3N] = chi3n;
  pathSums[CHI4V] = chi4v;
  pathSums[CHI4N] = chi4n;
  pathSums[P2] = p2;
  pathSums[P3] = p3;
}

// --- Kappa (ConnectivityDescriptors.cpp kappa1Helper / kappa2Helper / kappa3Helper) ---

function kappa1Of(p1: number, a: number, alpha: number): number {
  const denom = p1 + alpha;
  return denom ? ((a + alpha) * (a + alpha - 1) * (a + alpha - 1)) / (denom * denom) : 0;
}

function kappa2Of(p2: number, a: number, alpha: number): number {
  const denom = (p2 + alpha) * (p2 + alpha);
  return denom ? ((a + alpha - 1) * (a + alpha - 2) * (a + alpha - 2)) / denom : 0;
}

function kappa3Of(p3: number, a: number, alpha: number): number {
  const denom = (p3 + alpha) * (p3 + alpha);
  if (!denom) return 0;
  const lead = a % 2 ? a + alpha - 1 : a + alpha - 2;
  return (lead * (a + alpha - 3) * (a + alpha - 3)) / denom;
}

/** Elements C N O F P S Cl Br I only (so no explicit H atoms), no zero-order bonds; else RDKit's. */
function supported(g: MolGraph): boolean {
  for (let i = 0; i < g.n; i++) {
    const z = g.z[i];
    if (z >= MAX_Z || OUTER[z] === 0) return false;
  }
  for (let b = 0; b < g.order.length; b++) if (g.order[b] === 0) return false;
  return true;
}

export function topologyDescriptors(g: MolGraph): Record<string, number> | null {
  if (!supported(g)) return null;
  const n = g.n;
  const nBonds = g.a1.length;
  ensureCapacity(n, nBonds);
  loadGraph(g);
  fillDeltas(g);
  assignHybridization(g);

  let chi0v = 0;
  let chi0n = 0;
  let alpha = 0;
  let carbons = 0;
  let sp3Carbons = 0;
  for (let i = 0; i < n; i++) {
    chi0v += deltaV[i];
    chi0n += deltaN[i];
    alpha += hallKierAtomAlpha(g.z[i], hybridization[i]);
    if (g.z[i] === 6) {
      carbons++;
      // Lipinski.cpp calcFractionCSP3: four neighbours-plus-Hs, not the hybridization.
      if (totalDegree[i] === 4) sp3Carbons++;
    }
  }
  let chi1v = 0;
  let chi1n = 0;
  for (let b = 0; b < nBonds; b++) {
    const i = g.a1[b];
    const j = g.a2[b];
    chi1v += deltaV[i] * deltaV[j];
    chi1n += deltaN[i] * deltaN[j];
  }
  sumPaths(n);

  // Every atom is heavy here, so RDKit's A (getNumHeavyAtoms) is n and P1 (getNumBonds) is nBonds.
  const kappa1 = kappa1Of(nBonds, n, alpha);
  const kappa2 = kappa2Of(pathSums[P2], n, alpha);
  return {
    chi0v,
    chi1v,
    chi2v: pathSums[CHI2V],
    chi3v: pathSums[CHI3V],
    chi4v: pathSums[CHI4V],
    chi0n,
    chi1n,
    chi2n: pathSums[CHI2N],
    chi3n: pathSums[CHI3N],
    chi4n: pathSums[CHI4N],
    hallKierAlpha: alpha,
    kappa1,
    kappa2,
    kappa3: kappa3Of(pathSums[P3], n, alpha),
    // calcPhi: 0 for an empty molecule.
    Phi: n ? (kappa1 * kappa2) / n : 0,
    FractionCSP3: carbons ? sp3Carbons / carbons : 0,
  };
}
