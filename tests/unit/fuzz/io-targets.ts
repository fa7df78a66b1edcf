// Fuzz targets for every reader and writer in src/domain/io: readers never throw on any text and report real
// line numbers; what a writer exports reads back as the same records (after the writer's documented
// normalisation: flattened names, defused spreadsheet formulas), with or without a byte-order mark.
import fc from 'fast-check';
import { MAX_SMILES_LENGTH, type RDKitModule } from '../../../src/domain/chem/rdkit';
import { parseCsv, toCsv } from '../../../src/domain/io/csv';
import { readCsvMolecules } from '../../../src/domain/io/csv-molecules';
import { molblockFromSmiles, splitSdf, toSdf, type SdfValue } from '../../../src/domain/io/sdf';
import { parseSmilesList, toSmilesList } from '../../../src/domain/io/smiles-list';
import { linesInFile, must, same, target, type FuzzTarget } from './harness';
import { freeText, hostileFile, textOf } from './text';

const CSV_BITS = ['"', '""', ',', ',,', 'CCO', 'smiles', 'name', 'id', '', ' ', 'a"b', '\t', '=1', '\ufeff'];
const SDF_LINES = ['$$$$', '$$$$ ', ' $$$$', 'M  END', ' M  END', '>  <id>', '> <x> (1)', '>', '> no name', '', '  ', 'title', '  1  0  0  0  0  0  0  0  0  0999 V2000', 'M  V30 COUNTS 1 0 0 0 0', 'M  V30 BEGIN CTAB'];
const SMI_BITS = ['CCO', 'c1ccccc1', '#', ' ', '\t', '  ', 'name', '[Na+]', 'C'.repeat(MAX_SMILES_LENGTH + 1), '\ufeff', '\u00a0'];

const sorted = (xs: { line: number }[]) => xs.every((x, i) => i === 0 || xs[i - 1].line < x.line);

const csvParse: FuzzTarget<string> = {
  name: 'csv.parse',
  arbitrary: hostileFile(CSV_BITS, textOf(CSV_BITS)),
  check(text) {
    const { header, rows, errors } = parseCsv(text);
    linesInFile(text, [...rows, ...errors], 'csv');
    must(sorted(rows), 'csv rows out of line order');
    for (const r of rows) must(r.cells.length === header.length, `csv row at line ${r.line} has ${r.cells.length} cells, header ${header.length}`);
  },
  expected: () => false,
};

const csvMolecules: FuzzTarget<string> = {
  name: 'csv.molecules',
  arbitrary: hostileFile(CSV_BITS, textOf([...CSV_BITS, ...SMI_BITS])),
  check(text) {
    const { rows, errors } = readCsvMolecules(text);
    linesInFile(text, [...rows, ...errors], 'csv molecules');
    for (const r of rows) must(r.smiles !== '' && !/\s/.test(r.smiles) && r.smiles.length <= MAX_SMILES_LENGTH, `csv molecule ${JSON.stringify(r.smiles)}`);
  },
  expected: () => false,
};

/** What toCsv promises a cell reads back as: text defused against formulas, numbers plain, nothing else. */
function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'string') return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return String(v);
}

const csvValue = fc.oneof(freeText, fc.double(), fc.boolean(), fc.constant(null));
const csvRoundTrip: FuzzTarget<{ labels: string[]; rows: unknown[][]; bom: boolean }> = {
  name: 'csv.roundtrip',
  arbitrary: fc.integer({ min: 1, max: 4 }).chain((width) =>
    fc.record({
      labels: fc.array(freeText, { minLength: width, maxLength: width }),
      rows: fc.array(fc.array(csvValue, { minLength: width, maxLength: width }), { maxLength: 12 }),
      bom: fc.boolean(),
    }),
  ),
  check({ labels, rows, bom }) {
    const columns = labels.map((label, i) => ({ key: `k${i}`, label }));
    const text = toCsv(columns, rows.map((r) => Object.fromEntries(r.map((v, i) => [`k${i}`, v]))));
    const parsed = parseCsv(bom ? `\ufeff${text}` : text);
    same([], parsed.errors, 'csv round trip errors');
    same(labels.map(csvCell), parsed.header, 'csv round trip header');
    same(rows.map((r) => r.map(csvCell)), parsed.rows.map((r) => r.cells), 'csv round trip rows');
  },
  expected: () => false,
};

const sdfSplit: FuzzTarget<string> = {
  name: 'sdf.split',
  arbitrary: hostileFile(SDF_LINES, fc.oneof(fc.constantFrom(...SDF_LINES), textOf(SDF_LINES, 6))),
  check(text) {
    const { records, errors } = splitSdf(text);
    linesInFile(text, [...records, ...errors], 'sdf');
    for (const r of records) {
      must(/(^|\n)M {2}END[^\n]*\n$/.test(r.molblock), `sdf record at line ${r.line}: molblock does not end at M  END`);
      must(r.name === r.name.trim(), `sdf record at line ${r.line}: name not trimmed`);
    }
  },
  expected: () => false,
};

