// NumAtomStereoCenters and NumUnspecifiedAtomStereoCenters as RDKit.js computes them.
//
// RDKit (Code/GraphMol/Descriptors/Lipinski.cpp, numAtomStereoCenters / numUnspecifiedAtomStereoCenters)
// counts atoms carrying the _ChiralityPossible flag, and of those the ones without a chiral tag. RDKit.js
// parses SMILES with the legacy stereo perception and flagPossibleStereoCenters on
// (Code/GraphMol/Chirality.cpp, legacyStereoPerception), so the flags come from assignAtomChiralCodes:
// an atom is flagged when isAtomPotentialChiralCenter says it is a legal centre AND its neighbours' CIP
// ranks are all different. Ring stereo (cis/trans 1,4-disubstituted rings) therefore never counts: ring
// neighbours share a rank. The perception iterates (re-ranking with the R/S and E/Z labels it assigned)
// and stops after a last pass with the final ranks; ranks only get finer, so "flagged in some pass" equals
// "legal with distinct neighbour ranks under the final ranks" -- and the final ranks are exactly the
// _CIPRank values RDKit.js writes into its JSON (g.cipRanks).
//
// Checked against RDKit.js over ZINC250k, MOSES and QM9 by scripts/check-descriptors.ts.
import type { MolGraph } from '../graph';

const N = 7;
const P = 15;
const S = 16;
const AS = 33;
const SE = 34;

export function stereoDescriptors(g: MolGraph): Record<string, number> | null {
  if (!supported(g)) return null;
  const ranks = g.cipRanks;
  const haveRanks = ranks.length === g.n;
  // RDKit only ranks atoms when something in the molecule could be stereo; no ranks means no candidate.
  if (ranks.length !== 0 && !haveRanks) return null;
  let centres = 0;
  let unspecified = 0;
  for (let a = 0; a < g.n; a++) {
    const legal = legalCentre(g, a);
    if (legal === null) return null;
    if (!legal) continue;
    if (!haveRanks) return null; // RDKit saw no candidate where we see one: do not guess
    if (!distinctNeighbourRanks(g, a, ranks)) continue;
    centres++;
    if (!g.chiralTag[a]) unspecified++;
  }
  return { NumAtomStereoCenters: centres, NumUnspecifiedAtomStereoCenters: unspecified };
}

/** Explicit H atoms (has_protium_neighbor), zero-order bonds (getAtomNonzeroDegree) are not implemented. */
function supported(g: MolGraph): boolean {
  for (let a = 0; a < g.n; a++) if (g.z[a] === 1) return false;
  for (let b = 0; b < g.order.length; b++) if (g.order[b] === 0) return false;
  return true;
}

/**
 * isAtomPotentialChiralCenter's "legalCenter" (Chirality.cpp): 3 or 4 substituents counting Hs; fewer than 3
 * neighbours only for P/As; three neighbours and no H only for N in a 3-ring or at a bridgehead, for P/As,
 * and for S/Se with explicit valence 4 (or 3 when positively charged). Hs themselves are not neighbours.
 * null: a case not reproduced here (see pyramidalNitrogen).
 */
function legalCentre(g: MolGraph, a: number): boolean | null {
  const degree = g.neighbours[a].length;
  const hs = g.hs[a];
  const total = degree + hs;
  if (total < 3 || total > 4) return false;
  const z = g.z[a];
  if (degree < 3) return z === P || z === AS;
  if (degree === 4 || hs === 1) return true;
  // degree 3, no H
  if (z === P || z === AS) return true;
  if (z === S || z === SE) return sulfurLike(g, a);
  if (z === N) return pyramidalNitrogen(g, a) && (inThreeRing(g, a) || isBridgehead(g, a));
  return false;
}

/**
 * The N test added for RDKit Github #7434: the N must be SP3 and have no conjugated bond. For a neutral N
 * with three neighbours that means three plain single bonds, none conjugated by RDKit's rule
 * (Code/GraphMol/ConjugHybrid.cpp, markConjAtomBonds): N-X is conjugated when X is a conjugation candidate
 * with 2-3 substituents and another double, triple or aromatic bond (amides, anilines, enamines, ...).
 * null: a charged or radical N with three single bonds, not reproduced.
 */
