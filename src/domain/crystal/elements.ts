// Element lookups over the generated table (elements-data.ts).
import { MASSES, PAULING_X, SYMBOLS } from './elements-data';

const Z_OF = new Map<string, number>(SYMBOLS.map((s, i) => [s, i + 1]));

/** Atomic number of an element symbol (exact case, e.g. "Sr"); undefined when unknown. */
export function atomicNumber(symbol: string): number | undefined {
  return Z_OF.get(symbol);
}

export function isElement(symbol: string): boolean {
  return Z_OF.has(symbol);
}

export function symbolOf(z: number): string {
  const s = SYMBOLS[z - 1];
  if (s === undefined) throw new Error(`No element with atomic number ${z}`);
  return s;
}

/** Atomic mass in amu (pymatgen's table). */
export function atomicMass(symbol: string): number {
  const z = Z_OF.get(symbol);
  if (z === undefined) throw new Error(`Unknown element "${symbol}"`);
  return MASSES[z - 1];
}

/** pymatgen's Pauling electronegativity; null where it has none. */
export function electronegativity(symbol: string): number | null {
  const z = Z_OF.get(symbol);
  if (z === undefined) throw new Error(`Unknown element "${symbol}"`);
  return PAULING_X[z - 1];
}

/**
 * Normalise an element token from a file: "FE" / "fe" → "Fe", and drop charges or labels ("O2-" → "O",
 * "Fe3+" → "Fe", "C12" → "C"). Returns null when what is left is not an element.
 */
export function cleanSymbol(token: string): string | null {
  const m = /^([A-Za-z]{1,2})/.exec(token.trim());
  if (!m) return null;
  const two = m[1].length === 2 ? m[1][0].toUpperCase() + m[1][1].toLowerCase() : null;
  if (two !== null && Z_OF.has(two)) return two;
  const one = m[1][0].toUpperCase();
  return Z_OF.has(one) ? one : null;
}
