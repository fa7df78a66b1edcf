// QED, the quantitative estimate of drug-likeness (Bickerton, Paolini, Besnard, Muresan & Hopkins,
// "Quantifying the chemical beauty of drugs", Nature Chemistry 4, 90-98, 2012).
//
// RDKit.js has no QED, so it is computed here from the published formula: each of eight properties
// is mapped to a desirability in (0, 1] by an asymmetric double sigmoid, and QED is the weighted
// geometric mean of the desirabilities. The fitted sigmoid parameters, weights and SMARTS lists are
// those RDKit publishes in rdkit.Chem.QED (descriptor version 1.1.0), so the values agree with
// `rdkit.Chem.QED.qed` (tests/unit/domain/chem/qed.test.ts checks this against a fixture).
//
// The properties are computed on the molecule with explicit hydrogens removed:
//   MW      average molecular weight (RDKit amw)
//   ALOGP   Wildman-Crippen logP
//   HBA     acceptor atoms: total matches of ACCEPTOR_SMARTS
//   HBD     RDKit's NumHBD
//   PSA     topological polar surface area (N and O only)
//   ROTB    rotatable bonds, RDKit's "Strict" definition
//   AROM    rings left once the aliphatic ring atoms (AliphaticRings below) are deleted; this counts
//           aromatic rings, plus rings whose atoms all have only aromatic neighbours (fluorene's CH2)
//   ALERTS  how many of the structural alerts match at least once (not how many times)
import type { MolGraph } from './graph';
import { graphFacts, qedAcceptorCount, qedAromaticRingCount, qedGates, qedRotatableBondCount, type QedGates } from './qed-graph';
import { descriptors, type Descriptors, type Mol, type RDKitModule } from './rdkit';

export interface QedProperties {
  MW: number;
  ALOGP: number;
  HBA: number;
  HBD: number;
  PSA: number;
  ROTB: number;
  AROM: number;
  ALERTS: number;
}

export type QedWeights = Readonly<QedProperties>;

const PROPERTY_NAMES = ['MW', 'ALOGP', 'HBA', 'HBD', 'PSA', 'ROTB', 'AROM', 'ALERTS'] as const satisfies readonly (keyof QedProperties)[];

/** The paper's default "QED_w,mo": weights averaged over the best-scoring weightings. */
export const QED_WEIGHTS_MEAN: QedWeights = Object.freeze({ MW: 0.66, ALOGP: 0.46, HBA: 0.05, HBD: 0.61, PSA: 0.06, ROTB: 0.65, AROM: 0.48, ALERTS: 0.95 });
/** "QED_w,max": the single weighting with the highest information content. */
export const QED_WEIGHTS_MAX: QedWeights = Object.freeze({ MW: 0.5, ALOGP: 0.25, HBA: 0, HBD: 0.5, PSA: 0, ROTB: 0.5, AROM: 0.25, ALERTS: 1 });
/** "QED_w,u": all properties weighted equally. */
export const QED_WEIGHTS_NONE: QedWeights = Object.freeze({ MW: 1, ALOGP: 1, HBA: 1, HBD: 1, PSA: 1, ROTB: 1, AROM: 1, ALERTS: 1 });

/**
 * Asymmetric double sigmoid, d(x) = (a + b / (1 + e^-(x - c + d/2)/e) * (1 - 1 / (1 + e^-(x - c - d/2)/f))) / dmax:
 * a rising sigmoid centred at c - d/2 with width e times a falling one centred at c + d/2 with width f,
 * on a baseline a, scaled by dmax so the peak is about 1.
 */
export interface AdsParameters {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly d: number;
  readonly e: number;
  readonly f: number;
  readonly dmax: number;
}

