// Fixed design targets of the crystal domains (like the molecule targets T1–T4): property boxes a guided run asks
// for. `hit_rate_data` is the share of the test split's rows inside the box (from its labels), the baseline a
// guided generator must beat (issue 23's bar: 3× the data's rate, or ≥ 0.5).
//
// Chosen from the test splits' label distributions (the numbers: docs/evaluation-crystal.md):
//  - Perov-5 "stable": heat_ref ≤ 0.5 (about 7 % of the test rows; heat_ref is CDVAE's property, eV per the
//    CMR ABX3 database).
//  - Perov-5 "gap": direct band gap 0.5–4 eV (about 2.5 %: 96 % of Perov-5 rows have a zero gap, so no gap window
//    reaches 5 %; this is the "perovskite with a band-gap window" of the E2E).
//  - Carbon-24 "low_energy": energy per atom ≤ −154.46 eV/atom (about 10 %).
//  - Carbon-24 "dense": density 3.45–3.6 g/cm³ (diamond-like and denser; about 16 %).
import type { Structure } from '../crystal/structure';
import { density } from '../crystal/composition';
import { numElements } from '../crystal/composition';

export interface PropertyBox {
  key: string;
  min: number;
  max: number;
}

export interface CrystalTarget {
  label: string;
  boxes: readonly PropertyBox[];
}

export type CrystalDomain = 'crystal-perov5' | 'crystal-carbon24';

export const CRYSTAL_TARGETS: Record<CrystalDomain, Record<string, CrystalTarget>> = {
  'crystal-perov5': {
    stable: { label: 'heat of formation ≤ 0.5', boxes: [{ key: 'heat_ref', min: -5, max: 0.5 }] },
    gap: { label: 'direct band gap 0.5–4 eV', boxes: [{ key: 'dir_gap', min: 0.5, max: 4 }] },
  },
  'crystal-carbon24': {
    low_energy: { label: 'energy ≤ −154.46 eV/atom', boxes: [{ key: 'energy_per_atom', min: -160, max: -154.46 }] },
    dense: { label: 'density 3.45–3.6 g/cm³', boxes: [{ key: 'density', min: 3.45, max: 3.6 }] },
  },
};

/** Properties computed exactly from a structure (the rest need labels or a predictor). */
export const EXACT_PROPERTIES: Record<string, (s: Structure) => number> = {
  density,
  n_elements: (s) => numElements(s.species),
  n_atoms: (s) => s.species.length,
};

export const inBoxes = (values: Readonly<Record<string, number>>, boxes: readonly PropertyBox[]): boolean =>
  boxes.every((b) => {
    const v = values[b.key];
    return v !== undefined && Number.isFinite(v) && v >= b.min && v <= b.max;
  });

/** Share of labelled rows inside every box of the target; rows missing a label count as outside. */
export function hitRateData(rows: readonly Readonly<Record<string, number>>[], target: CrystalTarget): number {
  return rows.length ? rows.filter((r) => inBoxes(r, target.boxes)).length / rows.length : NaN;
}

/** Whether a target's boxes are all exact properties (then a set of CIFs can be scored without a predictor). */
export const isExactTarget = (t: CrystalTarget) => t.boxes.every((b) => b.key in EXACT_PROPERTIES);

/** A structure's exact properties. */
export function exactProperties(s: Structure): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, f] of Object.entries(EXACT_PROPERTIES)) out[k] = f(s);
  return out;
}
