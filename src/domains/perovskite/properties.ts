// Perov-5's properties as the studio shows them. The three CMR labels are predicted (the crystal-perov5-predictor
// ensemble, with a σ) and conditioned on by the generator; density, the space group and charge neutrality are
// computed exactly from the structure (src/domain/crystal). Ranges are the training data's.
import type { PropertySpec } from '../../contract/domain';

export const PROPERTIES: readonly PropertySpec[] = [
  {
    key: 'heat_ref', label: 'ΔH', unit: 'eV', digits: 2, range: [-0.3, 4.4], source: 'predicted', direction: 'min',
    title: 'Heat of formation (CMR ABX3 "heat_ref"; CDVAE states no unit, CMR uses eV): lower is more stable against the elements.',
    target: { min: -0.3, max: 0.5 },
  },
  {
    key: 'dir_gap', label: 'Eg', unit: 'eV', digits: 2, range: [0, 7.3], source: 'predicted', direction: 'none',
    title: 'Band gap, direct (CMR, GLLB-SC): 1.5–3 eV absorbs visible light, as water-splitting photocatalysts need.',
    target: { min: 1.5, max: 3 },
  },
  {
    key: 'ind_gap', label: 'Eg ind.', unit: 'eV', digits: 2, range: [0, 6.6], source: 'predicted', direction: 'none',
    title: 'Band gap, indirect (CMR, GLLB-SC); most Perov-5 crystals are metals (gap 0).',
    target: { min: 1.5, max: 3 },
  },
  { key: 'density', label: 'ρ', unit: 'g/cm³', digits: 2, range: [1.3, 12], source: 'exact', direction: 'none', title: 'Mass density of the cell.' },
  { key: 'spacegroup', label: 'SG number', digits: 0, range: [1, 230], source: 'exact', direction: 'none', integer: true, column: false, title: 'Space-group number (moyo at 0.1 Å: generated cells are a few hundredths of an Å off their ideal positions).' },
  {
    key: 'neutral', label: 'neutral', digits: 0, range: [0, 1], source: 'exact', direction: 'none', integer: true,
    title: 'Charge neutral with common oxidation states and electronegativity order (SMACT): 1 yes, 0 no.',
  },
];