/** Fitted to the property distributions of 771 oral drugs (RDKit's table; the paper's supplementary table). */
export const QED_ADS_PARAMETERS: Readonly<Record<keyof QedProperties, AdsParameters>> = Object.freeze({
  MW: { a: 2.817065973, b: 392.5754953, c: 290.7489764, d: 2.419764353, e: 49.22325677, f: 65.37051707, dmax: 104.9805561 },
  ALOGP: { a: 3.172690585, b: 137.8624751, c: 2.534937431, d: 4.581497897, e: 0.822739154, f: 0.576295591, dmax: 131.3186604 },
  HBA: { a: 2.948620388, b: 160.4605972, c: 3.615294657, d: 4.435986202, e: 0.290141953, f: 1.300669958, dmax: 148.7763046 },
  HBD: { a: 1.618662227, b: 1010.051101, c: 0.985094388, d: 0.000000001, e: 0.713820843, f: 0.920922555, dmax: 258.1632616 },
  PSA: { a: 1.876861559, b: 125.2232657, c: 62.90773554, d: 87.83366614, e: 12.01999824, f: 28.51324732, dmax: 104.5686167 },
  ROTB: { a: 0.01, b: 272.4121427, c: 2.55837997, d: 1.565547684, e: 1.271567166, f: 2.758063707, dmax: 105.4420403 },
  AROM: { a: 3.21778897, b: 957.7374108, c: 2.274627939, d: 0.000000001, e: 1.317690384, f: 0.375760881, dmax: 312.337261 },
  ALERTS: { a: 0.01, b: 1199.094025, c: -0.09002883, d: 0.000000001, e: 0.185904477, f: 0.875193782, dmax: 417.725314 },
});

export function desirability(x: number, p: AdsParameters): number {
  const rising = 1 / (1 + Math.exp(-(x - p.c + p.d / 2) / p.e));
  const falling = 1 - 1 / (1 + Math.exp(-(x - p.c - p.d / 2) / p.f));
  return (p.a + p.b * rising * falling) / p.dmax;
}

/** Weighted geometric mean of the eight desirabilities: exp(sum w_i ln d_i / sum w_i). */
export function qedFromProperties(p: QedProperties, weights: QedWeights = QED_WEIGHTS_MEAN): number {
  let weightSum = 0;
  let logSum = 0;
  for (const name of PROPERTY_NAMES) {
    const w = weights[name];
    if (w === 0) continue;
    weightSum += w;
    logSum += w * Math.log(desirability(p[name], QED_ADS_PARAMETERS[name]));
  }
  return Math.exp(logSum / weightSum);
}

// ---------------------------------------------------------------------------------------------
// SMARTS (RDKit's rdkit.Chem.QED lists, unchanged and in the same order)

/** An atom that is in a ring, aliphatic, and bonded to at least one non-aromatic atom. */
const ALIPHATIC_RING_ATOM = '[$([A;R][!a])]';

/** A bond whose two atoms both survive deleting the ALIPHATIC_RING_ATOM matches. */
const BOND_OUTSIDE_ALIPHATIC_RINGS = '[!$([A;R][!a])]~[!$([A;R][!a])]';

/** RDKit's NumRotatableBondsOptions.Strict pattern, as in RDKit 2022.09's Lipinski.cpp. */
const ROTATABLE_BOND_STRICT =
  '[!$(*#*)&!D1&!$(C(F)(F)F)&!$(C(Cl)(Cl)Cl)&!$(C(Br)(Br)Br)&!$(C([CH3])([CH3])[CH3])&!$([CD3](=[N,O,S])-!@[#7,O,S!D1])' +
  '&!$([#7,O,S!D1]-!@[CD3]=[N,O,S])&!$([CD3](=[N+])-!@[#7!D1])&!$([#7!D1]-!@[CD3]=[N+])]-,:;!@' +
  '[!$(*#*)&!D1&!$(C(F)(F)F)&!$(C(Cl)(Cl)Cl)&!$(C(Br)(Br)Br)&!$(C([CH3])([CH3])[CH3])]';

export const QED_ACCEPTOR_SMARTS: readonly string[] = Object.freeze([
  '[oH0;X2]',
  '[OH1;X2;v2]',
  '[OH0;X2;v2]',
  '[OH0;X1;v2]',
  '[O-;X1]',
  '[SH0;X2;v2]',
  '[SH0;X1;v2]',
  '[S-;X1]',
  '[nH0;X2]',
  '[NH0;X1;v3]',
  '[$([N;+0;X3;v3]);!$(N[C,S]=O)]',
]);

// Cheap necessary conditions: an alert tagged with a gate can only match if the gate's one-atom (or
// one-bond) pattern matches, so when the gate fails the costlier alert is not run. Each tag follows
// from an atom or bond the alert requires, e.g. every alert containing "#" needs a triple bond.
const GATES = {
  halogen: '[#9,#17,#35,#53]',
  sulfur: '[#16]',
  tripleBond: '*#*',
  charge: '[!+0]',
  threeRing: '[r3]',
  alkene: 'C=C', // two aliphatic carbons, double bond
  carboxyl: 'C(=O)O', // acid, ester, carbonate, anhydride: aliphatic C, O and O
  // anything but H, C, N, O, F, P, S, Cl, Br, I: the metals, metalloids and Se of the element alert
  unusualElement: '[!#1;!#6;!#7;!#8;!#9;!#15;!#16;!#17;!#35;!#53]',
  isotope: '[15#7,13#6,18#8,34#16]',
  phosphorus: '[#15]',
  heteroPair: '[#7,#8]~[#7,#8]', // N-N, N-O or O-O, any bond
  nitrogenDouble: 'N=*', // an aliphatic N with a double bond
  // The 7-ring alerts ask for seven [CR1] atoms (each in exactly one ring) closing a cycle: such a cycle can
  // only be one of RDKit's rings itself, so some atom's smallest ring has seven atoms.
  sevenRing: '[r7]',
} as const;
type Gate = keyof typeof GATES;

