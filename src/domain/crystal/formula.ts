// Chemical formulas typed by a user ("SrTiO3", "Ca(OH)2", "Sr Ti O3") to element counts, and back.
import { cellFormula } from './composition';
import { isElement } from './elements';
import { MAX_SITES } from './structure';

/** Longer input is refused before it is scanned: no formula of ≤ MAX_SITES atoms needs this many characters. */
export const MAX_FORMULA_CHARS = 500;
/** A formula describes at most one cell the app can hold. */
export const MAX_FORMULA_ATOMS = MAX_SITES;

export interface ParsedFormula {
  /** Element → number of atoms, in first-seen order. */
  counts: Record<string, number>;
}

/**
 * Parse a formula: element symbols with exact case, optional whole-number counts, nested parentheses with a
 * count after ")", spaces anywhere between tokens. Throws an Error that names the problem and where it is.
 */
export function parseFormula(text: string): ParsedFormula {
  if (text.length > MAX_FORMULA_CHARS)
    throw new Error(`Formula is ${text.length} characters long; the limit is ${MAX_FORMULA_CHARS}`);
  if (text.trim() === '') throw new Error('Formula is empty');
  // One map per open parenthesis; the bottom one is the whole formula.
  const stack: { counts: Map<string, number>; open: number }[] = [{ counts: new Map(), open: -1 }];
  let i = 0;
  const at = (pos: number) => `at position ${pos + 1}`;
  const readCount = (): number | null => {
    while (i < text.length && /\s/.test(text[i])) i++;
    const m = /^\d+/.exec(text.slice(i, i + 12));
    if (!m) {
      if (/^[.,]\d/.test(text.slice(i, i + 2))) throw new Error(`Counts must be whole numbers ("${text.slice(i).match(/^[.,]\d+/)![0]}" ${at(i)})`);
      return null;
    }
    const start = i;
    i += m[0].length;
    if (/^[.,]\d/.test(text.slice(i, i + 2))) {
      const frac = /^[.,]\d+/.exec(text.slice(i))![0];
      throw new Error(`Counts must be whole numbers ("${m[0]}${frac}" ${at(start)})`);
    }
    const n = Number(m[0]);
    if (n === 0) throw new Error(`A count of 0 ${at(start)}: leave the element out instead`);
    if (n > MAX_FORMULA_ATOMS) throw new Error(`Count ${m[0]} ${at(start)} is above the limit of ${MAX_FORMULA_ATOMS} atoms`);
    return n;
  };
  const add = (into: Map<string, number>, el: string, n: number) => {
    into.set(el, (into.get(el) ?? 0) + n);
    // Totals are checked as they grow, so nested multipliers cannot overflow.
    const total = [...into.values()].reduce((a, b) => a + b, 0);
    if (total > MAX_FORMULA_ATOMS) throw new Error(`Formula has more than ${MAX_FORMULA_ATOMS} atoms; the limit is ${MAX_FORMULA_ATOMS}`);
  };
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(') {
      stack.push({ counts: new Map(), open: i });
      i++;
    } else if (ch === ')') {
      if (stack.length === 1) throw new Error(`")" ${at(i)} closes no "("`);
      const group = stack.pop()!;
      i++;
      if (group.counts.size === 0) throw new Error(`Empty parentheses ${at(group.open)}`);
      const n = readCount() ?? 1;
      for (const [el, c] of group.counts) add(stack[stack.length - 1].counts, el, c * n);
    } else if (/[A-Z]/.test(ch)) {
      const start = i;
      const sym = /^[A-Z][a-z]?/.exec(text.slice(i, i + 2))![0];
      i += sym.length;
      if (!isElement(sym)) {
        // "Xx" unknown, but maybe "Cs" was meant as "C" + "s…"? A lowercase letter always belongs to the symbol.
        throw new Error(`Unknown element "${sym}" ${at(start)}${hint(text)}`);
      }
      add(stack[stack.length - 1].counts, sym, readCount() ?? 1);
    } else if (/[a-z]/.test(ch)) {
      throw new Error(`Element symbols start with a capital letter ("${text.slice(i).match(/^[a-z]+/)![0]}" ${at(i)})${hint(text)}`);
    } else if (/\d/.test(ch)) {
      throw new Error(`A count ${at(i)} follows no element or ")"`);
    } else {
      throw new Error(`Unexpected character "${ch}" ${at(i)}`);
    }
  }
  if (stack.length > 1) throw new Error(`"(" ${at(stack[stack.length - 1].open)} is never closed`);
  const counts = stack[0].counts;
  return { counts: Object.fromEntries(counts) };
}

/**
 * The formula with each run of letters re-cased into element symbols ("sr tio3" → "Sr TiO3"), as
 * `; did you mean "…"?`, or '' when there is no such reading or it is the text itself.
 */
function hint(text: string): string {
  const fixed = text.replace(/[A-Za-z]+/g, (run) => recase(run) ?? run);
  if (fixed === text) return '';
  try {
    parseFormula(fixed);
  } catch {
    return '';
  }
  return `; did you mean "${fixed}"?`;
}

/** Split letters into element symbols ignoring case, preferring two-letter symbols (so "co" is Co, not C + O). */
function recase(run: string): string | null {
  const best: (string | null)[] = new Array(run.length + 1).fill(null);
  best[run.length] = '';
  for (let i = run.length - 1; i >= 0; i--) {
    for (const len of [2, 1]) {
      if (i + len > run.length) continue;
      const rest = best[i + len];
      const sym = run[i].toUpperCase() + run.slice(i + 1, i + len).toLowerCase();
      if (rest !== null && isElement(sym)) {
        best[i] = sym + rest;
        break;
      }
    }
  }
  return best[0];
}

/**
 * Counts as a formula in pymatgen's order (by electronegativity, so cations first: "SrTiO3", not Hill's
 * "O3SrTi"), the order reducedFormula and the data sets use, so a typed formula and a generated one read alike.
 * Counts are kept as given, not reduced.
 */
export function formulaString(counts: Readonly<Record<string, number>>): string {
  const species: string[] = [];
  for (const [el, n] of Object.entries(counts)) {
    if (!isElement(el)) throw new Error(`Unknown element "${el}"`);
    if (!Number.isInteger(n) || n < 0) throw new Error(`Count of ${el} must be a whole number (got ${n})`);
    if (species.length + n > MAX_FORMULA_ATOMS) throw new Error(`Formula has more than ${MAX_FORMULA_ATOMS} atoms`);
    for (let k = 0; k < n; k++) species.push(el);
  }
  return cellFormula(species);
}
