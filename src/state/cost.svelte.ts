// What a run cost: wall time, FLOPs from the model cards, and energy/CO2e under assumptions the user can
// see and change (kept in this browser). Estimates, labelled as such on screen.
import { COST_DEFAULTS, estimateCost, type Cost } from '../domain/energy/cost';
import type { Run } from './db-types';
import type { Cards } from './cards.svelte';
import { readRun } from './run-settings';

const KEY = 'lodestone:cost-assumptions';

/**
 * FLOPs a run spent, by its generator's contract (meta.flops) from the candidates it kept and the samples it
 * checked; a scoring run, or one whose settings cannot be read, counts its models once per molecule.
 */
export function runFlops(run: Pick<Run, 'settings' | 'counts' | 'kind'> & { modelIds?: string[] }, flopsOf: (id: string) => number): number {
  const kept = run.counts.candidates;
  const r = readRun(run);
  if (!r.ok) return kept * (run.modelIds ?? []).reduce((a, id) => a + flopsOf(id), 0);
  return r.meta.flops(r.settings, { kept, checked: kept + run.counts.invalid + run.counts.duplicates }, flopsOf);
}

export class CostModel {
  devicePowerW = $state<number>(COST_DEFAULTS.devicePowerW);
  gridGramsPerKWh = $state<number>(COST_DEFAULTS.gridGramsPerKWh);
  readonly cards: Cards;

  constructor(cards: Cards) {
    this.cards = cards;
    try {
      const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null') as { devicePowerW?: number; gridGramsPerKWh?: number } | null;
      if (saved && Number.isFinite(saved.devicePowerW) && saved.devicePowerW! > 0) this.devicePowerW = saved.devicePowerW!;
      if (saved && Number.isFinite(saved.gridGramsPerKWh) && saved.gridGramsPerKWh! >= 0) this.gridGramsPerKWh = saved.gridGramsPerKWh!;
    } catch {
      // unreadable saved assumptions: keep the defaults
    }
  }

  get problem(): string | null {
    if (!(this.devicePowerW > 0 && this.devicePowerW <= 1000)) return 'device power: above 0 W, at most 1000 W';
    if (!(this.gridGramsPerKWh >= 0 && this.gridGramsPerKWh <= 2000)) return 'grid intensity: 0 to 2000 g/kWh';
    return null;
  }

  save(): void {
    if (!this.problem) localStorage.setItem(KEY, JSON.stringify({ devicePowerW: this.devicePowerW, gridGramsPerKWh: this.gridGramsPerKWh }));
  }

  reset(): void {
    this.devicePowerW = COST_DEFAULTS.devicePowerW;
    this.gridGramsPerKWh = COST_DEFAULTS.gridGramsPerKWh;
    this.save();
  }

  /** Cost of `seconds` of compute that did `flops`; null while the assumptions are invalid. */
  estimate(seconds: number, flops: number): Cost | null {
    if (this.problem || !(seconds >= 0)) return null;
    return estimateCost({ seconds, flops, devicePowerW: this.devicePowerW, gridGramsPerKWh: this.gridGramsPerKWh });
  }

  /**
   * What the brute-force alternative would have cost for the molecules this run kept: GFN2-xTB on each, one core
   * per molecule at the measured median (scripts/xtb_cost.py), at the same device power. Null for crystals (no
   * measured DFT alternative here) and without the measurement.
   */
  bruteForce(run: Run): { seconds: number; cost: Cost } | null {
    const bf = this.cards.bruteForce;
    const r = readRun(run);
    const kind = r.ok ? r.meta.domain : null;
    if (!bf || kind !== 'drug-like' || !run.counts.candidates) return null;
    const seconds = run.counts.candidates * bf.seconds_per_molecule.median;
    const cost = this.estimate(seconds, 0);
    return cost ? { seconds, cost } : null;
  }

  ofRun(run: Run): Cost | null {
    const wall = run.timings.wallMs ?? (run.finishedAt ? run.finishedAt - run.startedAt : 0);
    return this.estimate(wall / 1000, runFlops(run, (id) => this.cards.flops(id)));
  }
}
