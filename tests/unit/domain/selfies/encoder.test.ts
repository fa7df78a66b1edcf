// SELFIES encoding: exact strings selfies 2.x produced (for Kekulé inputs), refusals, and stereo kept through
// encode -> decode when the decoder lists ring neighbours in another order than the input SMILES.
import { describe, it, expect } from 'vitest';
import init from '@rdkit/rdkit';
import { canonicalSmiles, InvalidSmilesError, type RDKitModule } from '../../../../src/domain/chem/rdkit';
import { SelfiesEncodeError, decode, encode, encodeMolecule, kekuleSmiles } from '../../../../src/domain/selfies';

const rdkit: RDKitModule = await init();
const canon = (smiles: string): string | null => canonicalSmiles(rdkit, smiles);

describe('encode', () => {
  // Left: Kekulé SMILES (aromatic rings written with the double bonds selfies chose); right: selfies 2.x output.
  const published: [string, string][] = [
    ['C=CF', '[C][=C][F]'],
    ['C1=CC=CC=C1', '[C][=C][C][=C][C][=C][Ring1][=Branch1]'],
    ['CCCl', '[C][C][Cl]'],
    ['C/C=C/C(=O)N(CC)C(CC)C(=O)N(C)C', '[C][/C][=C][/C][=Branch1][C][=O][N][Branch1][Ring1][C][C][C][Branch1][Ring1][C][C][C][=Branch1][C][=O][N][Branch1][C][C][C]'],
    ['CC(C)(CO)[C@@H](O)C(=O)NCCCC(=O)O', '[C][C][Branch1][C][C][Branch1][Ring1][C][O][C@@H1][Branch1][C][O][C][=Branch1][C][=O][N][C][C][C][C][=Branch1][C][=O][O]'],
    ['O=C(OCC(Cl)(Cl)Cl)OCC(Cl)(Cl)Cl', '[O][=C][Branch1][O][O][C][C][Branch1][C][Cl][Branch1][C][Cl][Cl][O][C][C][Branch1][C][Cl][Branch1][C][Cl][Cl]'],
    ['NC(N)=[NH+]C(=O)CC1=C(Cl)C=CC=C1Cl', '[N][C][Branch1][C][N][=NH1+1][C][=Branch1][C][=O][C][C][=C][Branch1][C][Cl][C][=C][C][=C][Ring1][#Branch1][Cl]'],
    ['N#CC1=CC(NC(=O)C(=O)[O-])=C(Cl)C(NC(=O)C(=O)[O-])=C1', '[N][#C][C][=C][C][Branch1][O][N][C][=Branch1][C][=O][C][=Branch1][C][=O][O-1][=C][Branch1][C][Cl][C][Branch1][O][N][C][=Branch1][C][=O][C][=Branch1][C][=O][O-1][=C][Ring2][Ring1][Ring1]'],
  ];
  it.each(published)('%s', (smiles, selfies) => {
    expect(encode(smiles)).toBe(selfies);
    expect(canon(decode(selfies))).toBe(canon(smiles));
  });

  it('writes bracket atoms the way the grammar spells them', () => {
    expect(encode('[NH3+]CC[O-]')).toBe('[NH3+1][C][C][O-1]');
    expect(encode('C[C]C')).toBe('[C][CH0][C]'); // a bracket C has no implicit H
    expect(encode('[2H]C([2H])=O')).toBe('[2H][C][Branch1][C][2H][=O]');
    expect(encode('[13CH3]C')).toBe('[13CH3][C]');
    expect(encode('C[N+](C)(C)C')).toBe('[C][N+1][Branch1][C][C][Branch1][C][C][C]');
    expect(encode('[Fe++]')).toBe('[Fe+2]');
    expect(encode('CC.O')).toBe('[C][C].[O]');
    expect(encode('C-C')).toBe('[C][C]');
    expect(encode('C1CCCCC/C=C/1')).toBe('[C][C][C][C][C][C][/C][=C][-/Ring1][Branch2]');
    expect(encode('C=1CC=1')).toBe('[C][C][C][=Ring1][Ring1]');
  });

  it('refuses what the grammar cannot express, naming it', () => {
    const refuse = (smiles: string, why: RegExp) => {
      let err: unknown;
      try {
        encode(smiles);
      } catch (e) {
        err = e;
      }
      expect(err, smiles).toBeInstanceOf(SelfiesEncodeError);
      expect((err as SelfiesEncodeError).feature).toMatch(why);
      expect((err as SelfiesEncodeError).smiles).toBe(smiles);
    };
    refuse('c1ccccc1', /aromatic atom 'c'.*Kekulé/);
    refuse('C1=CC=C[nH]1', /aromatic atom \[nH\]/);
    refuse('C:C', /aromatic bond/);
    refuse('*CC', /wildcard/);
    refuse('C1CC.C1', /across a '\.'/);
    refuse('O=N(=O)C1=CC=CC=C1', /N\) makes 5 bonds, more than its SELFIES capacity 3/); // nitro without charges
    refuse('O=Cl(=O)[O-]', /Cl\) makes 5 bonds/); // chlorate
    refuse('C[S-](C)C', /S-1\) makes 3 bonds.*capacity 1/);
    refuse('[CH5]C', /\(C\) has 5 H, more than its SELFIES capacity 4/);
    refuse('[CH3:1]C', /atom class/);
    refuse('F[C@TH1](Cl)Br', /chirality class/);
    refuse('C$C', /quadruple/);
    refuse('C1CC', /unclosed ring/);
    refuse('C(C', /unclosed '\('/);
    refuse('', /no atoms/);
  });

  it('keeps tetrahedral stereo when ring-closure digits come in another order', () => {
    const cases = [
      '[C@@H]12CCC2CCNC1', // selfies 2.0.0 changelog
      'C[C@@]21CCC1C(F)CC2',
      'F[C@@]12CCC[C@H]2CCC1',
      'F[C@]21CCC[C@@H]2CCC1',
      'O[C@]1(F)CC[C@H](Cl)CC1',
      '[C@@]1(F)(Cl)CCC(O)C1',
      'CC1(C)[C@@H]2CC[C@@]1(C)C(=O)C2', // camphor
    ];
    for (const smiles of cases) {
      const want = canon(smiles);
      expect(want, smiles).toMatch(/@/);
      expect(canon(decode(encode(smiles))), smiles).toBe(want);
    }
    expect(encode('[C@@H]12CCC2CCNC1')).toBe('[C@H1][C][C][C][Ring1][Ring2][C][C][N][C][Ring1][Branch2]'); // @@ -> @
  });

  it('keeps double-bond stereo on ring-closure bonds', () => {
    for (const smiles of ['C1CCCCC/C=C/1', 'C1CCCCC/C=C\\1', 'F/C=C1\\CCCCC1/C=C/F', 'C/1=C/CCCCCC1']) {
      expect(canon(decode(encode(smiles))), smiles).toBe(canon(smiles));
    }
  });
});

describe('RDKit side', () => {
  it('kekulizes with RDKit before encoding', () => {
    expect(kekuleSmiles(rdkit, 'c1ccccc1')).toBe('C1=CC=CC=C1');
    expect(kekuleSmiles(rdkit, 'Cc1ccc2[nH]ccc2c1')).toBe('CC1=CC=C2NC=CC2=C1');
    expect(kekuleSmiles(rdkit, 'not a molecule')).toBeNull();
    expect(encodeMolecule(rdkit, 'c1ccccc1')).toBe('[C][=C][C][=C][C][=C][Ring1][=Branch1]');
    expect(() => encodeMolecule(rdkit, 'C1CC')).toThrow(InvalidSmilesError);
    const s = 'C[C@@H]1CC(Nc2cncc(-c3nncn3C)c2)C[C@@H](C)C1';
    expect(canon(decode(encodeMolecule(rdkit, s)))).toBe(canon(s));
  });
});
