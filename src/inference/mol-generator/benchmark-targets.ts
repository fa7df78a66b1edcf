// The fixed design targets every mol-zinc evaluation reports (issue: drug-like generator). Bounds are
// inclusive; an open side is closed at the property's natural limit (QED ≤ 1, SA ≥ 1).
import type { Target } from '../../contract/generator';

export const MOL_ZINC_TARGETS: Readonly<Record<string, { label: string; box: Target[] }>> = {
  T1: { label: 'logP in [2, 3] and QED ≥ 0.8', box: [{ key: 'logp', min: 2, max: 3 }, { key: 'qed', min: 0.8, max: 1 }] },
  T2: { label: 'logP in [4, 5] and SA ≤ 3', box: [{ key: 'logp', min: 4, max: 5 }, { key: 'sa', min: 1, max: 3 }] },
  T3: { label: 'MW in [250, 350] and TPSA in [60, 90]', box: [{ key: 'mw', min: 250, max: 350 }, { key: 'tpsa', min: 60, max: 90 }] },
  T4: { label: 'QED ≥ 0.9', box: [{ key: 'qed', min: 0.9, max: 1 }] },
};