const ALERTS: readonly (readonly [smarts: string, gate?: Gate])[] = [
  ['*1[O,S,N]*1', 'threeRing'],
  ['[S,C](=[O,S])[F,Br,Cl,I]', 'halogen'],
  ['[CX4][Cl,Br,I]', 'halogen'],
  ['[#6]S(=O)(=O)O[#6]', 'sulfur'],
  ['[$([CH]),$(CC)]#CC(=O)[#6]', 'tripleBond'],
  ['[$([CH]),$(CC)]#CC(=O)O[#6]', 'tripleBond'],
  ['n[OH]', 'heteroPair'],
  ['[$([CH]),$(CC)]#CS(=O)(=O)[#6]', 'tripleBond'],
  ['C=C(C=O)C=O', 'alkene'],
  ['n1c([F,Cl,Br,I])cccc1', 'halogen'],
  ['[CH1](=O)'],
  ['[#8][#8]', 'heteroPair'],
  ['[C;!R]=[N;!R]', 'nitrogenDouble'],
  ['[N!R]=[N!R]', 'heteroPair'],
  ['[#6](=O)[#6](=O)'],
  ['[#16][#16]', 'sulfur'],
  ['[#7][NH2]', 'heteroPair'],
  ['C(=O)N[NH2]', 'heteroPair'],
  ['[#6]=S', 'sulfur'],
  ['[$([CH2]),$([CH][CX4]),$(C([CX4])[CX4])]=[$([CH2]),$([CH][CX4]),$(C([CX4])[CX4])]', 'alkene'],
  ['C1(=[O,N])C=CC(=[O,N])C=C1', 'alkene'],
  ['C1(=[O,N])C(=[O,N])C=CC=C1', 'alkene'],
  ['a21aa3a(aa1aaaa2)aaaa3'],
  ['a31a(a2a(aa1)aaaa2)aaaa3'],
  ['a1aa2a3a(a1)A=AA=A3=AA=A2'],
  ['c1cc([NH2])ccc1'],
  [
    '[Hg,Fe,As,Sb,Zn,Se,se,Te,B,Si,Na,Ca,Ge,Ag,Mg,K,Ba,Sr,Be,Ti,Mo,Mn,Ru,Pd,Ni,Cu,Au,Cd,Al,Ga,Sn,Rh,Tl,Bi,Nb,Li,Pb,Hf,Ho]',
    'unusualElement',
  ],
  ['I', 'halogen'],
  ['OS(=O)(=O)[O-]', 'sulfur'],
  ['[N+](=O)[O-]', 'charge'],
  ['C(=O)N[OH]', 'heteroPair'],
  ['C1NC(=O)NC(=O)1'],
  ['[SH]', 'sulfur'],
  ['[S-]', 'sulfur'],
  ['c1ccc([Cl,Br,I,F])c([Cl,Br,I,F])c1[Cl,Br,I,F]', 'halogen'],
  ['c1cc([Cl,Br,I,F])cc([Cl,Br,I,F])c1[Cl,Br,I,F]', 'halogen'],
  ['[CR1]1[CR1][CR1][CR1][CR1][CR1][CR1]1', 'sevenRing'],
  ['[CR1]1[CR1][CR1]cc[CR1][CR1]1', 'sevenRing'],
  ['[CR2]1[CR2][CR2][CR2][CR2][CR2][CR2][CR2]1'],
  ['[CR2]1[CR2][CR2]cc[CR2][CR2][CR2]1'],
  ['[CH2R2]1N[CH2R2][CH2R2][CH2R2][CH2R2][CH2R2]1'],
  ['[CH2R2]1N[CH2R2][CH2R2][CH2R2][CH2R2][CH2R2][CH2R2]1'],
  ['C#C', 'tripleBond'],
  ['[OR2,NR2]@[CR2]@[CR2]@[OR2,NR2]@[CR2]@[CR2]@[OR2,NR2]'],
  ['[$([N+R]),$([n+R]),$([N+]=C)][O-]', 'charge'],
  ['[#6]=N[OH]', 'heteroPair'],
  ['[#6]=NOC=O', 'carboxyl'],
  ['[#6](=O)[CX4,CR0X3,O][#6](=O)'],
  ['c1ccc2c(c1)ccc(=O)o2'],
  ['[O+,o+,S+,s+]', 'charge'],
  ['N=C=O', 'nitrogenDouble'],
  ['[NX3,NX4][F,Cl,Br,I]', 'halogen'],
  ['c1ccccc1OC(=O)[#6]', 'carboxyl'],
  ['[CR0]=[CR0][CR0]=[CR0]', 'alkene'],
  ['[C+,c+,C-,c-]', 'charge'],
  ['N=[N+]=[N-]', 'charge'],
  ['C12C(NC(N1)=O)CSC2', 'sulfur'],
  ['c1c([OH])c([OH,NH2,NH])ccc1'],
  ['P', 'phosphorus'],
  ['[N,O,S]C#N', 'tripleBond'],
  ['C=C=O', 'alkene'],
  ['[Si][F,Cl,Br,I]', 'halogen'],
  ['[SX2]O', 'sulfur'],
  ['[SiR0,CR0](c1ccccc1)(c2ccccc2)(c3ccccc3)'],
  ['O1CCCCC1OC2CCC3CCCCC3C2'],
  ['N=[CR0][N,n,O,S]', 'nitrogenDouble'],
  ['[cR2]1[cR2][cR2]([Nv3X3,Nv4X4])[cR2][cR2][cR2]1[cR2]2[cR2][cR2][cR2]([Nv3X3,Nv4X4])[cR2][cR2]2'],
  ['C=[C!r]C#N', 'tripleBond'],
  ['[cR2]1[cR2]c([N+0X3R0,nX3R0])c([N+0X3R0,nX3R0])[cR2][cR2]1'],
  ['[cR2]1[cR2]c([N+0X3R0,nX3R0])[cR2]c([N+0X3R0,nX3R0])[cR2]1'],
  ['[cR2]1[cR2]c([N+0X3R0,nX3R0])[cR2][cR2]c1([N+0X3R0,nX3R0])'],
  ['[OH]c1ccc([OH,NH2,NH])cc1'],
  ['c1ccccc1OC(=O)O', 'carboxyl'],
  ['[SX2H0][N]', 'sulfur'],
  ['c12ccccc1(SC(S)=N2)', 'sulfur'],
  ['c12ccccc1(SC(=S)N2)', 'sulfur'],
  ['c1nnnn1C=O', 'heteroPair'],
  ['s1c(S)nnc1NC=O', 'sulfur'],
  ['S1C=CSC1=S', 'alkene'],
  ['C(=O)Onnn', 'carboxyl'],
  ['OS(=O)(=O)C(F)(F)F', 'sulfur'],
  ['N#CC[OH]', 'tripleBond'],
  ['N#CC(=O)', 'tripleBond'],
  ['S(=O)(=O)C#N', 'tripleBond'],
  ['N[CH2]C#N', 'tripleBond'],
  ['C1(=O)NCC1'],
  ['S(=O)(=O)[O-,OH]', 'sulfur'],
  ['NC[F,Cl,Br,I]', 'halogen'],
  ['C=[C!r]O', 'alkene'],
  ['[NX2+0]=[O+0]', 'heteroPair'],
  ['[OR0,NR0][OR0,NR0]', 'heteroPair'],
  ['C(=O)O[C,H1].C(=O)O[C,H1].C(=O)O[C,H1]', 'carboxyl'],
  ['[CX2R0][NX3R0]'],
  ['c1ccccc1[C;!R]=[C;!R]c2ccccc2', 'alkene'],
  ['[NX3R0,NX4R0,OR0,SX2R0][CX4][NX3R0,NX4R0,OR0,SX2R0]'],
  ['[s,S,c,C,n,N,o,O]~[n+,N+](~[s,S,c,C,n,N,o,O])(~[s,S,c,C,n,N,o,O])~[s,S,c,C,n,N,o,O]', 'charge'],
  ['[s,S,c,C,n,N,o,O]~[nX3+,NX3+](~[s,S,c,C,n,N])~[s,S,c,C,n,N]', 'charge'],
  ['[*]=[N+]=[*]', 'charge'],
  ['[SX3](=O)[O-,OH]', 'sulfur'],
  ['N#N', 'tripleBond'],
  ['F.F.F.F', 'halogen'],
  ['[R0;D2][R0;D2][R0;D2][R0;D2]'],
  ['[cR,CR]~C(=O)NC(=O)~[cR,CR]'],
  ['C=!@CC=[O,S]', 'alkene'],
  ['[#6,#8,#16][#6](=O)O[#6]'],
  ['c[C;R0](=[O,S])[#6]'],
  ['c[SX2][C;!R]', 'sulfur'],
  ['C=C=C', 'alkene'],
  ['c1nc([F,Cl,Br,I,S])ncc1'],
  ['c1ncnc([F,Cl,Br,I,S])c1'],
  ['c1nc(c2c(n1)nc(n2)[F,Cl,Br,I])', 'halogen'],
  ['[#6]S(=O)(=O)c1ccc(cc1)F', 'sulfur'],
  ['[15N]', 'isotope'],
  ['[13C]', 'isotope'],
  ['[18O]', 'isotope'],
  ['[34S]', 'isotope'],
];

