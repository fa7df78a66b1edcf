// SELFIES -> SMILES. Self-contained and allocation-light: it builds a small graph and writes SMILES itself
// (no RDKit), so a worker can decode thousands of generated sequences per second.
//
// The derivation follows the v2 grammar of the `selfies` package. Each '.'-separated fragment starts in state
// 0; the state is the number of bonds the current atom can still make (null: the chain is finished).
//   atom    bond order = min(token order, state, capacity) (0 at state 0: the atom starts the fragment);
//           the new state is capacity - order, and a state of 0 becomes null. An atom with capacity 0 met at
//           state > 0 is dropped and ends the chain.
//   branch  ignored at state <= 1 (its index tokens are then read as ordinary tokens). Otherwise it reads L
//           index tokens as Q, derives the next Q + 1 tokens as a branch off the current atom, starting in
//           state min(state - 1, branch order), and the main chain continues with state - that. A branch that
//           ends early (its state became null) still consumes all of its Q + 1 tokens.
//   ring    ignored at state 0. Otherwise it reads L index tokens as Q, asks for a bond of order
//           min(ring order, state) from the current atom to the atom Q + 1 atoms earlier (atom 0 at the
//           latest), and takes that order off the state.
//   [epsilon] ends the chain (no-op at state 0). [nop] is removed before anything is read.
// After the whole string, ring bonds are made in the order they were asked for: skipped if both ends are the
// same atom or either end has no free capacity; otherwise order = min(asked, free at both ends), and if the
// two atoms are already bonded that bond's order goes up instead (3 at most).
//
// Output order matches the package, which matters for chirality: each atom is written, then its ring-bond
// digits in the order the ring bonds were made, then its branches in order, then the rest of its chain.
import { bondingCapacity, DEFAULT_CONSTRAINTS, indexDigit, type BondConstraints } from './alphabet';
import { clip, parseSymbol, SelfiesDecodeError, splitSelfies, type AtomSymbol, type BondStereo, type SelfiesSymbol } from './tokens';

export interface DecodeOptions {
  /** Bonding capacities; DEFAULT_CONSTRAINTS unless given (SELFIES_PACKAGE_CONSTRAINTS matches selfies 2.1). */
  readonly constraints?: BondConstraints;
}

const ATOM = 0;
const BRANCH = 1;
const RING = 2;
const EPSILON = 3;
const NOP = 4;
const DOT = 5;
const INVALID = 6;

/** A token compiled for one set of constraints. */
interface Sym {
  readonly kind: number;
  /** Value when read as an index digit. */
  readonly digit: number;
  readonly order: number;
  /** Branch/ring: number of index tokens. */
  readonly length: number;
  readonly stereo: BondStereo;
  readonly rightStereo: BondStereo;
  /** Atom: bonds it can make (capacity minus its explicit hydrogens). */
  readonly capacity: number;
  /** Atom: its SMILES text. */
  readonly smiles: string;
  readonly token: string;
}

const tables = new WeakMap<BondConstraints, Map<string, Sym>>();

function compile(token: string, constraints: BondConstraints): Sym {
  const s: SelfiesSymbol | null = parseSymbol(token);
  const base = { digit: indexDigit(token), order: 1, length: 0, stereo: '' as BondStereo, rightStereo: '' as BondStereo, capacity: 0, smiles: '', token };
  if (s === null) return { ...base, kind: INVALID };
  switch (s.kind) {
    case 'atom': {
      const capacity = bondingCapacity(s.element, s.charge, constraints) - (s.hCount ?? 0);
      if (capacity < 0) return { ...base, kind: INVALID }; // e.g. [CH5]: more hydrogens than bonds
      return { ...base, kind: ATOM, order: s.order, stereo: s.stereo, capacity, smiles: atomSmiles(s) };
    }
    case 'branch':
      return { ...base, kind: BRANCH, order: s.order, length: s.length };
    case 'ring':
      return { ...base, kind: RING, order: s.order, length: s.length, stereo: s.leftStereo, rightStereo: s.rightStereo };
    case 'epsilon':
      return { ...base, kind: EPSILON };
    case 'nop':
      return { ...base, kind: NOP };
    case 'dot':
      return { ...base, kind: DOT };
  }
}

