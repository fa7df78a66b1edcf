// The fixed parts of the SELFIES grammar (Krenn et al. 2020, v2 semantics of the `selfies` Python package):
// bonding capacities, the 16-symbol index alphabet that [Branch*]/[Ring*] read their lengths from, and
// helpers that build alphabets. Facts follow selfies 2.1.x; the code is our own.

/**
 * Maximum number of bonds (sum of bond orders, hydrogens written in the token included) per atom or ion.
 * Keys are an element ('C') or an element with a signed charge ('N+1', 'O-1'); '?' is every atom not listed.
 */
export type BondConstraints = Readonly<Record<string, number>>;

/** The `default` preset of the selfies 2.1 Python package (selfies/bond_constraints.py), for interoperability. */
export const SELFIES_PACKAGE_CONSTRAINTS: BondConstraints = Object.freeze({
  H: 1, F: 1, Cl: 1, Br: 1, I: 1,
  B: 3, 'B+1': 2, 'B-1': 4,
  O: 2, 'O+1': 3, 'O-1': 1,
  N: 3, 'N+1': 4, 'N-1': 2,
  C: 4, 'C+1': 5, 'C-1': 3,
  P: 5, 'P+1': 6, 'P-1': 4,
  S: 6, 'S+1': 7, 'S-1': 5,
  '?': 8,
});

/**
 * Lodestone's default: the package preset with the charged capacities lowered to what RDKit accepts, so that
 * every decoded string is a molecule RDKit can sanitise. The package allows C+1 5, P+1 6 and S+1 7 bonds, and
 * RDKit rejects all three (a cation takes the valence of its isoelectronic neighbour: C+ like B, 3; P+ like Si,
 * 4; S+ like P, 3 or 5). S-1 is a thiolate here (1, as in the package's `octet_rule` preset) instead of 5.
 * Tokens of other charged atoms keep the package values; atoms under '?' (Si, Se, metals ...) may still
 * exceed RDKit's valences, so keep them out of generator vocabularies or add them here.
 */
export const DEFAULT_CONSTRAINTS: BondConstraints = Object.freeze({
  ...SELFIES_PACKAGE_CONSTRAINTS,
  'C+1': 3,
  'P+1': 4,
  'S+1': 5,
  'S-1': 1,
});

export function constraintKey(element: string, charge: number): string {
  return charge === 0 ? element : `${element}${charge > 0 ? '+' : ''}${charge}`;
}

export function bondingCapacity(element: string, charge: number, constraints: BondConstraints = DEFAULT_CONSTRAINTS): number {
  return constraints[constraintKey(element, charge)] ?? constraints['?'] ?? 8;
}

/** Elements written without brackets in SMILES; as SELFIES atoms ([C], [Cl]) they carry implicit hydrogens. */
export const ORGANIC_SUBSET: ReadonlySet<string> = new Set(['B', 'C', 'N', 'O', 'S', 'P', 'F', 'Cl', 'Br', 'I']);

export const ELEMENTS: ReadonlySet<string> = new Set([
  'H', 'He', 'Li', 'Be', 'B', 'C', 'N', 'O', 'F', 'Ne', 'Na', 'Mg', 'Al', 'Si', 'P', 'S', 'Cl', 'Ar', 'K', 'Ca',
  'Sc', 'Ti', 'V', 'Cr', 'Mn', 'Fe', 'Co', 'Ni', 'Cu', 'Zn', 'Ga', 'Ge', 'As', 'Se', 'Br', 'Kr', 'Rb', 'Sr', 'Y',
  'Zr', 'Nb', 'Mo', 'Tc', 'Ru', 'Rh', 'Pd', 'Ag', 'Cd', 'In', 'Sn', 'Sb', 'Te', 'I', 'Xe', 'Cs', 'Ba', 'La', 'Ce',
  'Pr', 'Nd', 'Pm', 'Sm', 'Eu', 'Gd', 'Tb', 'Dy', 'Ho', 'Er', 'Tm', 'Yb', 'Lu', 'Hf', 'Ta', 'W', 'Re', 'Os', 'Ir',
  'Pt', 'Au', 'Hg', 'Tl', 'Pb', 'Bi', 'Po', 'At', 'Rn', 'Fr', 'Ra', 'Ac', 'Th', 'Pa', 'U', 'Np', 'Pu', 'Am', 'Cm',
  'Bk', 'Cf', 'Es', 'Fm', 'Md', 'No', 'Lr', 'Rf', 'Db', 'Sg', 'Bh', 'Hs', 'Mt', 'Ds', 'Rg', 'Cn', 'Fl', 'Lv',
]);

