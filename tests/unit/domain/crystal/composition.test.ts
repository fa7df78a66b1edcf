import { describe, expect, it } from 'vitest';
import { cellFormula, density, reducedFormula } from '../../../../src/domain/crystal/composition';
import { readCif } from '../../../../src/domain/crystal/cif';
import { fixture } from './fixture';

const rep = (pairs: [string, number][]) => pairs.flatMap(([e, n]) => Array<string>(n).fill(e));

describe('composition', () => {
  it('reduced formulas follow pymatgen (electronegativity order, special formulas, polyanions)', () => {
    expect(reducedFormula(rep([['O', 3], ['Ti', 1], ['Sr', 1]]))).toBe('SrTiO3');
    expect(reducedFormula(rep([['C', 24]]))).toBe('C');
    expect(reducedFormula(rep([['O', 4]]))).toBe('O2');
    expect(reducedFormula(rep([['O', 2], ['Li', 2]]))).toBe('Li2O2');
    expect(reducedFormula(rep([['Sr', 1], ['N', 2], ['O', 6]]))).toBe('Sr(NO3)2');
    expect(reducedFormula(rep([['Na', 2], ['Cl', 2]]))).toBe('NaCl');
    expect(cellFormula(rep([['Na', 2], ['Cl', 2]]))).toBe('Na2Cl2');
  });

  it('formula and density agree with pymatgen on every fixture structure', () => {
    for (const { id, cif, expected } of fixture.structures) {
      const s = readCif(cif);
      expect(reducedFormula(s.species), id).toBe(expected.formula);
      expect(density(s), id).toBeCloseTo(expected.density, 4);
    }
  });
});
