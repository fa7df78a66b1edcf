// Drug-like molecules (ZINC250k): the domain as the studio sees it. Properties are RDKit.js's (QED by
// Bickerton et al. 2012, in src/domain/chem/qed.ts) except SA, which the sa-mlp ensemble predicts.
import type { DomainSpec } from '../../contract/domain';
import { molZinc } from './mol-zinc';
import { PROPERTIES } from './properties';

export const drugLike: DomainSpec = {
  id: 'drug-like',
  kind: 'molecule',
  label: 'Drug-like molecules (ZINC250k)',
  blurb: 'Small molecules like those in ZINC250k: purchasable, drug-sized, mostly neutral organics.',
  representation: 'smiles',
  identity: 'canonical-smiles',
  properties: PROPERTIES,
  predictors: [{ model: 'sa-mlp', featuriser: 'morgan2-2048+rdkit43', properties: ['sa'] }],
  generators: [molZinc],
  formats: [
    { id: 'smiles', label: 'SMILES', extensions: ['smi', 'txt'], import: true, export: true },
    { id: 'csv', label: 'CSV', extensions: ['csv'], import: true, export: true },
    { id: 'sdf', label: 'SDF', extensions: ['sdf', 'sd', 'mol'], import: true, export: true },
  ],
  stats: 'mol-zinc-stats.json',
};
