// countDescriptors (weights, atom / bond / ring counts) against RDKit.js's own get_descriptors(), on the first
// 2000 ZINC molecules and on hand-picked cases for the rules that counts.ts special-cases.
import { describe, expect, it } from 'vitest';
import { countDescriptors } from '../../../../../src/domain/chem/descriptors/counts';
import { disagreements as against, ours, zincSmiles } from './against-rdkit';

const NAMES = [
  'exactmw', 'amw', 'lipinskiHBA', 'lipinskiHBD', 'NumRotatableBonds', 'NumHBD', 'NumHBA', 'NumHeavyAtoms',
  'NumAtoms', 'NumHeteroatoms', 'NumAmideBonds', 'NumRings', 'NumAromaticRings', 'NumAliphaticRings',
  'NumSaturatedRings', 'NumHeterocycles', 'NumAromaticHeterocycles', 'NumSaturatedHeterocycles',
  'NumAliphaticHeterocycles', 'NumSpiroAtoms', 'NumBridgeheadAtoms',
];

const disagreements = (smiles: string) => against(countDescriptors, NAMES, smiles);

describe('countDescriptors agrees with RDKit.js get_descriptors()', () => {
  it('on the first 2000 ZINC molecules', () => {
    expect(zincSmiles().flatMap(disagreements)).toEqual([]);
  });

  const cases: Record<string, string[]> = {
    // Strict rotatable bonds: CF3 / CCl3 / CBr3 / tBu ends, amide-like C(=X)-N/O/S bonds, triple bonds,
    // biaryls, ring-linking bonds, a hydrazide's N-N (both ends amide-like, so not rotatable).
    rotatable: [
      'CCC(F)(F)F', 'CCC(Cl)(Cl)Cl', 'CCC(Br)(Br)Br', 'CC(C)(C)c1ccccc1', 'CC(=O)NCC', 'CCOC(=O)NCC', 'CC(=O)OCC',
      'CCSC(=O)CC', 'CSC(=S)NC', 'CCC(=[NH2+])NC', 'CN=C(N)NC', 'CCC#CCC', 'CCC#N', 'c1ccccc1-c1ccccc1',
      'Cc1cccc(C)c1-c1c(C)cccc1', 'C1CCCCC1C1CCCCC1', 'CC(=O)NNC(=O)C', 'CC(=O)N(C)C(=O)CC', 'OC(=O)c1ccccc1',
    ],
    // Donors / acceptors: charged N, O, S; aromatic n with and without H or a third neighbour; acids, amides,
    // lactams, nitro, N-oxides, sulfonamides, phosphates, thiols.
    hbondAndCharges: [
      'Cn1cccc1', 'Cn1ccnc1', 'c1cc[nH]c1', 'c1ccncc1', 'O=c1cccc[nH]1', '[O-][n+]1ccccc1', 'c1ccoc1', 'c1ccsc1',
      'CC(=O)O', 'CC(=O)[O-]', 'C[NH3+]', 'C[NH2+]C', 'C[NH+](C)C', 'C[N+](C)(C)C', 'C[N+](=O)[O-]', 'CC(=O)NC',
      'O=C1CCCN1', 'CS(=O)(=O)NC', 'COP(=O)(O)OC', 'CS', 'C[S-]', 'C[O+](C)C', 'C[S+](C)C', 'C[N-]S(C)(=O)=O',
      '[CH2-]C#N', 'C[CH-]C(=O)C', 'C[P+](C)(C)C', 'C[PH+](C)C', 'N=C(N)N', 'CC=NO', 'c1ccc2[nH]ccc2c1', 'Oc1ccccc1',
    ],
    amides: ['NC(=O)N', 'CC(=O)NC(=O)C', 'O=C1NC(=O)CC1', 'CC(=O)N1CCCC1', 'NC=O'],
    // Ring families: aromatic / aliphatic / saturated, hetero, fused, spiro and bridged systems, cages.
    rings: [
      'c1ccc2ccccc2c1', 'C1CCC2CCCCC2C1', 'C1CCC2(CC1)CCCC2', 'C1CC2(C1)CC21CC1', 'C1CC2CCC1C2', 'C1C2CC3CC1CC(C2)C3',
      'C12C3C4C1C5C2C3C45', 'O1CCOCC1', 'C1=CCNCC1', 'c1ccc2c(c1)CCN2', 'C1CC12CC2', 'C1CCCCCCCCCCC1', 'c1cc2cccc3ccc(c1)c23',
    ],
    stereo: ['C[C@H](N)C(=O)O', 'C/C=C/C(=O)N[C@@H](C)c1ccccc1'],
    // Radicals (RDKit adds them to under-valent atoms, as in some QM9 entries): no descriptor here reads them.
    radicals: ['[CH]C#C[NH3+]', 'CC1=C[NH+]C(=O)C([NH-])N1', 'C[CH2]', 'C[O]'],
  };
  for (const [name, smiles] of Object.entries(cases)) {
    it(`on hand-picked cases: ${name}`, () => {
      expect(smiles.flatMap(disagreements)).toEqual([]);
    });
  }

  it('returns null for what it does not reproduce (isotopes, other elements)', () => {
    for (const s of ['[2H]C([2H])([2H])Oc1ccccc1', '[13CH4]', 'C[Si](C)(C)C', 'CB(O)O']) {
      expect(ours(countDescriptors, s), s).toBeNull();
    }
  });
});
