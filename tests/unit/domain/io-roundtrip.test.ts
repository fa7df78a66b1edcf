// Issue 26's round-trip and import fixes in src/domain/io: exports whose names or values look like SDF syntax
// re-import, one-column CSVs keep empty cells, byte-order marks are read in every format, and line numbers
// and names are the file's own.
import { describe, it, expect } from 'vitest';
import init from '@rdkit/rdkit';
import type { RDKitModule } from '../../../src/domain/chem/rdkit';
import {
  decodeFileText,
  makeRunFile,
  molblockFromSmiles,
  nameColumn,
  parseCsv,
  parseRunFile,
  parseSmilesList,
  readCsvMolecules,
  smilesFromMolblock,
  splitSdf,
  toCsv,
  toSdf,
  toSmilesList,
} from '../../../src/domain/io';

const rdkit: RDKitModule = await init();
const BOM = '\ufeff';

describe('SDF titles and values that look like SDF syntax', () => {
  const molblock = molblockFromSmiles(rdkit, 'CCO')!;
  const titles = ['$$$$', '$$$$ trailing', 'M  END', 'M  END of the title', '  $$$$  ', '> <not a data item>', 'M  V30 END CTAB'];

  it('exports every such title so that it re-imports as that title, with the molecule intact', () => {
    const text = toSdf(titles.map((name, i) => ({ molblock, name, props: { i } })));
    const { records, errors } = splitSdf(text);
    expect(errors).toEqual([]);
    expect(records.map((r) => r.name)).toEqual(titles.map((t) => t.trim()));
    expect(records.map((r) => r.props.i)).toEqual(titles.map((_, i) => String(i)));
    for (const r of records) expect(smilesFromMolblock(rdkit, r.molblock)).toBe('CCO');
  });

  it('also guards a hostile title already inside the molblock (no name given)', () => {
    const hostile = molblock.replace(/^.*\n/, () => '$$$$\n');
    const { records, errors } = splitSdf(toSdf([{ molblock: hostile, props: {} }, { molblock, props: {} }]));
    expect(errors).toEqual([]);
    expect(records.map((r) => r.name)).toEqual(['$$$$', '']);
  });

  it('round-trips values starting with $$$$ (escaped by one space, unescaped on reading)', () => {
    const values = ['$$$$', ' $$$$', '  $$$$x', '$$$$$', 'a $$$$', '>  <x>', 'M  END'];
    const props = Object.fromEntries(values.map((v, i) => [`p${i}`, v]));
    const { records } = splitSdf(toSdf([{ molblock, props }, { molblock, props: {} }]));
    expect(records).toHaveLength(2);
    expect(records[0].props).toEqual(props);
  });

  it('cuts a long title at 80 characters without splitting a surrogate pair or leaving an edge space', () => {
    const name = 'a'.repeat(79) + '😀tail';
    const long = 'b'.repeat(79) + ' c';
    const { records } = splitSdf(toSdf([{ molblock, name, props: {} }, { molblock, name: long, props: {} }]));
    expect(records[0].name).toBe('a'.repeat(79));
    expect(records[1].name).toBe('b'.repeat(79));
  });
});

describe('CSV empty cells', () => {
  it('keeps a one-column empty cell through export and import', () => {
    const text = toCsv([{ key: 's', label: 'smiles' }], [{ s: 'CCO' }, { s: '' }, { s: null }, { s: 'N' }]);
    expect(parseCsv(text).rows.map((r) => r.cells)).toEqual([['CCO'], [''], [''], ['N']]);
    // An empty header label in a one-column file must not let the first row pose as the header.
    expect(parseCsv(toCsv([{ key: 's', label: '' }], [{ s: 'CCO' }])).header).toEqual(['']);
  });

  it('reads a blank line inside a one-column file as an empty cell, and trailing blank lines as nothing', () => {
    const parsed = parseCsv('smiles\nCCO\n\nN\n\n\n');
    expect(parsed.rows).toEqual([
      { line: 2, cells: ['CCO'] },
      { line: 3, cells: [''] },
      { line: 4, cells: ['N'] },
    ]);
    // With more columns a blank line stays no record at all.
    expect(parseCsv('smiles,id\nCCO,1\n\nN,2\n').rows.map((r) => r.line)).toEqual([2, 4]);
  });

  it('reports that empty cell by line when reading molecules', () => {
    const { rows, errors } = readCsvMolecules('smiles\nCCO\n\nN\n');
    expect(rows.map((r) => r.smiles)).toEqual(['CCO', 'N']);
    expect(errors).toEqual([{ line: 3, message: 'empty SMILES cell' }]);
  });

  it('counts a lone CR inside a quoted field as a line break, as the other readers do', () => {
    expect(parseCsv('smiles,name\r"CCO","a\rb"\rN,c').rows.map((r) => r.line)).toEqual([2, 4]);
  });
});

