// SMILES -> SELFIES.
//
// Input: a KEKULÉ SMILES — no aromatic lowercase atoms, no ':' bonds. SELFIES has no aromatic tokens and this
// encoder does not kekulize (RDKit does that better than a re-implementation would). With RDKit.js, pass
// `mol.get_smiles(JSON.stringify({ doKekule: true }))` (MinimalLib ignores a 'kekulize' key here); kekule.ts
// has `kekuleSmiles(rdkit, smiles)` and `encodeMolecule(rdkit, smiles)` that do exactly this.
//
// The SMILES is parsed into a graph that keeps the written order, then each fragment is written as SELFIES:
// atom tokens carry the bond into the atom, every atom but the last child of a parent opens a
// [BranchL] + index + branch, and a ring-closure digit becomes a [RingL] + index on the later of its two atoms.
// The atom order is that of the SMILES, so ring lengths are atom-index differences. Ring tokens are written
// right after their atom (before its branches), wherever the digit stood in the SMILES.
//
// Chirality: the decoder writes an atom's neighbours as parent, ring bonds (those closing at this atom in
// token order, then those opened here in the order their far atoms appear), branches, chain. When that is an
// odd permutation of the input order, @ and @@ are swapped in the token so the decoded SMILES keeps the
// configuration (the package does the same; see its 2.0.0 changelog).
import { bondingCapacity, constraintKey, DEFAULT_CONSTRAINTS, ELEMENTS, indexToTokens, ORGANIC_SUBSET, type BondConstraints } from './alphabet';
import type { BondStereo } from './tokens';

/** A SMILES this grammar cannot express (or not valid SMILES); names the feature. */
export class SelfiesEncodeError extends Error {
  constructor(
    readonly smiles: string,
    readonly feature: string,
  ) {
    super(`Cannot encode "${smiles.length > 80 ? `${smiles.slice(0, 79)}…` : smiles}" as SELFIES: ${feature}`);
    this.name = 'SelfiesEncodeError';
  }
}

export interface EncodeOptions {
  /** Must match the constraints the SELFIES will be decoded with. Default DEFAULT_CONSTRAINTS. */
  readonly constraints?: BondConstraints;
}

interface Atom {
  readonly element: string;
  readonly isotope: number | null;
  chirality: '' | '@' | '@@';
  /** null: organic-subset atom written without brackets (implicit hydrogens). */
  readonly hCount: number | null;
  readonly charge: number;
  readonly parent: number;
  readonly inOrder: number;
  readonly inStereo: BondStereo;
  /** Out-neighbours in written order: child atom indices, or ring bonds. */
  readonly out: (number | RingBond)[];
  bonds: number;
}

interface RingBond {
  /** The atom with the opening digit (lower index). */
  readonly a: number;
  b: number;
  order: number;
  readonly stereoA: BondStereo;
  stereoB: BondStereo;
}

const BOND_ORDER: Readonly<Record<string, number>> = { '': 1, '-': 1, '/': 1, '\\': 1, '=': 2, '#': 3 };

