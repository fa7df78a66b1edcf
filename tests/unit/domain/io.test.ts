// Import/export formats: round trips through our own writers and readers, real RDKit.js molblocks (V2000 and
// V3000), and the ways an untrusted file can be wrong.
import { describe, it, expect } from 'vitest';
import init from '@rdkit/rdkit';
import { MAX_SMILES_LENGTH, canonicalSmiles, type RDKitModule } from '../../../src/domain/chem/rdkit';
import {
  makeRunFile,
  molblockAtomCount,
  molblockFromSmiles,
  parseCsv,
  parseRunFile,
  parseSmilesList,
  sha256Hex,
  smilesColumn,
  smilesFromMolblock,
  splitSdf,
  toCsv,
  toSdf,
  toSmilesList,
} from '../../../src/domain/io';

const rdkit: RDKitModule = await init();
const MOLS = ['C[C@H](O)c1ccccc1', 'CC(=O)Nc1ccc(O)cc1', 'O=C([O-])c1ccccc1.[Na+]', 'C1CC[NH2+]CC1'];

describe('CSV', () => {
  const columns = [
    { key: 'smiles', label: 'SMILES' },
    { key: 'name', label: 'name' },
    { key: 'logp', label: 'logP' },
    { key: 'ok', label: 'ok' },
  ];

  it('round-trips quotes, commas, newlines and numbers', () => {
    const rows = [
      { smiles: 'CCO', name: 'ethanol, "absolute"', logp: -0.0014, ok: true },
      { smiles: 'c1ccccc1', name: 'two\nlines\r\nand CRLF', logp: 1.69, ok: false },
      { smiles: 'C', name: '', logp: null, ok: undefined },
    ];
    const text = toCsv(columns, rows);
    expect(text.endsWith('\r\n')).toBe(true);
    const parsed = parseCsv(text);
    expect(parsed.errors).toEqual([]);
    expect(parsed.header).toEqual(['SMILES', 'name', 'logP', 'ok']);
    expect(parsed.rows.map((r) => r.cells)).toEqual([
      ['CCO', 'ethanol, "absolute"', '-0.0014', 'true'],
      ['c1ccccc1', 'two\nlines\r\nand CRLF', '1.69', 'false'],
      ['C', '', '', ''],
    ]);
    // Record lines count the line breaks inside quoted fields.
    expect(parsed.rows.map((r) => r.line)).toEqual([2, 3, 6]);
  });

  it('neutralises formula injection in text but writes numbers (also negative) plainly', () => {
    const rows = [
      { smiles: '=HYPERLINK("http://x")', name: '+1', logp: -3, ok: '@SUM(A1)' },
      { smiles: '-2+3', name: '\tcmd', logp: -1.5e-7, ok: '\rx' },
    ];
    const text = toCsv(columns, rows);
    const cells = parseCsv(text).rows.map((r) => r.cells);
    expect(cells).toEqual([
      ["'=HYPERLINK(\"http://x\")", "'+1", '-3', "'@SUM(A1)"],
      ["'-2+3", "'\tcmd", '-1.5e-7', "'\rx"],
    ]);
    expect(toCsv([{ key: 'v', label: '=label' }], [{ v: { a: 1 } }])).toBe(`'=label\r\n"{""a"":1}"\r\n`);
    // One column: an empty cell is written "" so the row is not a blank line that readers skip.
    expect(toCsv([{ key: 'v', label: 'v' }], [{ v: NaN }, { v: -Infinity }])).toBe('v\r\n""\r\n""\r\n');
  });

  it('reads BOM, CRLF, lone CR and a missing final newline', () => {
    const parsed = parseCsv('\ufeffsmiles,id\r\nCCO,1\rCCN,2\nCCC,3');
    expect(parsed.errors).toEqual([]);
    expect(parsed.header).toEqual(['smiles', 'id']);
    expect(parsed.rows).toEqual([
      { line: 2, cells: ['CCO', '1'] },
      { line: 3, cells: ['CCN', '2'] },
      { line: 4, cells: ['CCC', '3'] },
    ]);
  });

  it('reports ragged and broken rows by line and keeps the good ones', () => {
    const text = ['smiles,id', 'CCO,1', 'CCN', '', 'CCC,3,extra', '"C""C",4', '"CO"x,5', 'N,6', '"unterminated,7', 'O,8'].join('\n');
    const parsed = parseCsv(text);
    expect(parsed.rows).toEqual([
      { line: 2, cells: ['CCO', '1'] },
      { line: 6, cells: ['C"C', '4'] },
      { line: 8, cells: ['N', '6'] },
    ]);
    expect(parsed.errors.map((e) => e.line)).toEqual([3, 5, 7, 9]);
    expect(parsed.errors[0].message).toMatch(/expected 2 fields.*found 1/);
    expect(parsed.errors[2].message).toMatch(/after a closing quote/);
    expect(parsed.errors[3].message).toMatch(/unterminated/);
  });

  it('reports an empty file', () => {
    expect(parseCsv('')).toEqual({ header: [], headerLine: 1, rows: [], errors: [{ line: 1, message: expect.stringMatching(/empty/) }] });
    expect(parseCsv('\ufeff\n\n').header).toEqual([]);
    // A broken header imports nothing rather than promoting the first data row.
    expect(parseCsv('"smiles"x,id\nCCO,1\n')).toMatchObject({ header: [], rows: [], errors: [{ line: 1 }] });
  });

  it('finds the SMILES column case-insensitively', () => {
    expect(smilesColumn(['id', 'SMILES'])).toBe(1);
    expect(smilesColumn(['id', 'canonical_smiles', 'Smiles'])).toBe(2);
    expect(smilesColumn(['id', 'Canonical SMILES'])).toBe(1);
    expect(smilesColumn([' isomeric-smiles ', 'x'])).toBe(0);
    expect(smilesColumn(['id', 'smilesish', 'name'])).toBe(-1);
  });
});

