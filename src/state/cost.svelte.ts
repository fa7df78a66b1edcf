// What a run cost: wall time, FLOPs from the model cards, and energy/CO2e under assumptions the user can
// see and change (kept in this browser). Estimates, labelled as such on screen.
import { COST_DEFAULTS, estimateCost, type Cost } from '../domain/energy/cost';
import { generatorEntry } from '../inference/registry';
import { confidentFraction, latentsPerDecode, pickFraction } from '../inference/mol-generator/defaults';
import type { Run } from './db-types';
import type { Cards } from './cards.svelte';

const KEY = 'lodestone:cost-assumptions';

/**
 * FLOPs a generation run spent: every decode through the decoder, every kept molecule through the SA model, and
 * with targets `screen` latents through the sampler and the latent property head for each decode. Runs decode
 * 1 / `confident` latents for each sample they check and do not store the unsure ones, so those are estimated
 * from the setting. With `pick` below 1 the latent confidence head sees 1 / `pick` latents (each drawn as above) per decode.
 */
export function runFlops(run: Pick<Run, 'settings' | 'counts' | 'kind'>, flopsOf: (id: string) => number): number {
  const s = run.settings as { generator?: string; sampler?: string; count?: number; screen?: number; confident?: number; pick?: number; targets?: unknown[] };
  const kept = run.counts.candidates;
  if (run.kind !== 'generate' || !s.generator) return kept * flopsOf('sa-mlp');
  const g = generatorEntry(s.generator);
  const sampler = g.samplers[s.sampler as keyof typeof g.samplers];
  const decoded = (kept + run.counts.invalid + run.counts.duplicates) / confidentFraction(s);
  const drawn = latentsPerDecode(s);
  const offered = 1 / pickFraction(s); // latents the confidence head sees per decode
  const perDraw = flopsOf(sampler) + (drawn > 1 ? flopsOf(g.screen) : 0);
  const perOffer = drawn * perDraw + (offered > 1 ? flopsOf(g.confidence) : 0);
  return decoded * (offered * perOffer + flopsOf(g.decoderInit) + flopsOf(g.decoder)) + kept * flopsOf(g.predictors.sa);
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

  ofRun(run: Run): Cost | null {
    const wall = run.timings.wallMs ?? (run.finishedAt ? run.finishedAt - run.startedAt : 0);
    return this.estimate(wall / 1000, runFlops(run, (id) => this.cards.flops(id)));
  }
}
