// Validity, uniqueness, novelty, the atom/charge filter and target-box hit rates.
import { describe, expect, it } from 'vitest';
import {
  ALLOWED_ELEMENTS,
  canonicalizeAll,
  fractionValid,
  hitRate,
  inBox,
  novelty,
  passesFilters,
  rateStandardError,
  uniqueAtK,
  validity,
  type TargetBound,
} from '../../../../src/domain/metrics/molecules';
import { fixture, loadRDKit, withParsed } from './fixture';

const rdkit = await loadRDKit();

describe('validity and canonical SMILES', () => {
  it('counts what RDKit parses and sanitises; empty, unparsable and unsanitisable strings are invalid', () => {
    const smiles = ['CCO', '', '   ', 'C1CC', 'c1cccc1', 'C(C)(C)(C)(C)C', 'OCC', 'not a smiles', 'c1ccccc1'];
    const canonical = canonicalizeAll(rdkit, smiles);
    expect(canonical).toEqual(['CCO', null, null, null, null, null, 'CCO', null, 'c1ccccc1']);
    expect(validity(rdkit, smiles)).toBeCloseTo(3 / 9, 15);
    expect(fractionValid(canonical)).toBeCloseTo(3 / 9, 15);
    expect(validity(rdkit, [])).toBeNaN();
  });
});

describe('uniqueAtK', () => {
  const canonical = ['CCO', null, 'CCO', 'CCN', null, 'CCC', 'CCN', 'CCCl'];
  it('counts distinct SMILES among the first k valid entries, skipping invalid ones', () => {
    expect(uniqueAtK(canonical, 1)).toBe(1);
    expect(uniqueAtK(canonical, 2)).toBe(1 / 2); // CCO, CCO
    expect(uniqueAtK(canonical, 4)).toBe(3 / 4); // CCO, CCO, CCN, CCC
    expect(uniqueAtK(canonical, 6)).toBe(4 / 6);
  });
  it('uses every valid entry when there are fewer than k (as MOSES), NaN when none', () => {
    expect(uniqueAtK(canonical, 1000)).toBe(4 / 6);
    expect(uniqueAtK([null, null], 10)).toBeNaN();
  });
});

describe('novelty', () => {
  it('is the fraction of distinct samples the training set does not hold', () => {
    const train = new Set(['CCO', 'c1ccccc1']);
    expect(novelty(['CCO', 'CCN', 'c1ccccc1', 'CCC'], (s) => train.has(s))).toBe(2 / 4);
    expect(novelty(['CCN', 'CCN', 'CCO'], (s) => train.has(s))).toBe(1 / 2); // duplicates count once
    expect(novelty([], () => false)).toBeNaN();
  });
});

describe('passesFilters', () => {
  const passes = (smiles: string) => withParsed(rdkit, smiles, (m) => passesFilters(rdkit, m));
  it('passes plain drugs made of C N S O F Cl Br H', () => {
    for (const s of ['CC(=O)Oc1ccccc1C(=O)O', 'CC(C)Cc1ccc(cc1)[C@@H](C)C(=O)O', 'Clc1ccc(Br)cc1F', 'CS(=O)(=O)N', '[2H]C([2H])([2H])Oc1ccccc1', '[H]OC([H])([H])c1ccccc1'])
      expect(passes(s), s).toBe(true);
  });
  it('fails charged molecules, zwitterions and salts', () => {
    for (const s of ['C[N+](C)(C)CCOC(C)=O', 'CC(=O)[O-]', '[NH3+][C@@H](Cc1ccccc1)C(=O)[O-]', 'CCCC[NH3+]', 'Cc1ccc(cc1)[N+](=O)[O-]', '[Na+].[Cl-]'])
      expect(passes(s), s).toBe(false);
  });
  it('fails other elements: Se, B, P, I, Si, Na, dummy atoms', () => {
    for (const s of ['c1cc[se]c1', 'OB(O)c1ccccc1', 'CCOP(=O)(OCC)OCC', 'Ic1ccccc1', 'C[Si](C)(C)C', 'CC[Na]', '*c1ccccc1'])
      expect(passes(s), s).toBe(false);
  });
  it('agrees with a commonchem (get_json) reading of elements and charges on the fixture molecules', () => {
    const allowed = new Set<number>(ALLOWED_ELEMENTS);
    let failing = 0;
    for (const m of fixture.molecules) {
      const expected = withParsed(rdkit, m.smiles, (mol) => {
        const doc = JSON.parse(mol.get_json()) as { defaults: { atom: { z: number; chg: number } }; molecules: { atoms: { z?: number; chg?: number }[] }[] };
        const { z, chg } = doc.defaults.atom;
        return doc.molecules.every((part) => part.atoms.every((a) => allowed.has(a.z ?? z) && (a.chg ?? chg) === 0));
      });
      if (!expected) failing++;
      expect(passes(m.smiles), m.smiles).toBe(expected);
    }
    expect(failing).toBeGreaterThan(5); // ZINC's protonated amines and the hand-picked ions are in the fixture
  });
});

describe('target boxes', () => {
  const box: TargetBound[] = [
    { key: 'logP', min: 1, max: 3 },
    { key: 'QED', min: 0.6, max: Number.POSITIVE_INFINITY },
  ];
  it('inBox: every bound inclusive; missing, null or NaN properties are outside', () => {
    expect(inBox({ logP: 2, QED: 0.7 }, box)).toBe(true);
    expect(inBox({ logP: 1, QED: 0.6 }, box)).toBe(true); // inclusive at both ends
    expect(inBox({ logP: 3, QED: 5 }, box)).toBe(true);
    expect(inBox({ logP: 3.01, QED: 0.7 }, box)).toBe(false);
    expect(inBox({ logP: 2, QED: 0.59 }, box)).toBe(false);
    expect(inBox({ logP: 2 }, box)).toBe(false);
    expect(inBox({ logP: Number.NaN, QED: 0.7 }, box)).toBe(false);
    expect(inBox({ logP: 2, QED: null }, box)).toBe(false);
    expect(inBox({ anything: 1 }, [])).toBe(true);
  });
  it('hitRate: fraction of records inside the box', () => {
    const props = [{ logP: 2, QED: 0.7 }, { logP: 5, QED: 0.7 }, { logP: 1.5, QED: 0.9 }, { QED: 0.9 }];
    expect(hitRate(props, box)).toBe(2 / 4);
    expect(hitRate([], box)).toBeNaN();
  });

  it('rateStandardError: sqrt(p(1 - p)/n), largest at p = 0.5, none without samples', () => {
    expect(rateStandardError(0.5, 1000)).toBeCloseTo(0.01581, 5);
    expect(rateStandardError(0.1, 1000)).toBeCloseTo(0.00949, 5);
    expect(rateStandardError(0, 50)).toBe(0);
    expect(rateStandardError(0.3, 0)).toBeNaN();
  });
});
