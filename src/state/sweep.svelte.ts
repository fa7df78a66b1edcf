// The diversity–fidelity curve: one click generates a small sample at each guidance strength (and,
// optionally, each sampler) for the current target, and plots the hit rate against internal diversity,
// each point with its time and energy. Sweep samples are not stored as runs: they measure the model.
import { generateOnPool } from '../bridge/generate';
import { isAbort, type Progress } from '../bridge/worker-bridge';
import { hitRate } from '../domain/metrics/molecules';
import type { DifiPoint } from '../ui/plots/difi-plot';
import type { SamplerId } from '../inference/mol-generator/generate';
import type { Compute } from './compute.svelte';
import type { CostModel } from './cost.svelte';
import type { Generation } from './generation.svelte';
import { runFlops } from './cost.svelte';

export const SWEEP_GUIDANCE = [0, 1, 2, 3, 4, 6] as const;
export const SWEEP_COUNT = 500;

export interface SweepPoint extends DifiPoint {
  guidance: number;
  sampler: SamplerId;
  valid: number;
}

export class Sweep {
  points = $state.raw<SweepPoint[]>([]);
  progress = $state.raw<Progress | null>(null);
  error = $state<string | null>(null);
  alsoSamplers = $state(false);
  #ctl: AbortController | null = null;
  readonly compute: Compute;
  readonly generation: Generation;
  readonly cost: CostModel;

  constructor(compute: Compute, generation: Generation, cost: CostModel) {
    this.compute = compute;
    this.generation = generation;
    this.cost = cost;
  }

  get running(): boolean {
    return this.progress !== null;
  }

  /** Settings of every point: each guidance with the chosen sampler, or with every student and the teacher. */
  plan(): { sampler: SamplerId; guidance: number }[] {
    const samplers: SamplerId[] = this.alsoSamplers ? ['student-k1', 'student-k4', 'teacher'] : [this.generation.sampler];
    return samplers.flatMap((sampler) => SWEEP_GUIDANCE.map((guidance) => ({ sampler, guidance })));
  }

  async run(generatorId = 'mol-zinc'): Promise<void> {
    this.#ctl?.abort();
    const ctl = new AbortController();
    this.#ctl = ctl;
    this.error = null;
    this.points = [];
    const base = this.generation.settings();
    if (base.targets.length === 0) {
      this.error = 'Tick at least one target property: the hit rate is measured against the target box.';
      this.#ctl = null;
      return;
    }
    const plan = this.plan();
    this.progress = { done: 0, total: plan.length };
    try {
      for (const [i, p] of plan.entries()) {
        const settings = { ...base, ...p, count: SWEEP_COUNT };
        const props: Record<string, number | null>[] = [];
        const smiles: string[] = [];
        const t0 = performance.now();
        const out = await generateOnPool(this.compute.pool, generatorId, settings, {
          signal: ctl.signal,
          onBatch: async (b) => {
            for (const c of b.candidates) {
              smiles.push(c.smiles);
              props.push({ ...c.props, sa: c.predicted.sa.mean });
            }
          },
        });
        const intdiv = await this.compute.chem.call((api) => api.diversity(smiles), { signal: ctl.signal });
        const seconds = (performance.now() - t0) / 1000;
        const flops = runFlops(
          { kind: 'generate', settings: { generator: generatorId, ...settings }, counts: { candidates: out.unique, invalid: out.invalid, duplicates: out.duplicates } },
          (id) => this.cost.cards.flops(id),
        );
        const cost = this.cost.estimate(seconds, flops);
        const nfe = p.sampler === 'teacher' ? 'teacher' : p.sampler.replace('student-k', 'k=');
        const point: SweepPoint = {
          ...p,
          valid: smiles.length,
          hitRate: hitRate(props, base.targets),
          intdiv,
          label: `${nfe}, w=${p.guidance}`,
          seconds,
          joules: cost?.joules ?? 0,
        };
        if (this.#ctl !== ctl) return;
        this.points = [...this.points, point];
        this.progress = { done: i + 1, total: plan.length };
      }
    } catch (e) {
      if (!isAbort(e) && this.#ctl === ctl) this.error = e instanceof Error ? e.message : String(e);
    } finally {
      if (this.#ctl === ctl) {
        this.#ctl = null;
        this.progress = null;
      }
    }
  }

  cancel(): void {
    this.#ctl?.abort();
  }
}