describe('byte-order marks', () => {
  const molblock = molblockFromSmiles(rdkit, 'CCO')!;
  it('are read in CSV, SMILES lists, SDF and run files', () => {
    expect(parseCsv(`${BOM}smiles\nCCO\n`).header).toEqual(['smiles']);
    expect(readCsvMolecules(`${BOM}SMILES,name\nCCO,ethanol\n`).rows).toEqual([{ line: 2, smiles: 'CCO', name: 'ethanol' }]);
    expect(parseSmilesList(`${BOM}CCO ethanol\n`).rows).toEqual([{ line: 1, smiles: 'CCO', name: 'ethanol' }]);
    const sdf = splitSdf(BOM + toSdf([{ molblock, name: 'ethanol', props: {} }]));
    expect(sdf.records.map((r) => r.name)).toEqual(['ethanol']);
    const run = makeRunFile({ generator: 'g', settings: { seed: 1 }, models: [], createdAt: 0 });
    expect(parseRunFile(BOM + JSON.stringify(run))).toEqual(run);
  });
});

describe('file bytes to text', () => {
  it('reads UTF-8 with and without a BOM and UTF-16 with its BOM, dropping the mark', () => {
    const text = 'smiles,name\nCCO,éthanol 😀\n';
    const utf8 = new TextEncoder().encode(text);
    const le = new Uint8Array(2 + 2 * text.length);
    const be = new Uint8Array(2 + 2 * text.length);
    le.set([0xff, 0xfe]);
    be.set([0xfe, 0xff]);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      le.set([c & 0xff, c >> 8], 2 + 2 * i);
      be.set([c >> 8, c & 0xff], 2 + 2 * i);
    }
    expect(decodeFileText(utf8)).toBe(text);
    expect(decodeFileText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toBe(text);
    expect(decodeFileText(le)).toBe(text);
    expect(decodeFileText(be)).toBe(text);
    expect(decodeFileText(new Uint8Array([0x41, 0xff, 0x42]))).toBe('A\ufffdB');
  });
});

describe('names and line numbers are the file’s', () => {
  it('finds the name column: name, then title, then id', () => {
    expect(nameColumn(['smiles', 'ID', 'Title', ' Name '])).toBe(3);
    expect(nameColumn(['smiles', 'id', 'title'])).toBe(2);
    expect(nameColumn(['smiles', 'Id'])).toBe(1);
    expect(nameColumn(['smiles', 'label'])).toBe(-1);
  });

  it('reads CSV molecules with names, by file line, reporting every row it cannot use', () => {
    // Line 3's quoted SMILES spans two lines (a line break inside a SMILES is refused, by its first line).
    const text = ['smiles,title,mw', 'CCO,ethanol,46', '"C', 'C",two lines,30', 'C C,spaced,1', ',no smiles,0', 'N,,17', 'O,"water, pure",18'].join('\r\n');
    const { rows, errors } = readCsvMolecules(text);
    expect(rows).toEqual([
      { line: 2, smiles: 'CCO', name: 'ethanol' },
      { line: 7, smiles: 'N' },
      { line: 8, smiles: 'O', name: 'water, pure' },
    ]);
    expect(errors.map((e) => [e.line, e.message])).toEqual([
      [3, 'SMILES contains spaces'],
      [5, 'SMILES contains spaces'],
      [6, 'empty SMILES cell'],
    ]);
  });

  it('names the header line when there is no SMILES column', () => {
    expect(readCsvMolecules('\n\nid,name\n1,x\n').errors).toEqual([{ line: 3, message: 'no SMILES column in the header ("id", "name")' }]);
  });

  it('keeps SMILES-list names and refuses to write a row that would read back as a comment', () => {
    expect(parseSmilesList('\n# c\nCCO  ethanol  absolute\n\nN\tammonia\n').rows).toEqual([
      { line: 3, smiles: 'CCO', name: 'ethanol  absolute' },
      { line: 5, smiles: 'N', name: 'ammonia' },
    ]);
    expect(() => toSmilesList([{ smiles: '#C' }])).toThrow(/row 1.*comment/);
  });
});
