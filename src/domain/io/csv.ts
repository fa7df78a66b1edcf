// CSV export and import (RFC 4180). Exports are opened in spreadsheets, so text that a spreadsheet would
// run as a formula is defused; imports are untrusted, so parsing only ever yields plain strings.

/** An import problem; every reader names the 1-based line it was found on. */
export interface LineError {
  line: number;
  message: string;
}

export interface CsvColumn {
  key: string;
  label: string;
}

export interface CsvRow {
  /** 1-based line on which the record starts (a quoted field may span lines). */
  line: number;
  cells: string[];
}

export interface ParsedCsv {
  header: string[];
  /** 1-based line of the header record (after any blank lines); 1 when there is none. */
  headerLine: number;
  rows: CsvRow[];
  errors: LineError[];
}

// OWASP "CSV injection": Excel, LibreOffice and Sheets evaluate a cell starting with one of these.
const FORMULA_START = /^[=+\-@\t\r]/;

/** Drop a leading UTF-8 byte-order mark (Excel writes one). */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** One CSV text, header first, CRLF line ends (RFC 4180). Missing, null and non-finite values are empty cells. */
export function toCsv(columns: CsvColumn[], rows: Record<string, unknown>[]): string {
  const lines = [columns.map((c) => quote(textCell(c.label)))];
  for (const row of rows) lines.push(columns.map((c) => quote(cellText(row[c.key]))));
  // A one-column record with an empty cell would be a blank line, which readers skip: write it as "".
  return lines.map((l) => l.join(',') || '""').join('\r\n') + '\r\n';
}

function cellText(v: unknown): string {
  if (v === undefined || v === null) return '';
  // A number is written as a number even when negative: a spreadsheet reads "-1.5" as data, not a formula.
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (typeof v === 'string') return textCell(v);
  return textCell(JSON.stringify(v) ?? '');
}

function textCell(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

function quote(s: string): string {
  // A leading U+FEFF in the file's first cell would be read as a byte-order mark and dropped: quote it too.
  return /[",\r\n]|^\ufeff/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * Parse CSV text: the first record is the header. Records whose field count differs from the header's, or
 * whose quoting is broken, are reported by line and left out; every other record is kept. Blank lines are
 * skipped, except inside a one-column file: there a blank line is a record with one empty cell (how
 * spreadsheets write it), kept so that the caller can report it; blank lines after the last record are not.
 */
export function parseCsv(text: string): ParsedCsv {
  const errors: LineError[] = [];
  const all = readRecords(stripBom(text), errors);
  const first = all.findIndex((r) => !r.blank);
  if (first < 0) {
    if (errors.length === 0) errors.push({ line: 1, message: 'no header row: the file is empty' });
    return { header: [], headerLine: 1, rows: [], errors };
  }
  const head = all[first];
  // A broken header would let the first data row pose as the header: import nothing instead.
  if (errors.length > 0 && errors[0].line < head.line) return { header: [], headerLine: 1, rows: [], errors };
  const header = head.cells;
  let last = all.length - 1;
  while (all[last].blank) last--;
  const rows: CsvRow[] = [];
  for (const r of all.slice(first + 1, last + 1)) {
    if (r.blank && header.length !== 1) continue;
    if (r.cells.length === header.length) rows.push({ line: r.line, cells: r.cells });
    else errors.push({ line: r.line, message: `expected ${header.length} fields (as in the header), found ${r.cells.length}` });
  }
  errors.sort((a, b) => a.line - b.line);
  return { header, headerLine: head.line, rows, errors };
}

/** A record as read; blank: the line held nothing at all (not even ""). */
interface RawRecord extends CsvRow {
  blank: boolean;
}

/** Split into records; malformed ones go to errors instead. A hand-written scanner: quoted fields may hold newlines. */
function readRecords(s: string, errors: LineError[]): RawRecord[] {
  const out: RawRecord[] = [];
  let line = 1;
  let i = 0;
  while (i < s.length) {
    const start = line;
    const cells: string[] = [];
    let bad: string | null = null;
    let field = '';
    let atRecordEnd = false;
    let quoted = false;
    while (!atRecordEnd) {
      if (s[i] === '"') {
        quoted = true;
        // Quoted field: "" is a quote; anything may appear inside, including commas and line breaks.
        i++;
        let closed = false;
        while (i < s.length) {
          const c = s[i];
          if (c === '"') {
            if (s[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          // Count lines as the other readers split them: CRLF, LF or a lone CR.
          if (c === '\n' || (c === '\r' && s[i + 1] !== '\n')) line++;
          field += c;
          i++;
        }
        if (!closed) bad ??= 'unterminated quoted field (missing closing ")';
        else if (i < s.length && s[i] !== ',' && s[i] !== '\n' && s[i] !== '\r') {
          bad ??= 'characters after a closing quote';
          while (i < s.length && s[i] !== ',' && s[i] !== '\n' && s[i] !== '\r') field += s[i++];
        }
      } else {
        // Unquoted: a stray quote inside is kept literally (common in hand-made files, harmless).
        while (i < s.length && s[i] !== ',' && s[i] !== '\n' && s[i] !== '\r') field += s[i++];
      }
      cells.push(field);
      field = '';
      if (s[i] === ',') {
        i++;
        continue;
      }
      // End of record: CRLF, LF, lone CR or end of text.
      if (s[i] === '\r') i++;
      if (s[i] === '\n') i++;
      line++;
      atRecordEnd = true;
    }
    if (bad !== null) errors.push({ line: start, message: bad });
    else out.push({ line: start, cells, blank: !quoted && cells.length === 1 && cells[0] === '' });
  }
  return out;
}

/**
 * Index of the SMILES column, or -1: "smiles" (any case) first, else the first header with "smiles" as a word
 * (canonical_smiles, "Canonical SMILES", smiles-string ...).
 */
export function smilesColumn(header: string[]): number {
  const words = header.map((h) => h.trim().toLowerCase().split(/[^a-z0-9]+/).filter(Boolean));
  const exact = words.findIndex((w) => w.length === 1 && w[0] === 'smiles');
  return exact >= 0 ? exact : words.findIndex((w) => w.includes('smiles'));
}

/** Index of the column naming each molecule, or -1: "name", else "title", else "id" (any case, trimmed). */
export function nameColumn(header: string[]): number {
  const keys = header.map((h) => h.trim().toLowerCase());
  for (const want of ['name', 'title', 'id']) {
    const i = keys.indexOf(want);
    if (i >= 0) return i;
  }
  return -1;
}
