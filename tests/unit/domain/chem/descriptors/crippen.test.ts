// crippenDescriptors (CrippenClogP, CrippenMR) against RDKit.js's own get_descriptors(), on the first 2000
// ZINC molecules and on hand-picked cases for the rows of RDKit's Crippen table that crippen.ts decides.
import { describe, expect, it } from 'vitest';
import { crippenDescriptors } from '../../../../../src/domain/chem/descriptors/crippen';
import { disagreements as against, ours, zincSmiles } from './against-rdkit';

const NAMES = ['CrippenClogP', 'CrippenMR'];

const disagreements = (smiles: string) => against(crippenDescriptors, NAMES, smiles);

describe('crippenDescriptors agrees with RDKit.js get_descriptors()', () => {
  it('on the first 2000 ZINC molecules', () => {
    expect(zincSmiles().flatMap(disagreements)).toEqual([]);
  });

  const cases: Record<string, string[]> = {
    // C1-C12, C26, C27, CS: alkyl carbons by H count and C / hetero / aromatic neighbours; C=X, C=C, C#X,
    // allenes, ketene, CO2, vinyl on an aromatic ring, exocyclic C= on a ring, C on Si / Se / B.
    aliphaticCarbon: [
      'C', 'CC', 'CC(C)C', 'CC(C)(C)C', 'CO', 'CCO', 'CC(C)O', 'CC(C)(C)O', 'C(F)(F)F', 'C(Cl)(Cl)(Cl)Cl', 'CC=O',
      'C=CC', 'CC(C)=C(C)C', 'C=C=C', 'C=C=O', 'O=C=O', 'CC#N', 'C#C', 'Cc1ccccc1', 'Cc1ccncc1', 'Cn1ccnc1',
      'CCc1ccccc1', 'CC(C)c1ccccc1', 'CC(C)(C)c1ccccc1', 'C=Cc1ccccc1', 'C=C(C)c1ccccc1', 'C=C(c1ccccc1)c1ccccc1',
      'C=C1C=CC(=C)C=C1', 'C[Si](C)(C)C', 'C[Se]C', 'CB(O)O', 'C[CH2-]', '[CH3-]', '[CH]C#C[CH]',
    ],
    // C13-C25, CS: aromatic carbons on P / Se / Si / B, halogens, ring fusions, biaryls, -C -N -O -S, =O.
    aromaticCarbon: [
      'c1ccccc1P(c1ccccc1)c1ccccc1', 'c1ccccc1[Se]C', 'c1ccccc1[Si](C)(C)C', 'OB(O)c1ccccc1', 'Fc1ccccc1',
      'Clc1ccccc1Br', 'Ic1ccccc1', 'c1ccc2ccccc2c1', 'c1ccccc1-c1ccccc1', 'Nc1ccccc1', 'Oc1ccccc1', 'Sc1ccccc1',
      'COc1ccccc1', 'O=c1cccc[nH]1', 'O=c1ccc(=O)cc1', 'Cc1ccc(C(=O)O)cc1', 'c1ccc2[nH]ccc2c1',
    ],
    // N1-N14, NS: amines by H count and neighbours, imines, nitriles, aromatic n neutral / cationic / anionic,
    // ammonium ions, iminium, nitro, azides, diazo, isonitrile, amide anions, N-oxides.
    nitrogen: [
      'CN', 'CNC', 'CN(C)C', 'Nc1ccccc1', 'CNc1ccccc1', 'CN(C)c1ccccc1', 'c1ccc(N(c2ccccc2)c2ccccc2)cc1', 'CC=N',
      'CC=NC', 'CC#N', 'c1ccncc1', 'c1cc[nH]c1', 'C[n+]1ccccc1', '[O-][n+]1ccccc1', 'c1cc[n-]c1', 'C[NH3+]', 'C[NH2+]C',
      'C[NH+](C)C', '[NH4+]', 'C[N+](C)(C)C', 'CC=[N+](C)C', 'C[N+](=O)[O-]', 'CN=[N+]=[N-]', 'C=[N+]=[N-]',
      'C[N+]#[C-]', 'N#[N+][O-]', 'C[N-]S(C)(=O)=O', '[NH2-]', 'C[n+]1ccoc1[NH-]', 'N=C(N)N', 'NC#N',
    ],
    // O1-O12, OS: furan o, hydroxyls, ethers, aryl ethers, N-O / O-O / S=O, oxyanions, carboxylate (O12
    // before O7), carbonyls of aldehydes, ketones, aryl ketones, amides, ureas, CO2, oxonium ions.
    oxygen: [
      'c1ccoc1', 'c1cc[o+]cc1', 'CO', 'O', '[OH-]', '[OH3+]', 'COC', 'COc1ccccc1', 'c1ccccc1Oc1ccccc1', 'CON', 'COO',
      'C[N+](=O)[O-]', 'C[O-]', 'CC(=O)[O-]', 'CS(=O)(=O)[O-]', 'CS(C)=O', 'C[S+](C)[O-]', '[O-]S(=O)(=O)[O-]', 'C=O',
      'CC=O', 'CC(C)=O', 'NC=O', 'OC=O', 'O=Cc1ccccc1', 'CC(=O)c1ccccc1', 'O=C(c1ccccc1)c1ccccc1', 'O=C(c1ccccc1)c1ccncc1',
      'NC(N)=O', 'COC(=O)N', 'O=C=O', 'C[O+](C)C', 'C=[OH+]', 'O=S(=O)=O',
    ],
    // H1-H4, HS: H on C, N, S, P; on O of alcohols, phenols, water, acids (carboxylic, sulfonic, phosphoric),
    // enols, oximes, hydroperoxides; explicit (isotopic) H atoms typed like implicit ones; H2; a proton.
    hydrogen: [
      'CS', 'CP', 'OP(=O)(O)O', 'CS(=O)(=O)O', 'OC=C', 'CC(C)=NO', 'CCOO', 'OS(C)=O', 'OC#N', '[2H]C', '[2H]O',
      '[2H]OC(C)=O', '[2H]N(C)C', '[H][H]', '[H+]', 'Cl',
    ],
    // S1-S3, P, halogens, Hal, Me1, Me2, unlisted elements: charged and hypervalent S, thiophene, halide
    // ions, iodonium, alkali ions, metals.
    otherElements: [
      'CSC', 'CC=S', 'C[S-]', 'C[S+](C)C', 'CSS(C)=O', 'N=S(=O)(C)C', 'c1ccsc1', 'CP(C)C', 'C[P+](C)(C)C',
      'CP(C)(C)=O', 'S=P(C)(C)C', '[F-]', '[Cl-]', '[Br-]', '[I-]', '[I+]', '[K+].[Cl-]', '[Li+]', '[Na+]',
      '[Fe]', '[Cu+2]', '[Se]', 'O=[Cl+]', '[Xe]',
    ],
  };
  for (const [name, smiles] of Object.entries(cases)) {
    it(`on hand-picked cases: ${name}`, () => {
      expect(smiles.flatMap(disagreements)).toEqual([]);
    });
  }

  it('returns null where a Crippen row could pass RDKit\'s 1000-match SubstructMatch cap', () => {
    // 45 all-carbon quaternary centres: [C](C)(C)(C)C has 24 matches each, and RDKit's sum drops some.
    expect(ours(crippenDescriptors, `C${'C(C)(C)'.repeat(45)}C`)).toBeNull();
  });

  it('returns null for a dummy atom', () => {
    expect(ours(crippenDescriptors, '*CC')).toBeNull();
  });
});
