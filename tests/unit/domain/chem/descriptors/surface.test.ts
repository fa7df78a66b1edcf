// surfaceDescriptors (tpsa, labuteASA) against RDKit.js's own get_descriptors(), on the first 2000 ZINC
// molecules and on hand-picked cases for each of surface.ts's TPSA rules and Labute radii / bond types.
import { describe, expect, it } from 'vitest';
import { readMolGraph } from '../../../../../src/domain/chem/graph';
import { surfaceDescriptors } from '../../../../../src/domain/chem/descriptors/surface';
import { disagreements as against, disagreementsOf, ours, rdkit, zincSmiles } from './against-rdkit';

const NAMES = ['labuteASA', 'tpsa'];

const disagreements = (smiles: string) => against(surfaceDescriptors, NAMES, smiles);

describe('surfaceDescriptors agrees with RDKit.js get_descriptors()', () => {
  it('on the first 2000 ZINC molecules', () => {
    expect(zincSmiles().flatMap(disagreements)).toEqual([]);
  });

  const cases: Record<string, string[]> = {
    // Nitrogen, one heavy neighbour: nitrile, imine NH, amine NH2, iminium NH2+, ammonium NH3+; isocyanide /
    // azide ends, which fall to the generic estimate.
    nitrogenTerminal: ['CC#N', 'CC=N', 'CCN', 'CC=[NH2+]', 'C[NH3+]', '[C-]#[N+]C', 'CN=[N+]=[N-]', 'C[NH-]', 'N', '[NH4+]'],
    // Two heavy neighbours: imine, C=N=C-like, NH in and out of a 3-ring, nitrilium, iminium NH+, NH2+,
    // aromatic n, [nH], [nH+], [n-].
    nitrogenTwo: [
      'CN=CC', 'C=[N+]=[N-]', 'C1CN1', 'CNC', 'C#[N+]C', 'CC=[NH+]C', 'C[NH2+]C', 'c1ccncc1', 'c1cc[nH]c1', 'c1cc[nH+]cc1',
      'c1cc[n-]n1', 'CN=C=O', 'C[N-]C',
    ],
    // Three heavy neighbours: tertiary amine in and out of a 3-ring, nitro, N+ with a double bond, NH+,
    // aromatic n with three aromatic bonds or one single, n+ variants; four: quaternary N+. (RDKit.js writes
    // pentavalent N as charge-separated, so the neutral N(=O)=O rules are not reachable from SMILES.)
    nitrogenThree: [
      'CN1CC1', 'CN(C)C', 'C[N+](=O)[O-]', 'C=[N+](C)C', 'C[NH+](C)C', 'c1ccc2ncccc2c1', 'c1ccn2cccc2c1',
      'Cn1cccc1', 'c1cc[n+]2ccccc2c1', 'C[n+]1ccccc1', '[O-][n+]1ccccc1', 'C[N+](C)(C)C', 'C[N+]1(C)CC1',
    ],
    // Oxygen: carbonyl, hydroxyl, alkoxide, ether in and out of a 3-ring, furan o, oxonium, water, hydroxide,
    // a carbonyl oxygen cation.
    oxygen: ['CC=O', 'CO', 'C[O-]', 'C1CO1', 'COC', 'c1ccoc1', 'C[O+](C)C', 'O', '[OH-]', 'C=[O+]C', '[O-][N+](=O)c1ccccc1', 'c1cc[o+]cc1'],
    // S and P carry no TPSA by RDKit's default; Labute radii and bond types for the generator's elements
    // (single / double / triple / aromatic) and a few more tabulated elements.
    labute: [
      'CS(=O)(=O)C', 'COP(=O)(O)OC', 'C[S-]', 'C[S+](C)C', 'C[P+](C)(C)C', 'C[PH+](C)C', 'c1ccsc1', 'FC(Cl)(Br)I', 'C#CC=C',
      'C[CH-]C', '[CH2-]C#N', 'B(C)(C)C', '[SiH4]', '[SeH2]', 'C[As](C)C', 'C[Te]C', 'C', 'C.C', '[H][H]',
    ],
    stereo: ['C[C@H](N)C(=O)O', 'C/C=C/C(=O)N[C@@H](C)c1ccccc1'],
  };
  for (const [name, smiles] of Object.entries(cases)) {
    it(`on hand-picked cases: ${name}`, () => {
      expect(smiles.flatMap(disagreements)).toEqual([]);
    });
  }

  it('with explicit H atoms kept in the graph (they count as hydrogens in TPSA, as atoms in Labute ASA)', () => {
    const smiles = ['[H]OC', '[H]N([H])C', '[H]c1ccccc1', '[2H]OC', '[H]N1CC1'];
    const out = smiles.flatMap((s) => {
      const mol = rdkit.get_mol(s, JSON.stringify({ removeHs: false }));
      if (mol === null) throw new Error(`RDKit.js could not parse ${s}`);
      try {
        expect(readMolGraph(mol.get_json()).z).toContain(1);
        return disagreementsOf(surfaceDescriptors, NAMES, mol, s);
      } finally {
        mol.delete();
      }
    });
    expect(out).toEqual([]);
  });

  it('returns null for an element without a tabulated radius', () => {
    for (const s of ['[Na+].[Cl-]', 'C[Ge](C)(C)C', 'C[Sn](C)(C)C']) {
      expect(ours(surfaceDescriptors, s), s).toBeNull();
    }
  });
});