/**
 * The digits of the base-16 numbers that follow [BranchL] (L tokens: the branch holds Q + 1 tokens) and
 * [RingL] (L tokens: the ring closes to the atom Q + 1 atoms back). Any other token read as a digit counts 0.
 */
export const INDEX_ALPHABET: readonly string[] = Object.freeze([
  '[C]', '[Ring1]', '[Ring2]',
  '[Branch1]', '[=Branch1]', '[#Branch1]',
  '[Branch2]', '[=Branch2]', '[#Branch2]',
  '[O]', '[N]', '[=N]', '[=C]', '[#C]', '[S]', '[P]',
]);

const INDEX_CODE: ReadonlyMap<string, number> = new Map(INDEX_ALPHABET.map((t, i) => [t, i]));

/** The value of a token read as an index digit: its position in INDEX_ALPHABET, else 0. */
export function indexDigit(token: string): number {
  return INDEX_CODE.get(token) ?? 0;
}

/** Q from the index tokens, most significant first. */
export function indexFromTokens(tokens: readonly string[]): number {
  let q = 0;
  for (const t of tokens) q = q * 16 + indexDigit(t);
  return q;
}

/** The shortest index-token spelling of q (q = 0 is one token, [C]). */
export function indexToTokens(q: number): string[] {
  if (!Number.isInteger(q) || q < 0) throw new RangeError(`SELFIES index must be a non-negative integer, got ${q}`);
  const out: string[] = [];
  do {
    out.push(INDEX_ALPHABET[q % 16]);
    q = Math.floor(q / 16);
  } while (q > 0);
  return out.reverse();
}

/** [Branch1] ... [#Branch3]: 9 tokens. */
export const BRANCH_TOKENS: readonly string[] = Object.freeze(
  [1, 2, 3].flatMap((l) => ['', '=', '#'].map((b) => `[${b}Branch${l}]`)),
);

/**
 * [Ring1] ... [#Ring3] and the stereo ring tokens [-/RingL], [\/RingL] ... (left end, right end; '-' = no
 * direction): 11 per L, 33 tokens.
 */
export const RING_TOKENS: readonly string[] = Object.freeze(
  [1, 2, 3].flatMap((l) => [
    ...['', '=', '#'].map((b) => `[${b}Ring${l}]`),
    ...['-', '/', '\\'].flatMap((a) => ['-', '/', '\\'].filter((b) => !(a === '-' && b === '-')).map((b) => `[${a}${b}Ring${l}]`)),
  ]),
);

/** Padding token: the decoder drops it before reading anything, including index digits. */
export const NOP = '[nop]';

/**
 * The package's `get_semantic_robust_alphabet()`: every [E], [=E], [#E] whose bond order fits the capacity of
 * each constrained atom or ion, the plain/= /# branch and ring tokens, and the index alphabet. Sorted.
 */
export function semanticRobustAlphabet(constraints: BondConstraints = DEFAULT_CONSTRAINTS): string[] {
  const out = new Set<string>();
  for (const [atom, cap] of Object.entries(constraints)) {
    if (atom === '?') continue;
    ['', '=', '#'].forEach((b, i) => {
      if (i + 1 <= cap) out.add(`[${b}${atom}]`);
    });
  }
  for (let l = 1; l <= 3; l++) {
    for (const b of ['', '=']) out.add(`[${b}Ring${l}]`);
    for (const b of ['', '=', '#']) out.add(`[${b}Branch${l}]`);
  }
  for (const t of INDEX_ALPHABET) out.add(t);
  return [...out].sort();
}
