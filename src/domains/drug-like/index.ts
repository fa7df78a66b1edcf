// Drug-like molecules (ZINC250k): the domain as the studio sees it. Properties are RDKit.js's (QED by
// Bickerton et al. 2012, in src/domain/chem/qed.ts) except SA, which the sa-mlp ensemble predicts.
import type { DomainSpec } from '../../contract/domain';
import { molZinc } from './mol-zinc';
import { PROPERTIES } from './properties';
import { PREDICTORS } from './predictors';

export const drugLike: DomainSpec = {
  id: 'drug-like',
  kind: 'molecule',
  label: 'Drug-like molecules (ZINC250k)',
  blurb: 'Small molecules like those in ZINC250k: purchasable, drug-sized, mostly neutral organics.',
  representation: 'smiles',
  identity: 'canonical-smiles',
  properties: PROPERTIES,
  predictors: PREDICTORS,
  generators: [molZinc],
  formats: [
    { id: 'smiles', label: 'SMILES', extensions: ['smi', 'txt'], import: true, export: true },
    { id: 'csv', label: 'CSV', extensions: ['csv'], import: true, export: true },
    { id: 'sdf', label: 'SDF', extensions: ['sdf', 'sd', 'mol'], import: true, export: true },
  ],
  stats: 'mol-zinc-stats.json',
  examples: [
    { label: 'Oral drug-like', why: 'logP 2–3 and QED ≥ 0.8: lipophilic enough to be absorbed, and drug-like on every QED count.', targets: [{ key: 'logp', min: 2, max: 3 }, { key: 'qed', min: 0.8, max: 1 }] },
    { label: 'Brain-penetrant', why: 'TPSA 20–70 Å², MW 250–400, logP 2–4: small, not too polar molecules cross the blood–brain barrier more often.', targets: [{ key: 'tpsa', min: 20, max: 70 }, { key: 'mw', min: 250, max: 400 }, { key: 'logp', min: 2, max: 4 }] },
    { label: 'Fragments', why: 'MW 150–250, logP 0–3: rule-of-three fragments, the starting points of fragment-based screening.', targets: [{ key: 'mw', min: 150, max: 250 }, { key: 'logp', min: 0, max: 3 }] },
    { label: 'Easy to make', why: 'logP 4–5 with SA ≤ 3: lipophilic leads a chemist could make in a few steps.', targets: [{ key: 'logp', min: 4, max: 5 }, { key: 'sa', min: 1, max: 3 }] },
    { label: 'Polar leads', why: 'MW 250–350, TPSA 60–90 Å²: lead-sized and polar enough to stay soluble.', targets: [{ key: 'mw', min: 250, max: 350 }, { key: 'tpsa', min: 60, max: 90 }] },
    { label: 'Most drug-like', why: 'QED ≥ 0.9: the top of the drug-likeness scale, where few ZINC molecules sit.', targets: [{ key: 'qed', min: 0.9, max: 1 }] },
  ],
};
