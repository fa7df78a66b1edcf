// A molecule as plain arrays, read from RDKit.js's JSON (mol.get_json(), "rdkitjson" version 12): what
// descriptors computed in TypeScript start from instead of RDKit's descriptor table. RDKit has already
// sanitised the molecule, so aromaticity, implicit hydrogens and rings are RDKit's own; this file only
// reads them. Pure: no RDKit import.

export interface MolGraph {
  /** Number of atoms in the graph (explicit atoms; implicit hydrogens are counted in `hs`). */
  n: number;
  /** Atomic number per atom (1 for an explicit hydrogen atom). */
  z: Uint8Array;
  /** Implicit hydrogens per atom (RDKit's impHs; explicit H atoms are separate atoms). */
  hs: Uint8Array;
  charge: Int8Array;
  /** Isotope mass number, 0 = natural abundance. */
  isotope: Uint16Array;
  radicals: Uint8Array;
  aromatic: Uint8Array;
  /** Bond b joins atoms a1[b] and a2[b]; order is 1, 2 or 3 in the Kekulé form (0 for zero-order bonds). */
  a1: Int32Array;
  a2: Int32Array;
  order: Uint8Array;
  bondAromatic: Uint8Array;
  /** For each atom, its neighbours' atom indices and the bonds to them, in the same order. */
  neighbours: number[][];
  bondsOf: number[][];
  /** RDKit's ring set (RingInfo atom rings, in ring order). */
  rings: number[][];
  /** RDKit's CIP ranks (from its legacy stereo perception), one per atom. */
  cipRanks: number[];
  /** Atoms whose chirality is specified in the input (@ / @@). */
  chiralTag: Uint8Array;
}

interface JsonAtom {
  z?: number;
  impHs?: number;
  chg?: number;
  nRad?: number;
  isotope?: number;
  stereo?: string;
}
interface JsonBond {
  bo?: number;
  atoms: [number, number];
  stereo?: string;
}
interface JsonExtension {
  name: string;
  aromaticAtoms?: number[];
  aromaticBonds?: number[];
  cipRanks?: number[];
  atomRings?: number[][];
}
interface RdkitJson {
  rdkitjson?: { version: number };
  defaults: { atom: Required<JsonAtom>; bond: { bo: number; stereo: string } };
  molecules: { atoms: JsonAtom[]; bonds?: JsonBond[]; extensions?: JsonExtension[] }[];
}

/** Read the first molecule of an RDKit JSON document. Throws if it is not RDKit's JSON. */
export function readMolGraph(json: string): MolGraph {
  const doc = JSON.parse(json) as RdkitJson;
  const mol = doc.molecules?.[0];
  if (!doc.rdkitjson || !mol) throw new Error('not an RDKit JSON molecule (expected mol.get_json() output)');
  const da = doc.defaults.atom;
  const atoms = mol.atoms;
  const bonds = mol.bonds ?? [];
  const ext = mol.extensions?.find((e) => e.name === 'rdkitRepresentation');
  if (!ext) throw new Error('RDKit JSON without its rdkitRepresentation extension (aromaticity and rings)');
  const n = atoms.length;
  const g: MolGraph = {
    n,
    z: new Uint8Array(n),
    hs: new Uint8Array(n),
    charge: new Int8Array(n),
    isotope: new Uint16Array(n),
    radicals: new Uint8Array(n),
    aromatic: new Uint8Array(n),
    a1: new Int32Array(bonds.length),
    a2: new Int32Array(bonds.length),
    order: new Uint8Array(bonds.length),
    bondAromatic: new Uint8Array(bonds.length),
    neighbours: Array.from({ length: n }, () => []),
    bondsOf: Array.from({ length: n }, () => []),
    rings: ext.atomRings ?? [],
    cipRanks: ext.cipRanks ?? [],
    chiralTag: new Uint8Array(n),
  };
  atoms.forEach((a, i) => {
    g.z[i] = a.z ?? da.z;
    g.hs[i] = a.impHs ?? da.impHs;
    g.charge[i] = a.chg ?? da.chg;
    g.isotope[i] = a.isotope ?? da.isotope;
    g.radicals[i] = a.nRad ?? da.nRad;
    const stereo = a.stereo ?? da.stereo;
    g.chiralTag[i] = stereo === 'cw' || stereo === 'ccw' ? 1 : 0;
  });
  bonds.forEach((b, k) => {
    const [i, j] = b.atoms;
    g.a1[k] = i;
    g.a2[k] = j;
    g.order[k] = b.bo ?? doc.defaults.bond.bo;
    g.neighbours[i].push(j);
    g.bondsOf[i].push(k);
    g.neighbours[j].push(i);
    g.bondsOf[j].push(k);
  });
  for (const i of ext.aromaticAtoms ?? []) g.aromatic[i] = 1;
  for (const k of ext.aromaticBonds ?? []) g.bondAromatic[k] = 1;
  return g;
}

/** The bond joining atoms i and j, or -1. */
export function bondBetween(g: MolGraph, i: number, j: number): number {
  const at = g.neighbours[i].indexOf(j);
  return at < 0 ? -1 : g.bondsOf[i][at];
}

/** Total hydrogens on atom i: implicit plus explicit H neighbours. */
export function totalHs(g: MolGraph, i: number): number {
  let h = g.hs[i];
  for (const j of g.neighbours[i]) if (g.z[j] === 1) h++;
  return h;
}