export const QED_ALERT_SMARTS: readonly string[] = Object.freeze(ALERTS.map(([smarts]) => smarts));

// ---------------------------------------------------------------------------------------------
// Compiled queries, once per RDKit module. They live as long as the module and are never deleted.

interface QedQueries {
  readonly acceptors: readonly Mol[];
  readonly alerts: readonly { readonly query: Mol; readonly gate: number }[];
  /** Gate queries, indexed by the alerts' gate numbers (-1 = no gate). */
  readonly gates: readonly Mol[];
  readonly rotatable: Mol;
  readonly keptBond: Mol;
}

const queryCache = new WeakMap<RDKitModule, QedQueries>();

function compileSmarts(rdkit: RDKitModule, smarts: string): Mol {
  const q = rdkit.get_qmol(smarts);
  if (q === null || !q.is_valid()) {
    q?.delete();
    throw new Error(`RDKit could not compile the QED SMARTS ${smarts}`);
  }
  return q;
}

function queriesFor(rdkit: RDKitModule): QedQueries {
  let queries = queryCache.get(rdkit);
  if (queries === undefined) {
    const gateNames = Object.keys(GATES) as Gate[];
    queries = {
      acceptors: QED_ACCEPTOR_SMARTS.map((s) => compileSmarts(rdkit, s)),
      alerts: ALERTS.map(([smarts, gate]) => ({
        query: compileSmarts(rdkit, smarts),
        gate: gate === undefined ? -1 : gateNames.indexOf(gate),
      })),
      gates: gateNames.map((g) => compileSmarts(rdkit, GATES[g])),
      rotatable: compileSmarts(rdkit, ROTATABLE_BOND_STRICT),
      keptBond: compileSmarts(rdkit, BOND_OUTSIDE_ALIPHATIC_RINGS),
    };
    queryCache.set(rdkit, queries);
  }
  return queries;
}

