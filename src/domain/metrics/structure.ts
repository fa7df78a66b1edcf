// Structure metrics (issue 24): how far the generated molecules' rings, aromatic heterocycles, allylic
// sites, stereocentres and charges are from ZINC's, and MOSES's Frag/Scaf count cosines. Everything here is
// exact with RDKit.js MinimalLib: ring sets, aromaticity, charges and chiral tags come from RDKit's own
// sanitised molecule (graph.ts), the allylic count from RDKit's own fragment SMARTS. BRICS fragments and
// Murcko scaffolds are not in MinimalLib: the caller brings them (scripts/rdkit_structure.py) and this file
// only counts and compares them.
import { bondBetween, type MolGraph } from '../chem/graph';
import type { Mol, RDKitModule } from '../chem/rdkit';

/**
 * RDKit's fr_allylic_oxid (Data/FragmentDescriptors.csv): "allylic oxidation sites excluding steroid dienone",
 * an aliphatic C=C–C carbon not next to a heteroatom-bearing carbon. RDKit counts its unique matches.
 */
export const ALLYLIC_OXID_SMARTS = '[$(C=C-C);!$(C=C-C-[N,O,S]);!$(C=C-C-C-[N,O]);!$(C12=CC(=O)CCC1C3C(C4C(CCC4)CC3)CC2)]';
const allylicQuery = new WeakMap<RDKitModule, Mol>();

/** The structure of one molecule the summary needs. */
export interface StructureProfile {
  /** Sizes of RDKit's ring set (RingInfo atom rings, the rings MOSES's filter reads). */
  ringSizes: number[];
  /** Has a ring whose bonds are all aromatic with an atom other than carbon (RDKit's NumAromaticHeterocycles > 0). */
  aromaticHeterocycle: boolean;
  /** RDKit's fr_allylic_oxid. */
  allylic: number;
  /** At least one atom with a specified chirality (@ / @@ that survived RDKit's stereo perception). */
  stereocentre: boolean;
  /** Any atom with a non-zero formal charge. */
  charged: boolean;
}

/** fr_allylic_oxid: RDKit's unique matches of ALLYLIC_OXID_SMARTS (a one-atom pattern, so atoms matched). */
export function allylicOxidCount(rdkit: RDKitModule, mol: Mol): number {
  let query = allylicQuery.get(rdkit);
  if (query === undefined) {
    const q = rdkit.get_qmol(ALLYLIC_OXID_SMARTS);
    if (q === null) throw new Error('RDKit.js rejected the fr_allylic_oxid SMARTS');
    allylicQuery.set(rdkit, q); // one small query per RDKit instance, kept for its lifetime
    query = q;
  }
  const matches = JSON.parse(mol.get_substruct_matches(query)) as unknown;
  // MinimalLib answers "{}" rather than "[]" when nothing matches
  return Array.isArray(matches) ? matches.length : 0;
}

/** Whether some ring of the graph is an aromatic heterocycle, read as RDKit reads it: every ring bond aromatic. */
export function hasAromaticHeterocycle(g: MolGraph): boolean {
  return g.rings.some((ring) => {
    if (ring.every((a) => g.z[a] === 6)) return false;
    // RingInfo lists a ring's atoms in ring order, so consecutive atoms (and last–first) are its bonds
    return ring.every((a, k) => {
      const b = bondBetween(g, a, ring[(k + 1) % ring.length]);
      return b >= 0 && g.bondAromatic[b] === 1;
    });
  });
}

export function structureProfile(rdkit: RDKitModule, mol: Mol, g: MolGraph): StructureProfile {
  return {
    ringSizes: g.rings.map((r) => r.length),
    aromaticHeterocycle: hasAromaticHeterocycle(g),
    allylic: allylicOxidCount(rdkit, mol),
    stereocentre: g.chiralTag.some((t) => t !== 0),
    charged: g.charge.some((c) => c !== 0),
  };
}

/** Ring-size histogram over every ring of every molecule, as fractions of all rings (acyclic molecules add nothing). */
export function ringSizeHistogram(profiles: readonly StructureProfile[]): Map<number, number> {
  const counts = new Map<number, number>();
  let total = 0;
  for (const p of profiles)
    for (const s of p.ringSizes) {
      counts.set(s, (counts.get(s) ?? 0) + 1);
      total++;
    }
  for (const [s, c] of counts) counts.set(s, c / total);
  return counts;
}