function pyramidalNitrogen(g: MolGraph, a: number): boolean | null {
  for (const b of g.bondsOf[a]) if (g.order[b] !== 1 || g.bondAromatic[b]) return false;
  if (g.charge[a] !== 0 || g.radicals[a] !== 0) return null;
  for (const x of g.neighbours[a]) {
    const substituents = g.neighbours[x].length + g.hs[x];
    if (substituents < 2 || substituents > 3) continue;
    const cand = conjugationCandidate(g, x);
    if (cand === null) return null;
    if (!cand) continue;
    for (const b of g.bondsOf[x]) if (g.order[b] >= 2 || g.bondAromatic[b]) return false;
  }
  return true;
}

/** Default valence and outer-shell electrons (RDKit's periodic table) of the elements handled here. */
const VALENCE_SHELL: Record<number, [number, number]> = {
  5: [3, 3], 6: [4, 4], 7: [3, 5], 8: [2, 6], 9: [1, 7], 14: [4, 4], 15: [3, 5], 16: [2, 6], 17: [1, 7],
  33: [3, 5], 34: [2, 6], 35: [1, 7], 53: [1, 7],
};

/**
 * isAtomConjugCand (ConjugHybrid.cpp): electrons to give to a pi system (countAtomElec, ConjugHybrid.cpp /
 * Aromaticity.cpp) and, beyond the first row, not a group 15/16 atom (unless a terminal group-16 atom).
 */
function conjugationCandidate(g: MolGraph, x: number): boolean | null {
  const shell = VALENCE_SHELL[g.z[x]];
  if (!shell) return null;
  const [dv, outer] = shell;
  const degree = g.neighbours[x].length;
  const firstRow = g.z[x] <= 10;
  if (!firstRow && (outer === 5 || (outer === 6 && degree >= 2))) return false;
  if (dv <= 1) return false;
  const substituents = degree + g.hs[x];
  if (substituents > 3) return false;
  const lonePairElectrons = Math.max(outer - dv - g.charge[x], 0);
  return dv - substituents + lonePairElectrons - g.radicals[x] > 0;
}

/** S/Se with three neighbours: explicit valence 4 (S=O in sulfoxides) or 3 with charge +1 (sulfonium). */
function sulfurLike(g: MolGraph, a: number): boolean {
  let valence = 0;
  for (const b of g.bondsOf[a]) valence += g.order[b];
  return valence === 4 || (valence === 3 && g.charge[a] === 1);
}

function inThreeRing(g: MolGraph, a: number): boolean {
  for (const ring of g.rings) if (ring.length === 3 && ring.includes(a)) return true;
  return false;
}

/**
 * queryIsAtomBridgehead (Code/GraphMol/QueryOps.cpp): at least three ring bonds, and every ring through the
 * atom shares at least two bonds with another ring through the atom (a bridged, not merely fused, system).
 */
function isBridgehead(g: MolGraph, a: number): boolean {
  const through = g.rings.filter((r) => r.includes(a));
  if (through.length < 2 || ringNeighbourCount(a, through) < 3) return false;
  const bondSets = through.map(ringBondKeys);
  for (let i = 0; i < through.length; i++) {
    let overlaps = false;
    for (let j = 0; j < through.length && !overlaps; j++) {
      if (j === i) continue;
      let shared = 0;
      for (const key of bondSets[j]) if (bondSets[i].has(key)) shared++;
      overlaps = shared >= 2;
    }
    if (!overlaps) return false;
  }
  return true;
}

/** Ring bonds at atom a = distinct neighbours that follow or precede it in one of its rings. */
function ringNeighbourCount(a: number, rings: number[][]): number {
  const seen = new Set<number>();
  for (const ring of rings) {
    const at = ring.indexOf(a);
    seen.add(ring[(at + 1) % ring.length]);
    seen.add(ring[(at + ring.length - 1) % ring.length]);
  }
  return seen.size;
}

/** A ring's bonds as atom-pair keys (lower index first), read off consecutive ring atoms. */
function ringBondKeys(ring: number[]): Set<number> {
  const keys = new Set<number>();
  for (let i = 0; i < ring.length; i++) {
    const p = ring[i];
    const q = ring[(i + 1) % ring.length];
    keys.add(p < q ? p * 65536 + q : q * 65536 + p);
  }
  return keys;
}

/** isAtomPotentialChiralCenter's "hasDupes" test: no two neighbours share a CIP rank. */
function distinctNeighbourRanks(g: MolGraph, a: number, ranks: number[]): boolean {
  const nbrs = g.neighbours[a];
  for (let i = 1; i < nbrs.length; i++) {
    const r = ranks[nbrs[i]];
    for (let j = 0; j < i; j++) if (ranks[nbrs[j]] === r) return false;
  }
  return true;
}