// ---------------------------------------------------------------------------------------------
// Matching. MinimalLib answers "{}" for no match, else JSON ({atoms, bonds} or a list of them).

const NO_MATCH = '{}';
/**
 * get_substruct_matches stops at 1000 matches by default. HBA and ROTB keep that cap, as Python's
 * GetSubstructMatches does; the AROM bond list must be complete (Python's GetSSSR sees every bond).
 */
const UNCAPPED = JSON.stringify({ maxMatches: 1 << 30 });

interface SubstructMatch {
  atoms: number[];
}

function hasMatch(mol: Mol, query: Mol): boolean {
  return mol.get_substruct_match(query) !== NO_MATCH;
}

function allMatches(mol: Mol, query: Mol, details?: string): SubstructMatch[] {
  const json = details === undefined ? mol.get_substruct_matches(query) : mol.get_substruct_matches(query, details);
  return json === NO_MATCH ? [] : (JSON.parse(json) as SubstructMatch[]);
}

function countMatches(mol: Mol, query: Mol): number {
  return allMatches(mol, query).length;
}

/**
 * Rings left after deleting the aliphatic ring atoms. For a graph the SSSR size is the cyclomatic
 * number E - V + C; with union-find over the surviving bonds it is the number of bonds whose ends
 * are already connected when the bond is added.
 */