const flat = (s: string) => s.replace(/[\r\n\t]+/g, ' ');
/** What toSdf promises a data item reads back as (its name made header-safe, the value one line). */
function sdfProps(entries: [string, SdfValue][]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of entries) {
    const key = k.replace(/[<>\r\n\t]/g, '_').trim() || '_';
    const value = v === null ? '' : flat(String(v));
    Object.defineProperty(out, key, { value: value.trim() === '' ? '' : value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function sdfRoundTrip(molblocks: string[]): FuzzTarget<{ records: { m: number; name: string | null; props: [string, SdfValue][] }[]; bom: boolean }> {
  const value = fc.oneof(freeText, fc.double(), fc.boolean(), fc.constant(null));
  const record = fc.record({
    m: fc.nat({ max: molblocks.length - 1 }),
    name: fc.option(freeText),
    props: fc.array(fc.tuple(fc.oneof(freeText, fc.constantFrom('__proto__', 'constructor')), value), { maxLength: 5 }),
  });
  return {
    name: 'sdf.roundtrip',
    arbitrary: fc.record({ records: fc.array(record, { minLength: 1, maxLength: 5 }), bom: fc.boolean() }),
    check({ records, bom }) {
      const props = records.map((r) => Object.fromEntries(r.props)); // a repeated key keeps its last value
      const text = toSdf(records.map((r, i) => ({ molblock: molblocks[r.m], ...(r.name === null ? {} : { name: r.name }), props: props[i] })));
      const back = splitSdf(bom ? `\ufeff${text}` : text);
      same([], back.errors, 'sdf round trip errors');
      must(back.records.length === records.length, `sdf round trip: ${records.length} records became ${back.records.length}`);
      records.forEach((r, i) => {
        const got = back.records[i];
        const original = molblocks[r.m].split('\n');
        // Everything below the title line comes back as written.
        same(original.slice(1), got.molblock.split('\n').slice(1), `sdf round trip record ${i + 1} molblock`);
        const want = r.name === null ? original[0].trim() : flat(r.name).trim();
        // Titles longer than the 80 characters the format allows are cut; shorter ones come back whole.
        must(want.length <= 80 ? got.name === want : want.startsWith(got.name) && got.name.length <= 80, `sdf round trip record ${i + 1}: title ${JSON.stringify(want)} became ${JSON.stringify(got.name)}`);
        same(sdfProps(Object.entries(props[i])), got.props, `sdf round trip record ${i + 1} props`);
      });
    },
    expected: () => false,
  };
}

const smilesParse: FuzzTarget<string> = {
  name: 'smiles-list.parse',
  arbitrary: hostileFile(SMI_BITS),
  check(text) {
    const { rows, errors } = parseSmilesList(text);
    linesInFile(text, [...rows, ...errors], 'smiles list');
    must(sorted(rows), 'smiles list rows out of line order');
    for (const r of rows) {
      must(r.smiles !== '' && !/\s/.test(r.smiles) && !r.smiles.startsWith('#') && r.smiles.length <= MAX_SMILES_LENGTH, `smiles list entry ${JSON.stringify(r.smiles)}`);
      must(r.name === undefined || (r.name !== '' && r.name === r.name.trim()), `smiles list name ${JSON.stringify(r.name)}`);
    }
  },
  expected: () => false,
};

const oneWord = textOf(['C', 'c1', 'O', '(', ')', '=', '#', '[Na+]', '%10', '/', '\\', '.', '@'], 12).filter((s) => s !== '' && !/\s/.test(s) && !s.startsWith('#') && s.length <= MAX_SMILES_LENGTH);
const smilesRoundTrip: FuzzTarget<{ rows: { smiles: string; name: string | null }[]; bom: boolean }> = {
  name: 'smiles-list.roundtrip',
  arbitrary: fc.record({ rows: fc.array(fc.record({ smiles: oneWord, name: fc.option(freeText) }), { maxLength: 20 }), bom: fc.boolean() }),
  check({ rows, bom }) {
    const text = toSmilesList(rows.map((r) => (r.name === null ? { smiles: r.smiles } : { smiles: r.smiles, name: r.name })));
    const back = parseSmilesList(bom ? `\ufeff${text}` : text);
    same([], back.errors, 'smiles list round trip errors');
    const want = rows.map((r, i) => {
      const name = (r.name ?? '').replace(/\s+/g, ' ').trim();
      return name === '' ? { line: i + 1, smiles: r.smiles } : { line: i + 1, smiles: r.smiles, name };
    });
    same(want, back.rows, 'smiles list round trip');
  },
  expected: () => false,
};

/** Molblocks RDKit writes (V2000 and V3000), with and without a title line of their own. */
export function rdkitMolblocks(rdkit: RDKitModule): string[] {
  const out: string[] = [];
  for (const smiles of ['CCO', 'c1ccccc1O', 'C[C@H](N)C(=O)[O-].[Na+]', '[2H]C#N'])
    for (const version of ['V2000', 'V3000'] as const) out.push(molblockFromSmiles(rdkit, smiles, version)!);
  out.push(out[0].replace(/^.*/, () => '$$$$'), out[1].replace(/^.*/, () => 'M  END hostile title'));
  return out;
}

export function ioTargets(molblocks: string[]): FuzzTarget[] {
  return [target(csvParse), target(csvMolecules), target(csvRoundTrip), target(sdfSplit), target(sdfRoundTrip(molblocks)), target(smilesParse), target(smilesRoundTrip)];
}
