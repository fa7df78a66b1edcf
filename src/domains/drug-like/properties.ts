// The drug-like domain's properties, in the order the table shows them.
import type { PropertySpec } from '../../contract/domain';

// Ranges: what the training data covers, so sliders and boxes stay where the models have seen examples.
export const PROPERTIES: readonly PropertySpec[] = [
  { key: 'logp', label: 'logP', title: 'Crippen logP: how much the molecule prefers oil to water', digits: 2, range: [-4, 8], source: 'exact', direction: 'none', target: { min: 2, max: 3 } },
  { key: 'mw', label: 'MW', unit: 'g/mol', title: 'Molecular weight', digits: 1, range: [100, 600], source: 'exact', direction: 'none', target: { min: 250, max: 350 } },
  { key: 'tpsa', label: 'TPSA', unit: 'Å²', title: 'Topological polar surface area', digits: 1, range: [0, 200], source: 'exact', direction: 'none', target: { min: 60, max: 90 } },
  { key: 'hbd', label: 'HBD', title: 'Hydrogen-bond donors', digits: 0, range: [0, 10], source: 'exact', direction: 'none', integer: true, column: 'more' },
  { key: 'hba', label: 'HBA', title: 'Hydrogen-bond acceptors', digits: 0, range: [0, 15], source: 'exact', direction: 'none', integer: true, column: 'more' },
  { key: 'rotb', label: 'RotB', title: 'Rotatable bonds', digits: 0, range: [0, 20], source: 'exact', direction: 'none', integer: true, column: 'more' },
  { key: 'qed', label: 'QED', title: 'Quantitative estimate of drug-likeness (Bickerton et al. 2012), 0 to 1', digits: 3, range: [0, 1], source: 'exact', direction: 'max', target: { min: 0.8, max: 1 } },
  { key: 'sa', label: 'SA', title: 'Synthetic accessibility (Ertl & Schuffenhauer), 1 easy to 10 hard, predicted', digits: 2, range: [1, 10], source: 'predicted', direction: 'min', target: { min: 1, max: 3 } },
];
