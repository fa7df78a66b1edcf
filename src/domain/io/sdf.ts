// SD files (MDL CTfile, "SDF"): molblocks as RDKit writes them (V2000 or V3000), each followed by data items
// and "$$$$". Reading only splits the text; the molblocks are handed to RDKit by the caller, never run here.
import { MAX_SMILES_LENGTH, withMol, type RDKitModule } from '../chem/rdkit';
import { stripBom, type LineError } from './csv';

export type SdfValue = string | number | boolean | null;

export interface SdfRecordOut {
  molblock: string;
  /** Written to the molblock's first (title) line. */
  name?: string;
  props: Record<string, SdfValue>;
}

export interface SdfRecord {
  /** 1-based line of the record's first (title) line. */
  line: number;
  /** Up to and including "M  END", with a final newline. */
  molblock: string;
  /** The title line, trimmed ('' when blank, as RDKit leaves it). */
  name: string;
  props: Record<string, string>;
}

export interface SplitSdf {
  records: SdfRecord[];
  errors: LineError[];
}

const M_END = /^M {2}END/;
const TERMINATOR = /^\$\$\$\$\s*$/;

export function toSdf(records: SdfRecordOut[]): string {
  return records.map((r, i) => recordText(r, i)).join('');
}

function recordText(r: SdfRecordOut, i: number): string {
  const lines = r.molblock.replace(/\r\n?/g, '\n').split('\n');
  // The CTfile header allows 80 characters on the title line; trimmed again so a cut never leaves an edge space.
  if (r.name !== undefined) lines[0] = cutAt(flatten(r.name).trim(), 80).trim();
  // Title, program and comment lines are free text: one that a reader would take for "M  END" or the end of the
  // record (RDKit ends it at any line starting "$$$$") is shifted right by a space; readers trim the title, so
  // the name still reads back unchanged.
  for (let h = 0; h < Math.min(3, lines.length); h++) if (M_END.test(lines[h]) || lines[h].startsWith('$$$$')) lines[h] = ` ${lines[h]}`;
  const end = lines.findIndex((l) => M_END.test(l));
  if (end < 0) throw new Error(`SDF record ${i + 1}: the molblock has no "M  END" line`);
  let out = lines.slice(0, end + 1).join('\n') + '\n';
  for (const [key, value] of Object.entries(r.props)) {
    // A blank line ends a data item and "$$$$" ends the record, so the value is one line, written with
    // escapeValue; an empty or whitespace-only value (which would read as the item's end) is no line at all.
    const v = value === null ? '' : flatten(String(value));
    out += `>  <${propName(key)}>\n${v.trim() === '' ? '' : `${escapeValue(v)}\n`}\n`;
  }
  return out + '$$$$\n';
}

/**
 * A value line starting with "$$$$" (after any spaces) gets one more leading space, which the reader removes:
 * "$$$$" itself would end the record here and in other readers (RDKit's ends it at any line starting "$$$$").
 * Escaping " $$$$" too keeps this reversible.
 */
const ESCAPED_VALUE = /^ *\$\$\$\$/;
function escapeValue(v: string): string {
  return ESCAPED_VALUE.test(v) ? ` ${v}` : v;
}
function unescapeValue(v: string): string {
  return v.startsWith(' ') && ESCAPED_VALUE.test(v) ? v.slice(1) : v;
}

/** The first n UTF-16 units, without splitting a surrogate pair (a lone half is not valid text in a file). */
function cutAt(s: string, n: number): string {
  if (s.length <= n) return s;
  const code = s.charCodeAt(n - 1);
  return s.slice(0, code >= 0xd800 && code <= 0xdbff ? n - 1 : n);
}

/** A data-item name: no angle brackets or line breaks, which would end the header early. */
function propName(key: string): string {
  const k = key.replace(/[<>\r\n\t]/g, '_').trim();
  return k === '' ? '_' : k;
}

function flatten(s: string): string {
  return s.replace(/[\r\n\t]+/g, ' ');
}

/**
 * Split an SD file into records. Tolerant: a last record without "$$$$" is kept, text outside data items is
 * ignored, a record without "M  END" is reported by its first line and the others are kept.
 */
export function splitSdf(text: string): SplitSdf {
  const lines = stripBom(text).split(/\r\n|\r|\n/);
  const records: SdfRecord[] = [];
  const errors: LineError[] = [];
  let start = 0;
  for (let i = 0; i <= lines.length; i++) {
    if (i < lines.length && !TERMINATOR.test(lines[i])) continue;
    const chunk = lines.slice(start, i);
    // Whitespace between records (or after the last one) is no record.
    if (chunk.some((l) => l.trim() !== '')) readRecord(chunk, start + 1, records, errors);
    start = i + 1;
  }
  return { records, errors };
}

function readRecord(chunk: string[], first: number, records: SdfRecord[], errors: LineError[]): void {
  const end = chunk.findIndex((l) => M_END.test(l));
  if (end < 0) {
    errors.push({ line: first, message: 'SDF record has no "M  END" line (not a molblock)' });
    return;
  }
  const props: Record<string, string> = {};
  for (let j = end + 1; j < chunk.length; j++) {
    if (!chunk[j].startsWith('>')) continue;
    const m = /<([^<>]*)>/.exec(chunk[j]);
    if (m === null) {
      errors.push({ line: first + j, message: 'SDF data header without a <name>' });
      continue;
    }
    const value: string[] = [];
    while (j + 1 < chunk.length && chunk[j + 1].trim() !== '') value.push(chunk[++j]);
    setOwn(props, m[1], value.map(unescapeValue).join('\n'));
  }
  records.push({ line: first, molblock: chunk.slice(0, end + 1).join('\n') + '\n', name: chunk[0].trim(), props });
}

/** An own property even for "__proto__", which assignment would turn into a prototype change (keys are untrusted). */
function setOwn(obj: Record<string, string>, key: string, value: string): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A molblock for export (V2000 unless asked); null when RDKit rejects the SMILES. */
export function molblockFromSmiles(rdkit: RDKitModule, smiles: string, version: 'V2000' | 'V3000' = 'V2000'): string | null {
  return withMol(rdkit, smiles, (m) => (version === 'V3000' ? m.get_v3Kmolblock() : m.get_v2Kmolblock()));
}

/**
 * Canonical SMILES of an imported molblock; null when RDKit rejects it or it has more atoms than the longest
 * SMILES we accept could hold (very large molecules overflow MinimalLib's stack, see MAX_SMILES_LENGTH).
 */
export function smilesFromMolblock(rdkit: RDKitModule, molblock: string): string | null {
  const atoms = molblockAtomCount(molblock);
  if (atoms === null || atoms > MAX_SMILES_LENGTH) return null;
  const mol = rdkit.get_mol(molblock);
  if (mol === null) return null;
  try {
    return mol.is_valid() ? mol.get_smiles() : null;
  } finally {
    mol.delete();
  }
}

/** Atom count from the counts line (V2000: columns 1-3 of line 4; V3000: "M  V30 COUNTS na ..."); null if unreadable. */
export function molblockAtomCount(molblock: string): number | null {
  const lines = molblock.split(/\r\n|\r|\n/);
  const counts = lines[3] ?? '';
  if (/V3000\s*$/.test(counts)) {
    const c = lines.map((l) => /^M {2}V30 COUNTS (\d+)/.exec(l)).find((m) => m !== null);
    return c ? Number(c[1]) : null;
  }
  const n = counts.slice(0, 3).trim();
  return /^\d+$/.test(n) ? Number(n) : null;
}
