import { describe, expect, it } from 'vitest';
import { formulaString, parseFormula, MAX_FORMULA_CHARS } from '../../../../src/domain/crystal/formula';

const counts = (text: string) => parseFormula(text).counts;

describe('parseFormula', () => {
  it('reads plain formulas, counts and first-seen order', () => {
    expect(counts('SrTiO3')).toEqual({ Sr: 1, Ti: 1, O: 3 });
    expect(Object.keys(counts('SrTiO3'))).toEqual(['Sr', 'Ti', 'O']);
    expect(counts('BaTiO3')).toEqual({ Ba: 1, Ti: 1, O: 3 });
    expect(counts('K2NiF4')).toEqual({ K: 2, Ni: 1, F: 4 });
    expect(counts('C')).toEqual({ C: 1 });
    expect(counts('CO')).toEqual({ C: 1, O: 1 });
    expect(counts('Co')).toEqual({ Co: 1 });
    expect(counts('C24')).toEqual({ C: 24 });
  });

  it('reads parentheses, nested, and merges repeated elements', () => {
    expect(counts('Ca(OH)2')).toEqual({ Ca: 1, O: 2, H: 2 });
    expect(counts('Sr(NO3)2')).toEqual({ Sr: 1, N: 2, O: 6 });
    expect(counts('K4(Fe(CN)6)')).toEqual({ K: 4, Fe: 1, C: 6, N: 6 });
    expect(counts('Ca3(PO4)2')).toEqual({ Ca: 3, P: 2, O: 8 });
    expect(counts('HOH')).toEqual({ H: 2, O: 1 });
  });

  it('allows spaces between tokens, around the text, and between a symbol and its count', () => {
    expect(counts('Sr Ti O3')).toEqual({ Sr: 1, Ti: 1, O: 3 });
    expect(counts('  SrTiO3  ')).toEqual({ Sr: 1, Ti: 1, O: 3 });
    expect(counts('Ca (O H) 2')).toEqual({ Ca: 1, O: 2, H: 2 });
    expect(counts('O 3')).toEqual({ O: 3 });
  });

  it('rejects empty text', () => {
    expect(() => parseFormula('')).toThrow('Formula is empty');
    expect(() => parseFormula('   ')).toThrow('Formula is empty');
  });

  it('names an unknown element', () => {
    expect(() => parseFormula('Xx2O')).toThrow('Unknown element "Xx" at position 1');
    expect(() => parseFormula('SrTiQ3')).toThrow('Unknown element "Q" at position 5');
  });

  it('suggests the capitalised form of lowercase or uppercase text', () => {
    expect(() => parseFormula('sr tio3')).toThrow(
      'Element symbols start with a capital letter ("sr" at position 1); did you mean "Sr TiO3"?',
    );
    expect(() => parseFormula('srtio3')).toThrow('did you mean "SrTiO3"?');
    expect(() => parseFormula('SRTIO3')).toThrow(/Unknown element "R".*did you mean "SrTiO3"\?/);
    expect(() => parseFormula('ca(oh)2')).toThrow('did you mean "Ca(OH)2"?');
    // No suggestion when no reading is a formula.
    expect(() => parseFormula('qqq')).toThrow(/^Element symbols start with a capital letter \("qqq" at position 1\)$/);
  });

  it('rejects non-integer and zero counts', () => {
    expect(() => parseFormula('SrTiO3.5')).toThrow('Counts must be whole numbers ("3.5" at position 6)');
    expect(() => parseFormula('SrTiO2,5')).toThrow('Counts must be whole numbers ("2,5" at position 6)');
    expect(() => parseFormula('Sr.5TiO3')).toThrow('Counts must be whole numbers (".5" at position 3)');
    expect(() => parseFormula('SrTi0O3')).toThrow('A count of 0 at position 5');
  });

  it('rejects unbalanced parentheses and stray tokens', () => {
    expect(() => parseFormula('Sr((O')).toThrow('"(" at position 4 is never closed');
    expect(() => parseFormula('Ca(OH')).toThrow('"(" at position 3 is never closed');
    expect(() => parseFormula('CaOH)2')).toThrow('")" at position 5 closes no "("');
    expect(() => parseFormula('Ca()2')).toThrow('Empty parentheses at position 3');
    expect(() => parseFormula('2H2O')).toThrow('A count at position 1 follows no element or ")"');
    expect(() => parseFormula('O3 2')).toThrow('A count at position 4 follows no element or ")"');
    expect(() => parseFormula('CuSO4·5H2O')).toThrow('Unexpected character "·" at position 6');
    expect(() => parseFormula('Fe3+')).toThrow('Unexpected character "+" at position 4');
  });

  it('limits the number of atoms, including through nested multipliers', () => {
    expect(counts('C1000')).toEqual({ C: 1000 });
    expect(() => parseFormula('C1001')).toThrow('Count 1001 at position 2 is above the limit of 1000 atoms');
    expect(() => parseFormula('C999999999999999999999')).toThrow(/above the limit of 1000 atoms/);
    expect(() => parseFormula('C600O600')).toThrow('Formula has more than 1000 atoms');
    expect(() => parseFormula('((((O10)10)10)10)')).toThrow('Formula has more than 1000 atoms');
  });

  it('refuses very long input before scanning it', () => {
    const long = 'SrTiO3'.repeat(2000); // 12 kB
    expect(() => parseFormula(long)).toThrow(`Formula is ${long.length} characters long; the limit is ${MAX_FORMULA_CHARS}`);
    expect(() => parseFormula('('.repeat(10_240))).toThrow(/characters long/);
    const t = performance.now();
    expect(() => parseFormula(' '.repeat(MAX_FORMULA_CHARS - 1) + 'q')).toThrow(/capital letter/);
    expect(performance.now() - t).toBeLessThan(500);
  });
});

describe('formulaString', () => {
  it('writes counts in electronegativity order, as the data sets and reducedFormula do', () => {
    expect(formulaString({ O: 3, Ti: 1, Sr: 1 })).toBe('SrTiO3');
    expect(formulaString({ F: 4, Ni: 1, K: 2 })).toBe('K2NiF4');
    expect(formulaString({ Sr: 2, Ti: 2, O: 6 })).toBe('Sr2Ti2O6'); // not reduced
    expect(formulaString({ C: 24 })).toBe('C24');
  });

  it('round-trips with parseFormula', () => {
    for (const f of ['SrTiO3', 'BaTiO3', 'K2NiF4', 'CsPbI3', 'LaAlO3', 'Ba2YCu3O7'])
      expect(formulaString(counts(f))).toBe(f);
    expect(counts(formulaString(counts('Ca(OH)2')))).toEqual({ Ca: 1, O: 2, H: 2 });
  });

  it('rejects unknown elements and bad counts', () => {
    expect(() => formulaString({ Xx: 1 })).toThrow('Unknown element "Xx"');
    expect(() => formulaString({ O: 1.5 })).toThrow('Count of O must be a whole number (got 1.5)');
    expect(() => formulaString({ O: 2000 })).toThrow(/more than 1000 atoms/);
  });
});
