// stereoDescriptors (NumAtomStereoCenters, NumUnspecifiedAtomStereoCenters) against RDKit.js's own
// get_descriptors(), on the first 2000 ZINC molecules and on hand-picked cases for each rule of stereo.ts:
// RDKit's legacy perception (legal centre + distinct neighbour CIP ranks), its element exceptions, the
// 3-ring / bridgehead nitrogen with its no-conjugation test, and ranks refined by R/S and E/Z labels.
import { describe, expect, it } from 'vitest';
import { readMolGraph } from '../../../../../src/domain/chem/graph';
import { stereoDescriptors } from '../../../../../src/domain/chem/descriptors/stereo';
import { disagreements as against, rdkit, zincSmiles } from './against-rdkit';

const NAMES = ['NumAtomStereoCenters', 'NumUnspecifiedAtomStereoCenters'];

const disagreements = (smiles: string) => against(stereoDescriptors, NAMES, smiles);

describe('stereoDescriptors agrees with RDKit.js get_descriptors()', () => {
  it('on the first 2000 ZINC molecules', () => {
    expect(zincSmiles().flatMap(disagreements)).toEqual([]);
  });

  const cases: Record<string, string[]> = {
    // Carbon centres, specified or not; no ranks at all when nothing could be stereo.
    carbon: ['CC(F)Cl', 'C[C@H](F)Cl', 'CC(C)C', 'CCC(C)(C)C', 'CCO', 'c1ccccc1', 'CC(F)C(C)(F)C(C)F', 'C[CH-]CC'],
    // Ring stereo never counts in the legacy perception: ring neighbours share a rank.
    rings: ['CC1CCC(C)CC1', 'C[C@H]1CC[C@@H](C)CC1', 'OC1CCC1', 'C[C@@H]1C[C@H](O)C[C@@H](C)C1', 'OC1CC2CCC1C2'],
    // Later passes re-rank with R/S and E/Z labels: pseudo-asymmetric centres between labelled ones.
    rerank: [
      'C[C@H](O)C(O)[C@@H](C)O', 'C[C@H](O)C(O)[C@H](C)O', 'CC(O)C(O)C(C)O', 'C/C=C/C(O)/C=C\\C', 'C/C=C/C(O)/C=C/C',
      'C[C@H](F)[C@@H](C)C[C@H](C)[C@@H](C)F',
    ],
    // Charged and hetero centres: ammonium with H, quaternary N, sulfoxide, sulfonium (also aromatic), P, Se.
    hetero: [
      'C[NH+](CC)CCC', 'CC[N@@H+](C)CCC', 'C[NH+](C)C', 'CC[N@+](C)(CC)CCC', 'C[N+](C)(CC)CCC', 'CS(=O)CC',
      'C[S@](=O)CC', 'C[S+]([O-])CC', 'CS(=O)(=O)CC', 'CS(=O)(=N)CC', 'C[S+](CC)CCC', 'C[S+](CC)CC',
      'C[s+]1cccc1', 'C[s+]1ccc2ccccc21', 'c1ccc2c(c1)[S+](C)c1ccccc1-2', 'CP(=O)(O)CC', 'CP(C)(=O)CC',
      'C[PH](=O)CC', 'CC[P@](C)c1ccccc1', 'CPC', 'CP', 'C[PH3+]', 'C[Se](=O)CC', 'C[Se+](CC)CCC',
    ],
    // Three-coordinate N: only in a 3-ring or at a bridgehead, and only when no bond is conjugated.
    nitrogen: [
      'CN1CC1C', 'C[N@@]1CC1C', 'CC1CN1C=O', 'CC(=O)N1CC1C', 'CC1CN1S(=O)(=O)C', 'CC1CN1N=O', 'CC1CN1C#N',
      'CC1CN1c1ccccc1', 'CC1CN1[N+](=O)[O-]', 'CC1CN1P(=O)(C)C', 'CC1CN1N(C)C', 'CC1CN1CC=C', 'CC1CN1C=C',
      'CC1CN1B(C)C', 'CC1CN1CC#N', 'CC1CN1S(C)=O', 'CN1CCC(C)CC1', 'CN1C2CCC1CC2', 'CN1C2CCC1C2', 'C1CC2CCN1C2',
      'CC1CN2CCC1CC2', 'CN1CC2CCC1C2', 'O=C1CC2CCC(C1)N2C(=O)C', 'c1ccccc1N1C2CCC1CC(O)C2',
      'C[C@@H]1C[N@@H+](C)CC[C@H]1O', 'C[n+]1ccoc1[NH-]',
    ],
  };
  for (const [name, smiles] of Object.entries(cases)) {
    it(name, () => expect(smiles.flatMap(disagreements)).toEqual([]));
  }

  it('returns null for explicit hydrogen atoms', () => {
    const mol = rdkit.get_mol('[H][C@](F)(Cl)Br', JSON.stringify({ removeHs: false }));
    if (mol === null) throw new Error('RDKit.js could not parse [H][C@](F)(Cl)Br');
    try {
      expect(stereoDescriptors(readMolGraph(mol.get_json()))).toBeNull();
    } finally {
      mol.delete();
    }
  });
});
