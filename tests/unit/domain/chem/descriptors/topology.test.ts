// topologyDescriptors (chi, Hall–Kier alpha, kappa, Phi, FractionCSP3) against RDKit.js's own table
// (mol.get_descriptors()) on the first 2000 ZINC molecules and on hand-picked cases for the rules the
// file special-cases: hybridization (conjugation, charges, lone pairs), ring closures in the chi and
// kappa paths, and elements beyond period 2.
import { describe, expect, it } from 'vitest';
import { topologyDescriptors } from '../../../../../src/domain/chem/descriptors/topology';
import { disagreements as against, ours, zincSmiles } from './against-rdkit';

const NAMES = [
  'chi0v', 'chi1v', 'chi2v', 'chi3v', 'chi4v',
  'chi0n', 'chi1n', 'chi2n', 'chi3n', 'chi4n',
  'hallKierAlpha', 'kappa1', 'kappa2', 'kappa3', 'Phi', 'FractionCSP3',
];

const disagreements = (smiles: string) => against(topologyDescriptors, NAMES, smiles);

describe('topologyDescriptors', () => {
  it('agrees with RDKit.js on the first 2000 ZINC molecules (and gives exactly its names)', () => {
    expect(zincSmiles().flatMap(disagreements)).toEqual([]);
  });

  it('agrees on hybridization edge cases (conjugation, charges, lone pairs)', () => {
    const cases = [
      'CC(=O)Nc1ccccc1', // amide and aniline N: SP2 through a conjugated bond
      'c1ccoc1', // furan O: SP2
      'c1ccsc1', // thiophene S: aromatic bonds are conjugated
      'OC=C', // enol O
      'C=CC=O',
      'CC#N', // SP carbon and nitrogen
      'C=C=C', // allene centre: SP
      'C[N+](=O)[O-]', // nitro: SP2 N+, O- by conjugation
      'CS(C)=O', // sulfoxide S: not a conjugation candidate beyond period 2
      'CS(=O)(=O)C',
      'OP(=O)(O)O',
      'Pc1ccccc1', // Issue211: no conjugation into P
      'NC=P', // a double bond to a non-candidate (P) conjugates nothing: N stays SP3
      'OC=[S+]C',
      'c1sc(N)[s+]c1', // ring C bonded only to S: its NH2 is SP3 (RDKit 2024+; older RDKit said SP2)
      'CC(=S)N', // terminal S is a candidate
      '[S-]C',
      'C[NH+](C)C',
      'C[NH2+]C',
      'C[NH3+]',
      'C[N+](C)(C)C',
      '[N-]=[N+]=NC',
      'C[O+](C)C',
      'C[S+](C)C',
      'C[CH-]C(=O)C', // carbanion next to a carbonyl: SP2
      '[CH2-]C',
      'C[P+](C)(C)C',
      'C[PH+](C)C',
      'N#C[O-]',
      'c1cc[n-]c1',
      'c1cc[o+]cc1',
      'O=C1C=CC(=O)C=C1',
      '[CH2]C', // radicals count below an octet
      '[CH]C#C[CH]',
      'C[C@H](F)Cl',
      '[S@](C)(F)(Cl)Br', // chiral, four neighbours and a lone pair: SP3 in RDKit, SP3D by count
      'F/C=C/Br',
      'ClC(Br)I',
      '[13CH4]', // isotopes do not matter here
      'C', // no paths at all
      'C.C',
    ];
    expect(cases.flatMap(disagreements)).toEqual([]);
  });

  it('agrees on small rings (ring closures in the chi3/chi4 and kappa3 paths)', () => {
    const cases = [
      'C1CC1', // triangle: chi3 and P3 ring closure
      'C1CCC1C', // four-ring: chi4 ring closure
      'C1CC1C1CCC1',
      'C1C2CC12', // bicyclobutane: triangles sharing a bond
      'C12C3C1C23', // tetrahedrane: four-rings and triangles with tails
      'C1CC12CC2', // spiro triangles
      'CCC1CC1', // triangle with a tail: chi4 counts the junction atom twice
      'C1=CC=CC=CC=C1',
      'C1CC2CCC1C2',
      'CC1(C)C2CCC1(C)C(=O)C2',
    ];
    expect(cases.flatMap(disagreements)).toEqual([]);
  });

  it('has the textbook values for simple cases', () => {
    const benzene = ours(topologyDescriptors, 'c1ccccc1')!;
    expect(benzene.hallKierAlpha).toBeCloseTo(6 * -0.13, 12);
    expect(benzene.FractionCSP3).toBe(0);
    // Ethanol: chi0n sums (outer electrons - Hs)^-1/2: 1 + 1/sqrt(2) + 1/sqrt(5).
    const ethanol = ours(topologyDescriptors, 'CCO')!;
    expect(ethanol.chi0n).toBeCloseTo(1 + 1 / Math.sqrt(2) + 1 / Math.sqrt(5), 12);
    expect(ethanol.FractionCSP3).toBe(1);
  });

  it('returns null for elements and explicit H atoms it does not handle', () => {
    expect(ours(topologyDescriptors, '[Si](C)(C)C')).toBeNull();
    expect(ours(topologyDescriptors, '[2H]C')).toBeNull();
    expect(ours(topologyDescriptors, '[Na+].[Cl-]')).toBeNull();
  });
});
