// The diversity–fidelity curve: one click generates a small sample at each guidance strength (and,
// optionally, each sampler) for the current target, and plots the hit rate against internal diversity,
// each point with its time and energy. Sweep samples are not stored as runs: they measure the model.
import { generateOnPool } from '../bridge/generate';
import { isAbort, type Progress } from '../bridge/worker-bridge';
import { hitRate } from '../domain/metrics/molecules';
import { valuesOf } from '../contract/domain';
import type { Compute } from './compute.svelte';
import type { CostModel } from './cost.svelte';
import type { Generation } from './generation.svelte';
import { runFlops } from './cost.svelte';

export const SWEEP_GUIDANCE = [0, 1, 2, 3, 4, 6] as const;
export const SWEEP_COUNT = 500;

export interface DifiPoint {
  /** Fraction of valid molecules inside the target box, 0..1. */
  hitRate: number;
  /** Internal diversity (mean pairwise Tanimoto distance), 0..1. */
  intdiv: number;
  /** The setting, e.g. "balanced (4 steps), guidance 3". */
  label: string;
  seconds: number;
  joules: number;
}

export interface SweepPoint extends DifiPoint {
  guidance: number;
  sampler?: string;
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

  /**
   * Settings of every point: each guidance (the sweep's and the panel's own) with the chosen sampler, or with every
   * sampler the generator offers.
   */
  plan(): { sampler?: string; guidance: number; label: string }[] {
    const field = this.generation.meta.fields.find((f) => f.key === 'sampler');
    const current = this.generation.values.sampler as string | undefined;
    const samplers = field?.options ? (this.alsoSamplers ? field.options : field.options.filter((o) => o.value === current)) : [undefined];
    const own = Number(this.generation.values.guidance);
    const guidance = [...new Set([...SWEEP_GUIDANCE, ...(Number.isFinite(own) ? [own] : [])])].sort((a, b) => a - b);
    return samplers.flatMap((o) =>
      guidance.map((g) => ({ ...(o ? { sampler: o.value } : {}), guidance: g, label: `${o ? `${o.label}, ` : ''}guidance ${g}` })),
    );
  }

  async run(): Promise<void> {
    const generatorId = this.generation.generatorId;
    const meta = this.generation.meta;
    const domain = this.generation.domain;
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
        const { label, ...changes } = p;
        const settings = meta.normalise({ ...base, ...changes, count: SWEEP_COUNT });
        const props: Record<string, number | null>[] = [];
        const smiles: string[] = [];
        const t0 = performance.now();
        const out = await generateOnPool(this.compute.pool, generatorId, settings, {
          signal: ctl.signal,
          onBatch: async (b) => {
            for (const c of b.candidates) {
              smiles.push(c.repr);
              props.push(valuesOf(domain, c));
            }
          },
        });
        const intdiv = await this.compute.chem.call((api) => api.diversity(smiles, domain.kind), { signal: ctl.signal });
        const seconds = (performance.now() - t0) / 1000;
        const flops = runFlops(
          { kind: 'generate', settings: { generator: generatorId, ...settings }, counts: { candidates: out.unique, invalid: out.invalid, duplicates: out.duplicates } },
          (id) => this.cost.cards.flops(id),
        );
        const cost = this.cost.estimate(seconds, flops);
        const point: SweepPoint = {
          ...changes,
          valid: smiles.length,
          hitRate: hitRate(props, base.targets),
          intdiv,
          label,
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