function atomSmiles(a: AtomSymbol): string {
  if (a.hCount === null) return a.element; // bare organic subset: implicit hydrogens
  let s = '[';
  if (a.isotope !== null) s += a.isotope;
  s += a.element + a.chirality;
  if (a.hCount > 0) s += a.hCount === 1 ? 'H' : `H${a.hCount}`;
  if (a.charge !== 0) s += (a.charge > 0 ? '+' : '-') + (Math.abs(a.charge) === 1 ? '' : Math.abs(a.charge));
  return `${s}]`;
}

function lookup(token: string, constraints: BondConstraints): Sym {
  let table = tables.get(constraints);
  if (table === undefined) tables.set(constraints, (table = new Map()));
  let sym = table.get(token);
  if (sym === undefined) {
    sym = compile(token, constraints);
    if (table.size < 10_000) table.set(token, sym); // bounded: arbitrary input must not grow it forever
  }
  return sym;
}

/** A ring bond once made; shared by both ends so a later order change shows at both digits. */
interface RingBond {
  readonly a: number;
  readonly b: number;
  order: number;
  readonly stereoA: BondStereo;
  readonly stereoB: BondStereo;
  label: number;
}

interface PendingRing {
  readonly left: number;
  readonly right: number;
  readonly order: number;
  readonly leftStereo: BondStereo;
  readonly rightStereo: BondStereo;
}

/** Atoms in derivation order; tree bonds go parent -> child and a parent always has the lower index. */
class Graph {
  readonly smiles: string[] = [];
  readonly capacity: number[] = [];
  readonly used: number[] = [];
  readonly parent: number[] = [];
  readonly inOrder: number[] = [];
  readonly inStereo: BondStereo[] = [];
  readonly children: number[][] = [];
  readonly rings: RingBond[][] = [];
  readonly roots: number[] = [];

  add(sym: Sym, parent: number, order: number): number {
    const i = this.smiles.length;
    this.smiles.push(sym.smiles);
    this.capacity.push(sym.capacity);
    this.used.push(order);
    this.parent.push(parent);
    this.inOrder.push(order);
    this.inStereo.push(sym.stereo);
    this.children.push([]);
    this.rings.push([]);
    if (parent < 0) this.roots.push(i);
    else {
      this.children[parent].push(i);
      this.used[parent] += order;
    }
    return i;
  }
}

interface Frame {
  state: number | null;
  prev: number;
  readonly limit: number;
  count: number;
}

/**
 * Decode SELFIES (a string, or its tokens) to SMILES. Never throws for strings made of valid tokens, whatever
 * their order; '' when there is no atom. Throws SelfiesDecodeError for malformed text or unknown tokens
 * (an unknown token read as an index digit counts 0 and is not an error, as in the package).
 */
export function decode(selfies: string | readonly string[], options: DecodeOptions = {}): string {
  const constraints = options.constraints ?? DEFAULT_CONSTRAINTS;
  const tokens = typeof selfies === 'string' ? splitSelfies(selfies) : selfies;
  const graph = new Graph();
  const pending: PendingRing[] = [];
  let syms: Sym[] = [];
  for (const t of tokens) {
    const sym = lookup(t, constraints);
    if (sym.kind === NOP) continue;
    if (sym.kind === DOT) {
      deriveFragment(syms, graph, pending, tokens);
      syms = [];
    } else syms.push(sym);
  }
  deriveFragment(syms, graph, pending, tokens);
  makeRingBonds(graph, pending);
  return writeSmiles(graph);
}

