// Reading a user's file of molecules (SMILES list, CSV with a SMILES column, or SDF) into SMILES lines for
// scoring. The file is untrusted: it is only parsed, never evaluated; every row that cannot be used is
// reported by its line number and the rest are imported.
import { parseCsv, smilesColumn } from '../domain/io/csv';
import { splitSdf } from '../domain/io/sdf';
import { parseSmilesList } from '../domain/io/smiles-list';
import { MAX_SMILES_LENGTH } from '../domain/chem/rdkit';

export interface ImportResult {
  /** One "SMILES name" per line, ready for Scoring.score. */
  lines: string[];
  problems: { line: number; message: string }[];
  format: 'smiles' | 'csv' | 'sdf';
}

export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

const clean = (name: string | undefined) => (name ?? '').replace(/\s+/g, ' ').trim().slice(0, 80);

export function formatOf(fileName: string): ImportResult['format'] {
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  return ext === 'sdf' || ext === 'sd' || ext === 'mol' ? 'sdf' : ext === 'csv' ? 'csv' : 'smiles';
}

/**
 * SMILES lines from a file's text. SDF records are converted by `toSmiles` (RDKit in a worker), so this
 * stays pure; a record RDKit rejects is a problem at the record's first line.
 */
export async function readMolecules(
  fileName: string,
  text: string,
  toSmiles: (molblocks: string[]) => Promise<(string | null)[]>,
): Promise<ImportResult> {
  const format = formatOf(fileName);
  if (format === 'csv') {
    const { header, rows, errors } = parseCsv(text);
    const col = smilesColumn(header);
    if (col < 0) return { format, lines: [], problems: [...errors, { line: 1, message: `no SMILES column in the header (${header.slice(0, 8).join(', ')})` }] };
    const nameCol = header.findIndex((h) => /^(name|id|title)$/i.test(h.trim()));
    const problems = [...errors];
    const lines: string[] = [];
    for (const r of rows) {
      const s = (r.cells[col] ?? '').trim();
      if (!s) problems.push({ line: r.line, message: 'empty SMILES' });
      else if (/\s/.test(s) || s.length > MAX_SMILES_LENGTH) problems.push({ line: r.line, message: s.length > MAX_SMILES_LENGTH ? `SMILES longer than ${MAX_SMILES_LENGTH} characters` : 'SMILES contains spaces' });
      else lines.push(`${s} ${clean(nameCol >= 0 ? r.cells[nameCol] : `line ${r.line}`)}`.trim());
    }
    return { format, lines, problems };
  }
  if (format === 'sdf') {
    const { records, errors } = splitSdf(text);
    const smiles = records.length ? await toSmiles(records.map((r) => r.molblock)) : [];
    const problems = [...errors];
    const lines: string[] = [];
    records.forEach((r, i) => {
      const s = smiles[i];
      if (s) lines.push(`${s} ${clean(r.name || `record at line ${r.line}`)}`.trim());
      else problems.push({ line: r.line, message: 'RDKit could not read this molecule record' });
    });
    return { format, lines, problems };
  }
  const { rows, errors } = parseSmilesList(text);
  return { format, lines: rows.map((r) => `${r.smiles} ${clean(r.name)}`.trim()), problems: errors };
}