/** Total variation distance ½ Σ |p − q| between two discrete distributions (keys missing from one count as 0). */
export function totalVariation<K>(p: ReadonlyMap<K, number>, q: ReadonlyMap<K, number>): number {
  let sum = 0;
  for (const [k, v] of p) sum += Math.abs(v - (q.get(k) ?? 0));
  for (const [k, v] of q) if (!p.has(k)) sum += v;
  return sum / 2;
}

/** The fractions of issue 24's table over a set of molecules; NaN for an empty set. */
export function structureFractions(profiles: readonly StructureProfile[]) {
  const n = profiles.length;
  const frac = (f: (p: StructureProfile) => boolean) => (n ? profiles.filter(f).length / n : Number.NaN);
  return {
    frac_ring_ge8: frac((p) => p.ringSizes.some((s) => s >= 8)),
    frac_ring_ge7: frac((p) => p.ringSizes.some((s) => s >= 7)),
    frac_aromatic_heterocycle: frac((p) => p.aromaticHeterocycle),
    allylic_per_molecule: n ? profiles.reduce((s, p) => s + p.allylic, 0) / n : Number.NaN,
    frac_stereocentre: frac((p) => p.stereocentre),
    frac_charged: frac((p) => p.charged),
  };
}

/** Occurrences of each string over all lists (MOSES counts a fragment every time it occurs, duplicates included). */
export function countAll(lists: Iterable<Iterable<string>>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const list of lists) for (const s of list) counts.set(s, (counts.get(s) ?? 0) + 1);
  return counts;
}

/**
 * Cosine similarity of two count vectors indexed by string (MOSES Frag and Scaf: the generated set's BRICS
 * fragment or scaffold counts against the test split's); NaN when either is empty, as MOSES.
 */
export function countCosine(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  if (a.size === 0 || b.size === 0) return Number.NaN;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [k, v] of a) {
    na += v * v;
    dot += v * (b.get(k) ?? 0);
  }
  for (const v of b.values()) nb += v * v;
  return dot / Math.sqrt(na * nb);
}

/** One molecule's structure with what full RDKit adds (scripts/rdkit_structure.py): BRICS fragments and scaffolds. */
export interface StructureRecord {
  structure: StructureProfile;
  /** BRICS fragments as MOSES counts them ([] when full RDKit could not read the molecule). */
  frags: readonly string[];
  /** MOSES's scaffold: Bemis–Murcko, null below 2 rings. */
  scaffold: string | null;
  /** The Bemis–Murcko scaffold without that cut ('' for no ring, null when unknown). */
  murcko: string | null;
}

/** The reference set's counts, made once and compared with every generated set. */
export interface StructureReference {
  rings: Map<number, number>;
  frags: Map<string, number>;
  scaffolds: Map<string, number>;
}

export function structureReference(rows: readonly StructureRecord[]): StructureReference {
  return {
    rings: ringSizeHistogram(rows.map((r) => r.structure)),
    frags: countAll(rows.map((r) => r.frags)),
    scaffolds: countAll(rows.map((r) => (r.scaffold ? [r.scaffold] : []))),
  };
}

/**
 * Issue 24's structure metrics of a set of valid molecules (duplicates kept, as MOSES) against a reference:
 * MOSES Frag and Scaf, the ring-size TVD, the table's fractions and benzene as the whole Murcko scaffold.
 */
export function structureMetrics(rows: readonly StructureRecord[], ref: StructureReference) {
  const own = structureReference(rows);
  return {
    frag_test: countCosine(own.frags, ref.frags),
    scaf_test: countCosine(own.scaffolds, ref.scaffolds),
    ring_size_tvd: totalVariation(own.rings, ref.rings),
    ...recordFractions(rows),
  };
}

/** The table's fractions of a set (structureFractions) and the share whose whole Murcko scaffold is benzene. */
export function recordFractions(rows: readonly StructureRecord[]) {
  return {
    ...structureFractions(rows.map((r) => r.structure)),
    frac_benzene_scaffold: rows.length ? rows.filter((r) => r.murcko === 'c1ccccc1').length / rows.length : Number.NaN,
  };
}
