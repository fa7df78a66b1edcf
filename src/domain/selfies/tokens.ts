// SELFIES strings as token lists, and what a single token means.
//
// A SELFIES string is a run of bracketed symbols, '[C][=C][Branch1][C][F]', with '.' between fragments.
// Symbol syntax (selfies 2.x):
//   atom    [ bond? isotope? Element chirality? (H n)? (±n)? ]   e.g. [C] [=N] [#C] [/C] [\C] [C@@H1] [NH3+1] [O-1] [2H]
//           bond is '', '=', '#' (order 1, 2, 3) or '/', '\' (order 1 with a double-bond direction). Only the
//           bare organic-subset elements ([C], [Cl], ...) get implicit hydrogens; every other atom token has
//           exactly the hydrogens it names ([CH0] is a carbon with none).
//   branch  [BranchL] [=BranchL] [#BranchL]                      L = 1, 2, 3 index tokens follow
//   ring    [RingL] [=RingL] [#RingL] [-/RingL] [\/RingL] ...      two-character prefixes give the '/' '\' of
//                                                                 the ring bond at its left and right end
//   [nop]   padding, skipped; [epsilon] ends a chain (kept from the v1 grammar, as in the package)
// Lenient beyond the package: a charge without digits ([NH1+]) means ±1, and 'H' without a count means H1.
import { ELEMENTS, ORGANIC_SUBSET } from './alphabet';

/** A SELFIES string the decoder cannot read: unbalanced brackets, text outside brackets, an unknown token. */
export class SelfiesDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelfiesDecodeError';
  }
}

export type BondStereo = '' | '/' | '\\';

export interface AtomSymbol {
  readonly kind: 'atom';
  /** Order of the bond to the previous atom: 1, 2 or 3 (the decoder may lower it). */
  readonly order: number;
  readonly stereo: BondStereo;
  readonly element: string;
  readonly isotope: number | null;
  readonly chirality: '' | '@' | '@@';
  /** null: implicit hydrogens (bare organic-subset token). */
  readonly hCount: number | null;
  readonly charge: number;
}

export interface BranchSymbol {
  readonly kind: 'branch';
  readonly order: number;
  /** How many index tokens follow (1-3). */
  readonly length: number;
}

export interface RingSymbol {
  readonly kind: 'ring';
  readonly order: number;
  readonly length: number;
  readonly leftStereo: BondStereo;
  readonly rightStereo: BondStereo;
}

export type SelfiesSymbol =
  | AtomSymbol
  | BranchSymbol
  | RingSymbol
  | { readonly kind: 'nop' }
  | { readonly kind: 'epsilon' }
  | { readonly kind: 'dot' };

const ORDER: Readonly<Record<string, number>> = { '': 1, '-': 1, '/': 1, '\\': 1, '=': 2, '#': 3 };

const ATOM_RE = /^\[([=#/\\]?)(\d*)([A-Z][a-z]?)(@{0,2})(?:H(\d?))?(?:([+-])(\d*))?\]$/;
const BRANCH_RE = /^\[([=#]?)Branch([123])\]$/;
const RING_RE = /^\[([=#]?|[-/\\][-/\\])Ring([123])\]$/;

/** What one token means, or null if it is not a SELFIES symbol (or names more hydrogens than digits allow). */
export function parseSymbol(token: string): SelfiesSymbol | null {
  if (token === '.') return { kind: 'dot' };
  if (token === '[nop]') return { kind: 'nop' };
  if (token === '[epsilon]') return { kind: 'epsilon' };

  let m = BRANCH_RE.exec(token);
  if (m) return { kind: 'branch', order: ORDER[m[1]], length: Number(m[2]) };

  m = RING_RE.exec(token);
  if (m) {
    const b = m[1];
    if (b.length < 2) return { kind: 'ring', order: ORDER[b], length: Number(m[2]), leftStereo: '', rightStereo: '' };
    if (b === '--') return null;
    return { kind: 'ring', order: 1, length: Number(m[2]), leftStereo: stereoOf(b[0]), rightStereo: stereoOf(b[1]) };
  }

  m = ATOM_RE.exec(token);
  if (!m) return null;
  const [, bond, iso, element, chir, h, sign, mag] = m;
  if (!ELEMENTS.has(element)) return null;
  const body = token.slice(1 + bond.length, -1);
  const organic = ORGANIC_SUBSET.has(body);
  return {
    kind: 'atom',
    order: ORDER[bond],
    stereo: stereoOf(bond),
    element,
    isotope: iso === '' ? null : Number(iso),
    chirality: chir as '' | '@' | '@@',
    hCount: organic ? null : h === undefined ? 0 : h === '' ? 1 : Number(h),
    charge: sign === undefined ? 0 : (sign === '+' ? 1 : -1) * (mag === '' ? 1 : Number(mag)),
  };
}

function stereoOf(c: string): BondStereo {
  return c === '/' || c === '\\' ? c : '';
}

/**
 * '[C][=C][F].[C]' -> ['[C]', '[=C]', '[F]', '.', '[C]']. Whitespace between tokens is ignored; any other
 * text outside brackets, or a '[' without its ']', throws SelfiesDecodeError.
 */
export function splitSelfies(selfies: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < selfies.length) {
    const c = selfies[i];
    if (c === '[') {
      const j = selfies.indexOf(']', i + 1);
      const k = selfies.indexOf('[', i + 1);
      if (j < 0 || (k >= 0 && k < j)) throw new SelfiesDecodeError(`unclosed '[' at position ${i} in SELFIES "${clip(selfies)}"`);
      out.push(selfies.slice(i, j + 1));
      i = j + 1;
    } else if (c === '.') {
      out.push('.');
      i++;
    } else if (c === ' ' || c === '\n' || c === '\r' || c === '\t') {
      i++;
    } else {
      throw new SelfiesDecodeError(`unexpected '${c}' at position ${i} in SELFIES "${clip(selfies)}"`);
    }
  }
  return out;
}

export function joinSelfies(tokens: readonly string[]): string {
  return tokens.join('');
}

/** Number of tokens, '.' included, as the package's len_selfies counts them. */
export function lenSelfies(selfies: string): number {
  return splitSelfies(selfies).length;
}

/** Token counts over many SELFIES strings ('.' not counted): the raw material of a vocabulary. */
export function countTokens(selfies: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of selfies) {
    for (const t of splitSelfies(s)) if (t !== '.') counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  return counts;
}

export function clip(s: string, n = 80): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