/** Parse a Kekulé SMILES into atoms (in written order) and the roots of its fragments. */
function parseSmiles(smiles: string): { atoms: Atom[]; roots: number[] } {
  const fail = (feature: string): never => {
    throw new SelfiesEncodeError(smiles, feature);
  };
  const atoms: Atom[] = [];
  const roots: number[] = [];
  const branchStack: number[] = [];
  let open = new Map<number, { ring: RingBond; bond: string }>();
  let prev = -1;
  let bond = '';
  let i = 0;
  const s = smiles;

  const addAtom = (spec: Omit<Atom, 'parent' | 'inOrder' | 'inStereo' | 'out' | 'bonds'>): void => {
    if (prev < 0 && bond !== '') fail(`bond '${bond}' before the first atom of a chain`);
    const idx = atoms.length;
    const order = prev < 0 ? 0 : BOND_ORDER[bond];
    atoms.push({
      element: spec.element,
      isotope: spec.isotope,
      chirality: spec.chirality,
      hCount: spec.hCount,
      charge: spec.charge,
      parent: prev,
      inOrder: order,
      inStereo: bond === '/' || bond === '\\' ? bond : '',
      out: [],
      bonds: order,
    });
    if (prev < 0) roots.push(idx);
    else {
      atoms[prev].out.push(idx);
      atoms[prev].bonds += order;
    }
    prev = idx;
    bond = '';
  };

  const ringDigit = (n: number): void => {
    if (prev < 0) fail('ring-closure digit before any atom');
    const o = open.get(n);
    if (o === undefined) {
      const ring: RingBond = { a: prev, b: -1, order: BOND_ORDER[bond], stereoA: bond === '/' || bond === '\\' ? bond : '', stereoB: '' };
      atoms[prev].out.push(ring);
      open.set(n, { ring, bond });
    } else {
      open.delete(n);
      const { ring } = o;
      if (ring.a === prev) fail(`ring bond ${n} from an atom to itself`);
      if (atoms[prev].parent === ring.a || atoms[prev].out.some((x) => typeof x !== 'number' && (x.a === ring.a || x.b === ring.a)))
        fail(`ring bond ${n} between atoms that are already bonded`);
      const [x, y] = [o.bond, bond];
      if (x !== '' && y !== '' && BOND_ORDER[x] !== BOND_ORDER[y]) fail(`mismatched bonds '${x}' and '${y}' on ring bond ${n}`);
      ring.b = prev;
      ring.order = Math.max(BOND_ORDER[x], BOND_ORDER[y]);
      ring.stereoB = y === '/' || y === '\\' ? y : '';
      atoms[prev].out.push(ring);
      atoms[ring.a].bonds += ring.order;
      atoms[prev].bonds += ring.order;
    }
    bond = '';
  };

  while (i < s.length) {
    const c = s[i];
    if (c === '.') {
      if (bond !== '') fail(`bond '${bond}' before '.'`);
      if (branchStack.length > 0) fail("unclosed '(' before '.'");
      if (open.size > 0) fail(`ring bond ${[...open.keys()][0]} across a '.' (ring closures between fragments)`);
      open = new Map();
      prev = -1;
      i++;
    } else if (c === '-' || c === '=' || c === '#' || c === '/' || c === '\\') {
      if (bond !== '') fail(`two bond symbols in a row at position ${i}`);
      bond = c;
      i++;
    } else if (c === ':') fail("aromatic bond ':' (pass a Kekulé SMILES)");
    else if (c === '$') fail("quadruple bond '$'");
    else if (c === '(') {
      if (prev < 0) fail("'(' before any atom");
      if (bond !== '') fail(`bond '${bond}' before '('`);
      branchStack.push(prev);
      i++;
    } else if (c === ')') {
      if (branchStack.length === 0) fail("unbalanced ')'");
      if (bond !== '') fail(`bond '${bond}' before ')'`);
      prev = branchStack.pop() as number;
      i++;
    } else if (c >= '0' && c <= '9') {
      ringDigit(Number(c));
      i++;
    } else if (c === '%') {
      const m = /^%(?:(\d\d)|\((\d+)\))/.exec(s.slice(i));
      if (!m) fail(`bad ring number at position ${i}`);
      ringDigit(Number((m as RegExpExecArray)[1] ?? (m as RegExpExecArray)[2]));
      i += (m as RegExpExecArray)[0].length;
    } else if (c === '[') {
      const j = s.indexOf(']', i);
      if (j < 0) fail(`unclosed '[' at position ${i}`);
      addAtom(parseBracketAtom(s.slice(i, j + 1), fail));
      i = j + 1;
    } else if (c === '*') fail("wildcard atom '*'");
    else if (c === 'b' || c === 'c' || c === 'n' || c === 'o' || c === 'p' || c === 's') fail(`aromatic atom '${c}' (pass a Kekulé SMILES)`);
    else {
      const two = s.slice(i, i + 2);
      const el = two === 'Cl' || two === 'Br' ? two : c;
      if (!ORGANIC_SUBSET.has(el)) fail(`unexpected '${c}' at position ${i}`);
      addAtom({ element: el, isotope: null, chirality: '', hCount: null, charge: 0 });
      i += el.length;
    }
  }
  if (bond !== '') fail(`dangling bond '${bond}' at the end`);
  if (branchStack.length > 0) fail("unclosed '('");
  if (open.size > 0) fail(`unclosed ring bond ${[...open.keys()][0]}`);
  if (atoms.length === 0) fail('no atoms');
  return { atoms, roots };
}

const BRACKET_RE = /^\[(\d*)(\*|[A-Za-z][a-z]?)(@(?:@|TH[12]|AL[12]|SP[123]|TB\d\d?|OH\d\d?)?)?(H\d*)?(\+\d*|-\d*|\+\++|-+)?(:\d+)?\]$/;

function parseBracketAtom(text: string, fail: (feature: string) => never): Omit<Atom, 'parent' | 'inOrder' | 'inStereo' | 'out' | 'bonds'> {
  const m = BRACKET_RE.exec(text);
  if (!m) return fail(`unreadable bracket atom ${text}`);
  const [, iso, el, chir, h, charge, cls] = m;
  if (el === '*') fail(`wildcard atom ${text}`);
  if (el[0] !== el[0].toUpperCase()) fail(`aromatic atom ${text} (pass a Kekulé SMILES)`);
  if (!ELEMENTS.has(el)) fail(`unknown element in ${text}`);
  if (chir !== undefined && chir !== '@' && chir !== '@@') fail(`chirality class ${chir} in ${text} (only @ and @@ are expressible)`);
  if (cls !== undefined) fail(`atom class ${cls} in ${text}`);
  const hCount = h === undefined ? 0 : h === 'H' ? 1 : Number(h.slice(1));
  if (hCount > 9) fail(`more than 9 hydrogens in ${text}`);
  let q = 0;
  if (charge !== undefined) {
    const sign = charge[0] === '+' ? 1 : -1;
    q = charge.length === 1 ? sign : /\d/.test(charge) ? sign * Number(charge.slice(1)) : sign * charge.length;
  }
  return { element: el, isotope: iso === '' ? null : Number(iso), chirality: (chir ?? '') as '' | '@' | '@@', hCount, charge: q };
}