function ringsOutsideAliphaticRings(mol: Mol, keptBond: Mol): number {
  const bonds = allMatches(mol, keptBond, UNCAPPED);
  if (bonds.length === 0) return 0;
  const parent = new Int32Array(mol.get_num_atoms());
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const root = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  let rings = 0;
  for (const { atoms } of bonds) {
    const a = root(atoms[0]);
    const b = root(atoms[1]);
    if (a === b) rings++;
    else parent[a] = b;
  }
  return rings;
}

function alertHits(mol: Mol, queries: QedQueries, known?: QedGates): boolean[] {
  // Gate results for this molecule: from the graph when given, else undefined until first needed.
  const gateOpen: (boolean | undefined)[] = known ? (Object.keys(GATES) as Gate[]).map((g) => known[g]) : new Array(queries.gates.length);
  return queries.alerts.map(({ query, gate }) => {
    if (gate >= 0) {
      gateOpen[gate] ??= hasMatch(mol, queries.gates[gate]);
      if (!gateOpen[gate]) return false;
    }
    return hasMatch(mol, query);
  });
}

/** Run fn on mol with explicit hydrogens removed (a temporary copy only if it has any). */
function withoutHs<T>(mol: Mol, fn: (heavy: Mol) => T): T {
  if (mol.get_num_atoms() === mol.get_num_atoms(true)) return fn(mol);
  const copy = mol.copy();
  if (copy === null) throw new Error('RDKit could not copy the molecule');
  try {
    // With no argument MinimalLib also strips isotopic H ([2H]); '{}' means RDKit's default
    // RemoveHsParameters, which keep them, as Chem.RemoveHs does.
    copy.remove_hs_in_place('{}');
    return fn(copy);
  } finally {
    copy.delete();
  }
}

function requireDescriptors<K extends string>(d: Record<string, number>, ...names: K[]): Record<K, number> {
  for (const name of names) {
    if (typeof d[name] !== 'number') throw new Error(`RDKit's get_descriptors() has no ${name}`);
  }
  return d as Record<K, number>;
}

// ---------------------------------------------------------------------------------------------

/**
 * The eight QED properties, computed as rdkit.Chem.QED.properties does. mol is not modified.
 * `known`: mol's descriptor table if the caller already has it (it is half the cost); `graph`: mol's graph
 * (graph.ts), which answers HBA, ROTB, AROM and the alert gates without RDKit's SMARTS matcher (the same
 * counts: qed-graph.ts). Both are used only when mol has no explicit hydrogens, since QED works on the
 * molecule without them.
 */
export function qedProperties(rdkit: RDKitModule, mol: Mol, known?: Descriptors, graph?: MolGraph): QedProperties {
  const queries = queriesFor(rdkit);
  return withoutHs(mol, (m) => {
    const d = requireDescriptors(m === mol && known ? known : descriptors(m), 'amw', 'CrippenClogP', 'NumHBD', 'tpsa');
    const facts = m === mol && graph ? graphFacts(graph) : null;
    let alerts = 0;
    for (const hit of alertHits(m, queries, facts ? qedGates(facts) : undefined)) if (hit) alerts++;
    return {
      MW: d.amw,
      ALOGP: d.CrippenClogP,
      HBA: facts ? qedAcceptorCount(facts) : queries.acceptors.reduce((sum, q) => sum + countMatches(m, q), 0),
      HBD: d.NumHBD,
      PSA: d.tpsa,
      // Not d.NumRotatableBonds: RDKit.js 2026.09 gives 1 for [2H]C([2H])([2H])Oc1ccccc1 where
      // RDKit 2022.09's Strict count is 2, so count the 2022 Strict SMARTS directly.
      ROTB: facts ? qedRotatableBondCount(facts) : countMatches(m, queries.rotatable),
      AROM: facts ? qedAromaticRingCount(facts) : ringsOutsideAliphaticRings(m, queries.keptBond),
      ALERTS: alerts,
    };
  });
}

/** The structural alerts (SMARTS from QED_ALERT_SMARTS) that match mol, for explaining a low QED. */
export function qedAlerts(rdkit: RDKitModule, mol: Mol): string[] {
  const queries = queriesFor(rdkit);
  return withoutHs(mol, (m) => {
    const hits = alertHits(m, queries);
    return QED_ALERT_SMARTS.filter((_, i) => hits[i]);
  });
}

/** QED with the default mean weights, in (0, 1); higher is more drug-like. */
export function qed(rdkit: RDKitModule, mol: Mol, known?: Descriptors, graph?: MolGraph): number {
  return qedFromProperties(qedProperties(rdkit, mol, known, graph));
}