function deriveFragment(syms: readonly Sym[], g: Graph, pending: PendingRing[], all: string | readonly string[]): void {
  let pos = 0;
  const readIndex = (n: number): number => {
    let q = 0;
    for (let k = 0; k < n; k++) q = q * 16 + (pos < syms.length ? syms[pos++].digit : 0);
    return q;
  };
  // An explicit stack instead of recursion: nesting depth is unbounded for arbitrary token sequences.
  const stack: Frame[] = [{ state: 0, prev: -1, limit: Infinity, count: 0 }];
  while (stack.length > 0) {
    const f = stack[stack.length - 1];
    const state = f.state;
    if (state === null || f.count >= f.limit || pos >= syms.length) {
      // Done: a branch still swallows the rest of its Q + 1 tokens; the main chain swallows the fragment.
      const skip = Math.min(f.limit - f.count, syms.length - pos);
      if (skip > 0) {
        pos += skip;
        f.count += skip;
      }
      stack.pop();
      if (stack.length > 0) stack[stack.length - 1].count += f.count;
      continue;
    }
    const sym = syms[pos++];
    f.count++;
    switch (sym.kind) {
      case ATOM: {
        const order = state === 0 ? 0 : Math.min(sym.order, state, sym.capacity);
        if (state === 0) f.prev = g.add(sym, -1, 0);
        else if (order > 0) f.prev = g.add(sym, f.prev, order);
        const left = sym.capacity - order;
        f.state = left === 0 ? null : left;
        break;
      }
      case BRANCH: {
        if (state <= 1) break;
        const init = Math.min(state - 1, sym.order);
        f.state = state - init;
        const q = readIndex(sym.length);
        f.count += sym.length;
        stack.push({ state: init, prev: f.prev, limit: q + 1, count: 0 });
        break;
      }
      case RING: {
        if (state === 0) break;
        const order = Math.min(sym.order, state);
        f.state = state - order === 0 ? null : state - order;
        const q = readIndex(sym.length);
        f.count += sym.length;
        pending.push({ left: Math.max(0, f.prev - (q + 1)), right: f.prev, order, leftStereo: sym.stereo, rightStereo: sym.rightStereo });
        break;
      }
      case EPSILON:
        f.state = state === 0 ? 0 : null;
        break;
      default:
        throw new SelfiesDecodeError(`invalid SELFIES token ${sym.token} in "${clip(typeof all === 'string' ? all : all.join(''))}"`);
    }
  }
}

function makeRingBonds(g: Graph, pending: readonly PendingRing[]): void {
  for (const p of pending) {
    const l = p.left;
    const r = p.right;
    if (l === r) continue;
    const freeL = g.capacity[l] - g.used[l];
    const freeR = g.capacity[r] - g.used[r];
    if (freeL <= 0 || freeR <= 0) continue;
    const order = Math.min(p.order, freeL, freeR);
    let delta: number;
    if (g.parent[r] === l) {
      const next = Math.min(g.inOrder[r] + order, 3);
      delta = next - g.inOrder[r];
      g.inOrder[r] = next;
    } else {
      const existing = g.rings[r].find((rb) => rb.a === l);
      if (existing !== undefined) {
        const next = Math.min(existing.order + order, 3);
        delta = next - existing.order;
        existing.order = next;
      } else {
        const rb: RingBond = { a: l, b: r, order, stereoA: p.leftStereo, stereoB: p.rightStereo, label: 0 };
        g.rings[l].push(rb);
        g.rings[r].push(rb);
        delta = order;
      }
    }
    g.used[l] += delta;
    g.used[r] += delta;
  }
}

function bondText(order: number, stereo: BondStereo): string {
  return order === 1 ? stereo : order === 2 ? '=' : '#';
}

function ringLabel(n: number): string {
  return n < 10 ? String(n) : n < 100 ? `%${n}` : `%(${n})`;
}

const CLOSE = -1;

function writeSmiles(g: Graph): string {
  const out: string[] = [];
  const busy: boolean[] = [false]; // ring labels in use; label 0 is never used
  const freed: number[] = [];
  const stack: number[] = [];
  for (let r = 0; r < g.roots.length; r++) {
    if (r > 0) out.push('.');
    stack.push(2 * g.roots[r]);
    while (stack.length > 0) {
      const item = stack.pop() as number;
      if (item === CLOSE) {
        out.push(')');
        continue;
      }
      const atom = item >> 1;
      if (item & 1) out.push('(');
      if (g.parent[atom] >= 0) out.push(bondText(g.inOrder[atom], g.inStereo[atom]));
      out.push(g.smiles[atom]);
      for (const rb of g.rings[atom]) {
        out.push(bondText(rb.order, atom === rb.a ? rb.stereoA : rb.stereoB));
        if (rb.label === 0) {
          let n = 1;
          while (busy[n]) n++;
          busy[n] = true;
          rb.label = n;
        } else freed.push(rb.label);
        out.push(ringLabel(rb.label));
      }
      // Free closed labels only after this atom's digits, so "C11" (close and reopen at once) never appears.
      while (freed.length > 0) busy[freed.pop() as number] = false;
      const ch = g.children[atom];
      if (ch.length === 0) continue;
      stack.push(2 * ch[ch.length - 1]);
      for (let k = ch.length - 2; k >= 0; k--) stack.push(CLOSE, 2 * ch[k] + 1);
    }
  }
  return out.join('');
}
