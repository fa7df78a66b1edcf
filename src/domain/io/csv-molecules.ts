// Molecules from a CSV file: the SMILES column and, if there is one, the name column, by the file's own line
// numbers. Shaped like a parsed SMILES list, so an importer can treat both alike. Every row that yields no
// molecule is reported (an empty SMILES cell included), never dropped silently.
import { MAX_SMILES_LENGTH } from '../chem/rdkit';
import { nameColumn, parseCsv, smilesColumn, type LineError } from './csv';
import type { ParsedSmilesList, SmilesListEntry } from './smiles-list';

export function readCsvMolecules(text: string): ParsedSmilesList {
  const { header, headerLine, rows, errors } = parseCsv(text);
  if (header.length === 0) return { rows: [], errors };
  const col = smilesColumn(header);
  if (col < 0) {
    const shown = header.slice(0, 8).map((h) => JSON.stringify(h.slice(0, 40))).join(', ');
    return { rows: [], errors: [...errors, { line: headerLine, message: `no SMILES column in the header (${shown})` }] };
  }
  const names = nameColumn(header);
  const out: SmilesListEntry[] = [];
  const problems: LineError[] = [...errors];
  for (const r of rows) {
    const smiles = r.cells[col].trim();
    const name = names >= 0 ? r.cells[names].replace(/\s+/g, ' ').trim() : '';
    if (smiles === '') problems.push({ line: r.line, message: 'empty SMILES cell' });
    else if (smiles.length > MAX_SMILES_LENGTH) problems.push({ line: r.line, message: `SMILES of ${smiles.length} characters, longer than the ${MAX_SMILES_LENGTH} allowed` });
    else if (/\s/.test(smiles)) problems.push({ line: r.line, message: 'SMILES contains spaces' });
    else out.push(name === '' ? { line: r.line, smiles } : { line: r.line, smiles, name });
  }
  problems.sort((a, b) => a.line - b.line);
  return { rows: out, errors: problems };
}
