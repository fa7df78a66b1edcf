// The SMILES tokenizer: hand-checked splits, the errors it must raise, and a round trip on ZINC250k's canonical
// SMILES (every molecule splits, and the tokens join back to the same string).
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import init from '@rdkit/rdkit';
import { canonicalSmiles, type RDKitModule } from '../../../../src/domain/chem/rdkit';
import { SmilesTokenError, joinSmiles, splitSmiles } from '../../../../src/domain/smiles/tokens';

const ZINC = fileURLToPath(new URL('../../../../../shared/data/zinc250k/250k_rndm_zinc_drugs_clean.smi.gz', import.meta.url));

describe('splitSmiles', () => {
  it('keeps bracket atoms, Cl and Br whole and splits the rest by character', () => {
    expect(splitSmiles('CC(=O)Nc1ccc(Cl)cc1Br')).toEqual(['C', 'C', '(', '=', 'O', ')', 'N', 'c', '1', 'c', 'c', 'c', '(', 'Cl', ')', 'c', 'c', '1', 'Br']);
    expect(splitSmiles('C[C@@H](N)C(=O)[O-]')).toEqual(['C', '[C@@H]', '(', 'N', ')', 'C', '(', '=', 'O', ')', '[O-]']);
    expect(splitSmiles('c1cc[nH]c1')).toEqual(['c', '1', 'c', 'c', '[nH]', 'c', '1']);
    expect(splitSmiles('[NH3+]CC#N.[Cl-]')).toEqual(['[NH3+]', 'C', 'C', '#', 'N', '.', '[Cl-]']);
    expect(splitSmiles('F/C=C\\F')).toEqual(['F', '/', 'C', '=', 'C', '\\', 'F']);
  });

  it('reads two-digit ring closures as one token and single digits as their own', () => {
    expect(splitSmiles('C%12CC12')).toEqual(['C', '%12', 'C', 'C', '1', '2']);
  });

  it('reads CB and ClC as boron and chlorine where they are', () => {
    expect(splitSmiles('CBr')).toEqual(['C', 'Br']);
    expect(splitSmiles('CB')).toEqual(['C', 'B']);
    expect(splitSmiles('ClC')).toEqual(['Cl', 'C']);
  });

  it('throws on characters that are no SMILES token and on unclosed brackets', () => {
    expect(() => splitSmiles('CCX')).toThrow(SmilesTokenError);
    expect(() => splitSmiles('C[NH3+')).toThrow(SmilesTokenError);
    expect(() => splitSmiles('C l')).toThrow(SmilesTokenError);
    expect(() => splitSmiles('C%1')).toThrow(SmilesTokenError);
  });

  it('returns no tokens for the empty string, and joins back', () => {
    expect(splitSmiles('')).toEqual([]);
    expect(joinSmiles(splitSmiles('O=C1CCCN1'))).toBe('O=C1CCCN1');
  });

  it.skipIf(!existsSync(ZINC))('splits 5,000 canonical ZINC SMILES and joins them back', async () => {
    const rdkit = (await init()) as RDKitModule;
    const lines = gunzipSync(readFileSync(ZINC)).toString('utf8').split('\n').filter((l) => l.trim() !== '');
    const vocab = new Set<string>();
    for (const line of lines.slice(0, 5000)) {
      const smiles = canonicalSmiles(rdkit, line)!;
      const tokens = splitSmiles(smiles);
      expect(joinSmiles(tokens)).toBe(smiles);
      tokens.forEach((t) => vocab.add(t));
    }
    // a small closed vocabulary: bracket atoms are few in ZINC (charged N and O, [nH], stereocentres)
    expect(vocab.size).toBeLessThan(100);
  });
});
