// Reading a user's file of molecules (SMILES list, CSV with a SMILES column, or SDF) into entries for scoring:
// each with the file's own line number and the name the file gives it. The file is untrusted: it is only parsed,
// never evaluated; every row that cannot be used is reported by its line and the rest are imported.
import { readCsvMolecules } from './csv-molecules';
import { splitSdf } from './sdf';
import { parseSmilesList } from './smiles-list';

/** A molecule to score: its line in the file, its SMILES, its name there if any. */
export interface ImportEntry {
  line: number;
  input: string;
  name?: string;
}

export interface ImportResult {
  entries: ImportEntry[];
  problems: { line: number; message: string }[];
  format: 'smiles' | 'csv' | 'sdf';
}

export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

// line breaks and tabs would break the formats names are written back to; other spaces are the name's own
const clean = (name: string | undefined) => (name ?? '').replace(/[\r\n\t\v\f]+/g, ' ').trim().slice(0, 200);
const named = (name: string | undefined) => (clean(name) ? { name: clean(name) } : {});

export function formatOf(fileName: string): ImportResult['format'] {
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  return ext === 'sdf' || ext === 'sd' || ext === 'mol' ? 'sdf' : ext === 'csv' ? 'csv' : 'smiles';
}

/**
 * Entries from a file's text. SDF records are converted by `toSmiles` (RDKit in a worker), so this stays pure; a
 * record RDKit rejects is a problem at the record's first line.
 */
export async function readMolecules(
  fileName: string,
  text: string,
  toSmiles: (molblocks: string[]) => Promise<(string | null)[]>,
): Promise<ImportResult> {
  const format = formatOf(fileName);
  if (format === 'sdf') {
    const { records, errors } = splitSdf(text);
    const smiles = records.length ? await toSmiles(records.map((r) => r.molblock)) : [];
    const problems = [...errors];
    const entries: ImportEntry[] = [];
    records.forEach((r, i) => {
      const s = smiles[i];
      if (s) entries.push({ line: r.line, input: s, ...named(r.name) });
      else problems.push({ line: r.line, message: 'RDKit could not read this molecule record' });
    });
    return { format, entries, problems };
  }
  const { rows, errors } = format === 'csv' ? readCsvMolecules(text) : parseSmilesList(text);
  return { format, entries: rows.map((r) => ({ line: r.line, input: r.smiles, ...named(r.name) })), problems: errors };
}
