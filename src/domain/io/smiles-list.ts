// SMILES lists (.smi): one molecule a line, SMILES first, then an optional name after a space or tab.
import { MAX_SMILES_LENGTH } from '../chem/rdkit';
import { stripBom, type LineError } from './csv';

export interface SmilesListEntry {
  /** 1-based line in the file. */
  line: number;
  smiles: string;
  name?: string;
}

export interface ParsedSmilesList {
  rows: SmilesListEntry[];
  errors: LineError[];
}

/** One line per row; a SMILES never holds whitespace, so one containing any is refused rather than split. */
export function toSmilesList(rows: { smiles: string; name?: string }[]): string {
  return rows
    .map((r, i) => {
      const smiles = r.smiles.trim();
      if (smiles === '' || /\s/.test(smiles)) throw new Error(`row ${i + 1}: "${smiles.slice(0, 40)}" is not a one-word SMILES`);
      // The reader skips a line starting with "#" as a comment, so such a row would vanish.
      if (smiles.startsWith('#')) throw new Error(`row ${i + 1}: "${smiles.slice(0, 40)}" starts with "#", which reads as a comment`);
      const name = r.name === undefined ? '' : r.name.replace(/\s+/g, ' ').trim();
      return name === '' ? `${smiles}\n` : `${smiles} ${name}\n`;
    })
    .join('');
}

/**
 * Read a SMILES list. Blank lines and "#" comments are skipped; a SMILES longer than MAX_SMILES_LENGTH (which
 * RDKit.js must never see) is reported by line and the rest are kept. The SMILES are not checked here.
 */
export function parseSmilesList(text: string): ParsedSmilesList {
  const rows: SmilesListEntry[] = [];
  const errors: LineError[] = [];
  stripBom(text)
    .split(/\r\n|\r|\n/)
    .forEach((raw, i) => {
      const s = raw.trim();
      if (s === '' || s.startsWith('#')) return;
      const gap = s.search(/\s/);
      const smiles = gap < 0 ? s : s.slice(0, gap);
      if (smiles.length > MAX_SMILES_LENGTH) {
        errors.push({ line: i + 1, message: `SMILES of ${smiles.length} characters, longer than the ${MAX_SMILES_LENGTH} allowed` });
        return;
      }
      const name = gap < 0 ? '' : s.slice(gap).trim();
      rows.push(name === '' ? { line: i + 1, smiles } : { line: i + 1, smiles, name });
    });
  return { rows, errors };
}