function atomToken(atom: Atom, order: number, stereo: BondStereo): string {
  const bond = order === 2 ? '=' : order === 3 ? '#' : stereo;
  if (atom.hCount === null) return `[${bond}${atom.element}]`;
  let s = (atom.isotope ?? '') + atom.element + atom.chirality;
  if (atom.hCount > 0) s += `H${atom.hCount}`;
  else if (atom.isotope === null && atom.chirality === '' && atom.charge === 0 && ORGANIC_SUBSET.has(atom.element)) s += 'H0'; // [C] in SMILES is [CH0]
  if (atom.charge !== 0) s += (atom.charge > 0 ? '+' : '-') + Math.abs(atom.charge);
  return `[${bond}${s}]`;
}

function ringToken(ring: RingBond, length: number): string {
  if (ring.order !== 1 || (ring.stereoA === '' && ring.stereoB === '')) return `[${ring.order === 2 ? '=' : ring.order === 3 ? '#' : ''}Ring${length}]`;
  return `[${ring.stereoA || '-'}${ring.stereoB || '-'}Ring${length}]`;
}

/** Parity of the permutation that sorts `order` (indices into the original list). */
function isOdd(perm: readonly number[]): boolean {
  let inversions = 0;
  for (let i = 0; i < perm.length; i++) for (let j = i + 1; j < perm.length; j++) if (perm[i] > perm[j]) inversions++;
  return inversions % 2 === 1;
}

/** Swap @/@@ where the decoder will list the neighbours in an odd permutation of the SMILES order. */
function fixChirality(atoms: Atom[]): void {
  atoms.forEach((atom, idx) => {
    if (atom.chirality === '' || !atom.out.some((x) => typeof x !== 'number')) return;
    const closing: number[] = [];
    const opening: number[] = [];
    const children: number[] = [];
    atom.out.forEach((x, k) => (typeof x === 'number' ? children : x.b === idx ? closing : opening).push(k));
    opening.sort((p, q) => (atom.out[p] as RingBond).b - (atom.out[q] as RingBond).b);
    if (isOdd([...closing, ...opening, ...children])) atom.chirality = atom.chirality === '@' ? '@@' : '@';
  });
}

function indexTokens(q: number, what: string, smiles: string): string[] {
  const t = indexToTokens(q);
  if (t.length > 3) throw new SelfiesEncodeError(smiles, `${what} spans ${q + 1} tokens (the grammar allows 4096)`);
  return t;
}

/** Tokens of the chain starting at `root` (entered by a bond of `order`/`stereo`), branches included. */
function chainTokens(atoms: readonly Atom[], root: number, smiles: string): string[] {
  const out: string[] = [];
  let cur = root;
  for (;;) {
    const atom = atoms[cur];
    out.push(atomToken(atom, atom.inOrder, atom.inStereo));
    for (const x of atom.out) {
      if (typeof x === 'number' || x.b !== cur) continue;
      const q = indexTokens(x.b - x.a - 1, 'a ring', smiles);
      out.push(ringToken(x, q.length), ...q);
    }
    const children = atom.out.filter((x): x is number => typeof x === 'number');
    if (children.length === 0) return out;
    for (const child of children.slice(0, -1)) {
      const branch = chainTokens(atoms, child, smiles);
      const q = indexTokens(branch.length - 1, 'a branch', smiles);
      const o = atoms[child].inOrder;
      out.push(`[${o === 2 ? '=' : o === 3 ? '#' : ''}Branch${q.length}]`, ...q, ...branch);
    }
    cur = children[children.length - 1];
  }
}

/** Encode a Kekulé SMILES (see the top of this file) as SELFIES. Throws SelfiesEncodeError. */
export function encode(smiles: string, options: EncodeOptions = {}): string {
  const constraints = options.constraints ?? DEFAULT_CONSTRAINTS;
  const { atoms, roots } = parseSmiles(smiles.trim());
  atoms.forEach((a, i) => {
    const cap = bondingCapacity(a.element, a.charge, constraints) - (a.hCount ?? 0);
    const key = constraintKey(a.element, a.charge);
    if (cap < 0) throw new SelfiesEncodeError(smiles, `atom ${i + 1} (${key}) has ${a.hCount} H, more than its SELFIES capacity ${cap + (a.hCount ?? 0)}`);
    if (a.bonds > cap) {
      throw new SelfiesEncodeError(
        smiles,
        `atom ${i + 1} (${key}${a.hCount ? ` with ${a.hCount} H` : ''}) makes ${a.bonds} bonds, more than its SELFIES capacity ${cap}`,
      );
    }
  });
  fixChirality(atoms);
  return roots.map((r) => chainTokens(atoms, r, smiles).join('')).join('.');
}
