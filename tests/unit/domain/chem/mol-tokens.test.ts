// The two token languages: a molecule spelled as the training rows spell it turns back into the same molecule,
// and a SMILES token list that is no molecule is passed on for RDKit to reject (not repaired, as SELFIES would).
import init from '@rdkit/rdkit';
import { describe, expect, it } from 'vitest';
import { moleculeTokens, tokenKind, tokensToSmiles, type TokenKind } from '../../../../src/domain/chem/mol-tokens';
import { parseSmiles, type RDKitModule } from '../../../../src/domain/chem/rdkit';

const rdkit = (await init()) as RDKitModule;
const canonical = (smiles: string) => {
  const mol = parseSmiles(rdkit, smiles);
  if (!mol) return null;
  try {
    return mol.get_smiles();
  } finally {
    mol.delete();
  }
};
const spell = (kind: TokenKind, smiles: string) => {
  const mol = parseSmiles(rdkit, smiles)!;
  try {
    return moleculeTokens(kind, (kekule) => (kekule ? mol.get_smiles(JSON.stringify({ doKekule: true })) : mol.get_smiles()));
  } finally {
    mol.delete();
  }
};

const MOLECULES = ['c1ccncc1', 'CC(=O)Nc1ccc(O)cc1', 'C[C@@H](N)C(=O)O', 'O=C([O-])c1cc[nH]c1', 'C[NH+](C)CCc1c[nH]c2ccc(Br)cc12', 'Cl/C=C/Cl'];

describe('molecule tokens', () => {
  for (const kind of ['selfies', 'smiles'] as const) {
    it(`${kind}: tokens and back give the same molecule`, () => {
      for (const smiles of MOLECULES) expect(canonical(tokensToSmiles(kind, spell(kind, smiles)))).toBe(canonical(smiles));
    });
  }

  it('smiles tokens are the canonical aromatic SMILES, split; selfies ones have no aromatic symbol', () => {
    expect(spell('smiles', 'C1=CC=NC=C1')).toEqual(['c', '1', 'c', 'c', 'n', 'c', 'c', '1']);
    expect(spell('selfies', 'c1ccncc1').every((t) => !/^\[[a-z]/.test(t))).toBe(true);
  });

  it('a SMILES slip stays a string RDKit rejects; the same slip in SELFIES is still a molecule', () => {
    expect(tokensToSmiles('smiles', ['C', '1', 'C', 'C'])).toBe('C1CC');
    expect(canonical('C1CC')).toBeNull(); // a ring left open
    expect(canonical('c1cccc1')).toBeNull(); // an aromatic ring that cannot be kekulised
    expect(canonical(tokensToSmiles('selfies', ['[C]', '[Ring1]', '[C]', '[C]']))).not.toBeNull();
  });

  it('selfies symbols outside the grammar give an empty string, not an exception', () => {
    expect(tokensToSmiles('selfies', ['[C]', '[Branch9]'])).toBe('');
  });

  it('reads the declared kind, SELFIES when none is declared, and refuses others', () => {
    expect(tokenKind(undefined)).toBe('selfies');
    expect(tokenKind('smiles')).toBe('smiles');
    expect(() => tokenKind('inchi')).toThrow(/unknown token kind "inchi"/);
  });
});
