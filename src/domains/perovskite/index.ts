// Perovskites (Perov-5, CDVAE's split of the CMR ABX3 database): five-atom cubic-derived cells of 56 elements,
// with heat of formation and band gaps. The generator is the crystal-flow family (src/domains/crystal-flow.ts);
// the predictor ensemble gives the three CMR labels with a σ.
import type { DomainSpec, PredictorSpec } from '../../contract/domain';
import { crystalFlowMeta } from '../crystal-flow';
import { PROPERTIES } from './properties';

/** The training data's elements, in the models' order (models/crystal/prepare.py sorts them by atomic number). */
export const PEROV5_VOCAB = [
  'Li', 'Be', 'B', 'N', 'O', 'F', 'Na', 'Mg', 'Al', 'Si', 'S', 'K', 'Ca', 'Sc', 'Ti', 'V', 'Cr', 'Mn', 'Fe', 'Co', 'Ni', 'Cu', 'Zn', 'Ga',
  'Ge', 'As', 'Rb', 'Sr', 'Y', 'Zr', 'Nb', 'Mo', 'Ru', 'Rh', 'Pd', 'Ag', 'Cd', 'In', 'Sn', 'Sb', 'Te', 'Cs', 'Ba', 'La', 'Hf', 'Ta', 'W',
  'Re', 'Os', 'Ir', 'Pt', 'Au', 'Hg', 'Tl', 'Pb', 'Bi',
] as const;

const MODELS = { student: 'crystal-perov5-student', teacher: 'crystal-perov5-denoiser', predictor: 'crystal-perov5-predictor' };

export const PREDICTORS: readonly PredictorSpec[] = [
  { model: MODELS.predictor, featuriser: 'crystal-niggli-cell', properties: ['heat_ref', 'dir_gap', 'ind_gap'] },
];

export const crystalPerov5 = crystalFlowMeta({
  id: 'crystal-perov5',
  domain: 'perovskite',
  label: 'Flow matching over lattice, positions and species (Perov-5)',
  properties: PROPERTIES,
  vocab: PEROV5_VOCAB,
  maxAtoms: 5,
  models: MODELS,
  trainSet: 'crystal-perov5-train.bin',
  guidanceDefault: 2,
  rankBy: 'heat_ref',
  formulaExamples: ['SrTiO3', 'BaTiO3', 'KNbO3', 'LaAlO3'],
});

export const perovskite: DomainSpec = {
  id: 'perovskite',
  kind: 'crystal',
  label: 'Perovskites (Perov-5)',
  blurb: 'ABX3 perovskites of 56 elements in five-atom cells, with heat of formation and band gaps from the CMR database.',
  representation: 'cif',
  identity: 'structure-matcher',
  properties: PROPERTIES,
  predictors: PREDICTORS,
  generators: [crystalPerov5],
  formats: [
    { id: 'cif', label: 'CIF', extensions: ['cif'], import: true, export: true },
    { id: 'poscar', label: 'POSCAR', extensions: ['vasp', 'poscar'], import: true, export: true },
    { id: 'extxyz', label: 'extended XYZ', extensions: ['xyz', 'extxyz'], import: false, export: true },
  ],
  stats: 'crystal-perov5-stats.json',
  labels: [
    { key: 'formula', label: 'formula', title: 'Reduced formula (pymatgen order: by electronegativity)' },
    { key: 'symbol', label: 'space group', title: 'Hermann–Mauguin symbol (moyo, 0.1 Å tolerance)' },
  ],
  examples: [
    { label: 'Visible-light absorbers', why: 'Direct gap 1.5–3 eV: absorbs sunlight, as photocatalysts for water splitting need; about 1 % of Perov-5 is there.', targets: [{ key: 'dir_gap', min: 1.5, max: 3 }] },
    { label: 'Stable perovskites', why: 'Heat of formation ≤ 0.5 eV: the most stable 7 % of the data.', targets: [{ key: 'heat_ref', min: -0.3, max: 0.5 }] },
    { label: 'Stable semiconductors', why: 'Heat of formation ≤ 1 eV and a direct gap of 1–3 eV: both at once, rare in the data.', targets: [{ key: 'heat_ref', min: -0.3, max: 1 }, { key: 'dir_gap', min: 1, max: 3 }] },
  ],
};
