// Set-level metrics of generated SMILES (MOSES conventions, docs/evaluation.md): validity, uniqueness,
// novelty, the atom/charge filter, and hit rates for target boxes over property records.
import { parseSmiles, type Mol, type RDKitModule } from '../chem/rdkit';

/** Canonical SMILES of each input, or null where RDKit cannot parse and sanitise it (empty strings included). */
export function canonicalizeAll(rdkit: RDKitModule, smiles: readonly string[]): (string | null)[] {
  return smiles.map((s) => {
    const mol = parseSmiles(rdkit, s);
    if (mol === null) return null;
    try {
      return mol.get_smiles();
    } finally {
      mol.delete();
    }
  });
}

/** Fraction of entries that are valid (non-null), e.g. over canonicalizeAll's output; NaN for none. */
export function fractionValid(canonical: readonly (string | null)[]): number {
  if (canonical.length === 0) return Number.NaN;
  let valid = 0;
  for (const c of canonical) if (c !== null) valid++;
  return valid / canonical.length;
}

/** Validity: fraction of SMILES that RDKit parses and sanitises (an empty string is invalid); NaN for none. */
export function validity(rdkit: RDKitModule, smiles: readonly string[]): number {
  return fractionValid(canonicalizeAll(rdkit, smiles));
}

/** Unique@k: distinct canonical SMILES among the first k valid entries (nulls skipped); all valid ones if fewer than k, as MOSES; NaN for none. */
export function uniqueAtK(canonical: readonly (string | null)[], k: number): number {
  const seen = new Set<string>();
  let taken = 0;
  for (const c of canonical) {
    if (taken >= k) break;
    if (c === null) continue;
    seen.add(c);
    taken++;
  }
  return taken === 0 ? Number.NaN : seen.size / taken;
}

/** Novelty: fraction of the distinct valid canonical SMILES that isTrain does not know; NaN for none. */
export function novelty(uniqueCanonical: readonly string[], isTrain: (canonical: string) => boolean): number {
  const unique = new Set(uniqueCanonical);
  if (unique.size === 0) return Number.NaN;
  let novel = 0;
  for (const s of unique) if (!isTrain(s)) novel++;
  return novel / unique.size;
}

/** The atoms docs/evaluation.md allows (C N S O F Cl Br H) as atomic numbers. */
export const ALLOWED_ELEMENTS = [6, 7, 16, 8, 9, 17, 35, 1] as const;
/** An atom that is neither an allowed element nor uncharged (any formal charge). */
const FORBIDDEN_ATOM_SMARTS = `[${ALLOWED_ELEMENTS.map((z) => `!#${z}`).join('&')},!+0]`;
const forbiddenAtomQuery = new WeakMap<RDKitModule, Mol>();

/**
 * Filters as docs/evaluation.md states them: only C N S O F Cl Br H and no formal charge on any atom. (MOSES
 * additionally rejects rings of 8+ atoms and MCF/PAINS matches; we do not.) One SMARTS match in WASM, ~10 µs.
 */
export function passesFilters(rdkit: RDKitModule, mol: Mol): boolean {
  let query = forbiddenAtomQuery.get(rdkit);
  if (query === undefined) {
    const q = rdkit.get_qmol(FORBIDDEN_ATOM_SMARTS);
    if (q === null) throw new Error(`RDKit.js rejected the filter SMARTS ${FORBIDDEN_ATOM_SMARTS}`);
    // Kept for the module's lifetime: one small query per RDKit instance.
    forbiddenAtomQuery.set(rdkit, q);
    query = q;
  }
  return mol.get_substruct_match(query) === '{}';
}

/** A target range on one property, bounds inclusive; use ±Infinity for an open side. */
export interface TargetBound {
  key: string;
  min: number;
  max: number;
}

/** A molecule's properties by name (e.g. logP, QED, SA, MW, or a predicted property). */
export type PropertyRecord = Readonly<Record<string, number | null | undefined>>;

/** Whether every bounded property of the record lies inside its range (a missing or NaN property is outside). */
export function inBox(props: PropertyRecord, box: readonly TargetBound[]): boolean {
  for (const { key, min, max } of box) {
    const v = props[key];
    if (typeof v !== 'number' || !(v >= min && v <= max)) return false;
  }
  return true;
}

/** Binomial standard error of a rate p measured on n samples: how far two runs' rates differ by chance alone. */
export function rateStandardError(p: number, n: number): number {
  return n > 0 ? Math.sqrt((p * (1 - p)) / n) : Number.NaN;
}

/** Hit rate: fraction of property records inside the target box (pass valid unique samples); NaN for none. */
export function hitRate(props: readonly PropertyRecord[], box: readonly TargetBound[]): number {
  if (props.length === 0) return Number.NaN;
  let hits = 0;
  for (const p of props) if (inBox(p, box)) hits++;
  return hits / props.length;
}