describe('SDF', () => {
  for (const version of ['V2000', 'V3000'] as const) {
    it(`round-trips RDKit ${version} molblocks with names and data items`, () => {
      const out = MOLS.map((smiles, i) => {
        const molblock = molblockFromSmiles(rdkit, smiles, version);
        if (molblock === null) throw new Error(`RDKit.js rejected ${smiles}`);
        expect(molblock).toContain(version);
        return { molblock, name: `mol ${i}\nsecond line`, props: { smiles, index: i, ok: i % 2 === 0, missing: null, 'bad<key>\nx': 'a\nb' } };
      });
      const text = toSdf(out);
      expect(text.match(/^\$\$\$\$$/gm)).toHaveLength(MOLS.length);
      const { records, errors } = splitSdf(text);
      expect(errors).toEqual([]);
      expect(records).toHaveLength(MOLS.length);
      records.forEach((r, i) => {
        expect(r.name).toBe(`mol ${i} second line`);
        expect(r.props).toEqual({ smiles: MOLS[i], index: String(i), ok: String(i % 2 === 0), missing: '', bad_key__x: 'a b' });
        expect(smilesFromMolblock(rdkit, r.molblock)).toBe(canonicalSmiles(rdkit, MOLS[i]));
        expect(molblockAtomCount(r.molblock)).toBeGreaterThan(0);
      });
      expect(records[0].line).toBe(1);
      // Every record after the first starts on the line after a "$$$$".
      const lines = text.split('\n');
      for (const r of records.slice(1)) expect(lines[r.line - 2]).toBe('$$$$');
    });
  }

  it('keeps the title RDKit wrote when no name is given, and refuses a molblock without M  END', () => {
    const molblock = molblockFromSmiles(rdkit, 'CCO')!;
    const { records } = splitSdf(toSdf([{ molblock, props: {} }]));
    expect(records[0].molblock).toBe(molblock);
    expect(records[0].props).toEqual({});
    expect(() => toSdf([{ molblock: 'not a molblock', props: {} }])).toThrow(/record 1.*M {2}END/);
  });

  it('splits tolerantly: CRLF, BOM, no final $$$$, junk records reported by line', () => {
    const a = molblockFromSmiles(rdkit, 'CCO')!;
    const b = molblockFromSmiles(rdkit, 'c1ccccc1', 'V3000')!;
    const text = '\ufeff' + [a + '>  <id>\n1\n\n$$$$', 'just some text\nno molblock here\n$$$$', b + '> <id> (5)\n2\nmore\n\n>no name\nx\n'].join('\n').replace(/\n/g, '\r\n');
    const { records, errors } = splitSdf(text);
    expect(records.map((r) => r.props)).toEqual([{ id: '1' }, { id: '2\nmore' }]);
    expect(records.map((r) => smilesFromMolblock(rdkit, r.molblock))).toEqual(['CCO', 'c1ccccc1']);
    // a's lines, then its data item (2 lines), a blank line and "$$$$": the junk starts on the next line.
    const junkLine = a.split('\n').length - 1 + 5;
    expect(errors[0]).toEqual({ line: junkLine, message: expect.stringMatching(/M {2}END/) });
    expect(records[1].line).toBe(junkLine + 3);
    expect(errors[1].message).toMatch(/without a <name>/);
    expect(errors).toHaveLength(2);
  });

  it('stores hostile data-item names as plain own properties', () => {
    const text = molblockFromSmiles(rdkit, 'C')! + '>  <__proto__>\npolluted\n\n>  <constructor>\nx\n\n$$$$\n';
    const { records } = splitSdf(text);
    const props = records[0].props;
    expect(Object.getPrototypeOf(props)).toBe(Object.prototype);
    expect(Object.keys(props)).toEqual(['__proto__', 'constructor']);
    expect(props['__proto__']).toBe('polluted');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('writes a value that could end the record so that it cannot, and reads it back unchanged', () => {
    const molblock = molblockFromSmiles(rdkit, 'C')!;
    const text = toSdf([{ molblock, props: { v: '$$$$' } }, { molblock, props: {} }]);
    expect(text).toContain('\n $$$$\n');
    const { records } = splitSdf(text);
    expect(records).toHaveLength(2);
    expect(records[0].props.v).toBe('$$$$');
  });

  it('refuses molblocks RDKit should not see or cannot read', () => {
    expect(molblockFromSmiles(rdkit, 'C1CC')).toBeNull();
    expect(smilesFromMolblock(rdkit, 'garbage')).toBeNull();
    const big = molblockFromSmiles(rdkit, 'C'.repeat(MAX_SMILES_LENGTH))!;
    expect(molblockAtomCount(big)).toBe(MAX_SMILES_LENGTH);
    expect(smilesFromMolblock(rdkit, big)).not.toBeNull();
    // Claim one atom more on the V2000 counts line: refused before RDKit parses it.
    const lines = big.split('\n');
    lines[3] = String(MAX_SMILES_LENGTH + 1).padStart(3) + lines[3].slice(3);
    const tooBig = lines.join('\n');
    expect(molblockAtomCount(tooBig)).toBe(MAX_SMILES_LENGTH + 1);
    expect(smilesFromMolblock(rdkit, tooBig)).toBeNull();
  });
});

describe('SMILES lists', () => {
  it('round-trips SMILES with and without names', () => {
    const rows = [{ smiles: 'CCO', name: 'ethanol' }, { smiles: 'c1ccccc1' }, { smiles: 'CC(=O)O', name: 'acetic\tacid\n(glacial)' }];
    const text = toSmilesList(rows);
    expect(text).toBe('CCO ethanol\nc1ccccc1\nCC(=O)O acetic acid (glacial)\n');
    expect(parseSmilesList(text)).toEqual({
      rows: [
        { line: 1, smiles: 'CCO', name: 'ethanol' },
        { line: 2, smiles: 'c1ccccc1' },
        { line: 3, smiles: 'CC(=O)O', name: 'acetic acid (glacial)' },
      ],
      errors: [],
    });
    expect(() => toSmilesList([{ smiles: 'CC O' }])).toThrow(/row 1/);
  });

  it('skips blanks and comments, reports over-long SMILES by line, keeps the rest', () => {
    const long = 'C'.repeat(MAX_SMILES_LENGTH + 1);
    const text = `\ufeff# header comment\r\nCCO\tethanol\r\n\r\n   \r\n  # indented comment\r\n${long} too long\r\nN  ammonia  \r\n${'C'.repeat(MAX_SMILES_LENGTH)}`;
    const { rows, errors } = parseSmilesList(text);
    expect(rows.map((r) => [r.line, r.smiles.length, r.name])).toEqual([
      [2, 3, 'ethanol'],
      [7, 1, 'ammonia'],
      [8, MAX_SMILES_LENGTH, undefined],
    ]);
    expect(errors).toEqual([{ line: 6, message: expect.stringMatching(/501 characters/) }]);
  });
});

describe('run files', () => {
  const sha = 'a'.repeat(64);
  const good = () => makeRunFile({ generator: 'Lodestone 0.1.0', settings: { seed: 42, steps: 8, targets: { qed: [0.6, 1] } }, models: [{ id: 'mol-zinc-student-k2', cardSha256: sha }], createdAt: Date.UTC(2025, 0, 31, 12) });

  it('round-trips through JSON', () => {
    const file = good();
    expect(file).toEqual({
      format: 'lodestone-run',
      version: 1,
      generator: 'Lodestone 0.1.0',
      settings: { seed: 42, steps: 8, targets: { qed: [0.6, 1] } },
      models: [{ id: 'mol-zinc-student-k2', cardSha256: sha }],
      createdAt: '2025-01-31T12:00:00.000Z',
    });
    expect(parseRunFile(JSON.stringify(file, null, 2))).toEqual(file);
    expect(parseRunFile('\ufeff' + JSON.stringify(file))).toEqual(file);
  });

  const cases: [string, (f: Record<string, any>) => unknown, RegExp][] = [
    ['wrong format', (f) => (f.format = 'lodestone-project'), /"format" is "lodestone-project"/],
    ['newer version', (f) => (f.version = 2), /"version" number 2 is not supported/],
    ['missing generator', (f) => delete f.generator, /missing field "generator"/],
    ['unknown field', (f) => (f.extra = 1), /unknown field "extra"/],
    ['settings not an object', (f) => (f.settings = [1]), /"settings" must be an object, got an array/],
    ['no seed', (f) => delete f.settings.seed, /missing field "settings.seed"/],
    ['fractional seed', (f) => (f.settings.seed = 1.5), /"settings.seed" must be an integer/],
    ['string seed', (f) => (f.settings.seed = '42'), /"settings.seed" must be an integer, got "42"/],
    ['models not an array', (f) => (f.models = {}), /"models" must be an array/],
    ['model without id', (f) => delete f.models[0].id, /"models\[0\].id" must be a non-empty string/],
    ['bad card hash', (f) => (f.models[0].cardSha256 = 'ABC'), /"models\[0\].cardSha256" must be 64 lowercase hex/],
    ['repeated model', (f) => f.models.push({ ...f.models[0] }), /"models\[1\].id" repeats/],
    ['unknown model field', (f) => (f.models[0].url = 'http://x'), /unknown field "models\[0\].url"/],
    ['bad time', (f) => (f.createdAt = 'yesterday'), /"createdAt" must be an ISO 8601 time/],
    ['numeric time', (f) => (f.createdAt = 1), /"createdAt" must be an ISO 8601 time, got number 1/],
  ];
  for (const [what, spoil, message] of cases) {
    it(`refuses a file with ${what}`, () => {
      const f = JSON.parse(JSON.stringify(good()));
      spoil(f);
      expect(() => parseRunFile(JSON.stringify(f))).toThrow(message);
    });
  }

  it('refuses non-JSON, non-objects, huge files and settings that would not survive JSON', () => {
    expect(() => parseRunFile('{"format":')).toThrow(/not valid JSON/);
    expect(() => parseRunFile('[1]')).toThrow(/JSON object at the top level/);
    expect(() => parseRunFile(' '.repeat(1_000_001))).toThrow(/more than/);
    const base = { generator: 'g', models: [], createdAt: 0 };
    expect(() => makeRunFile({ ...base, settings: { seed: 1, guidance: NaN } })).toThrow(/"settings.guidance" must be a finite number/);
    expect(() => makeRunFile({ ...base, settings: { seed: 1, at: new Date() } })).toThrow(/"settings.at" is a Date, not plain JSON/);
    expect(() => makeRunFile({ ...base, settings: { seed: 1, x: [undefined] } })).toThrow(/"settings.x\[0\]" is undefined/);
    expect(() => makeRunFile({ ...base, settings: { seed: 1 }, createdAt: NaN })).toThrow(/"createdAt" is not a valid time/);
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = [deep];
    expect(() => makeRunFile({ ...base, settings: { seed: 1, deep } })).toThrow(/nested more than/);
  });

  it('hashes bytes with SHA-256', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(await sha256Hex(new Uint8Array(0))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
