// Two runs side by side: their settings, counts, cost, and summary statistics of their candidates
// (mean properties, novelty, hit rate in each run's own target box).
import { hitRate } from '../domain/metrics/molecules';
import { propsOf } from './analysis.svelte';
import type { Candidate, Run } from './db-types';
import type { Projects } from './projects.svelte';
import { readRun } from './run-settings';
import { targetProperties, type DomainSpec } from '../contract/domain';
import { DOMAINS } from '../domains/registry';

export interface RunSummary {
  run: Run;
  n: number;
  novel: number | null;
  hitRate: number | null;
  means: Record<string, number | null>;
}

/** A run's summary; `keys`: the properties to average (the domain's target properties). */
export function summarise(run: Run, cands: readonly Candidate[], keys: readonly string[]): RunSummary {
  const ok = cands.filter((c) => c.repr);
  const props = ok.map(propsOf);
  const means: Record<string, number | null> = {};
  for (const k of keys) {
    const v = props.map((p) => p[k]).filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
    means[k] = v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
  }
  const flagged = ok.filter((c) => c.novel !== undefined);
  const read = readRun(run);
  const targets = read.ok ? read.settings.targets : [];
  return {
    run,
    n: ok.length,
    novel: flagged.length ? flagged.filter((c) => c.novel).length / flagged.length : null,
    hitRate: targets.length && props.length ? hitRate(props, targets) : null,
    means,
  };
}

export class Compare {
  picked = $state<string[]>([]);
  domain = $state.raw<DomainSpec>(DOMAINS[0]);
  summaries = $state.raw<RunSummary[]>([]);
  readonly projects: Projects;

  constructor(projects: Projects) {
    this.projects = projects;
  }

  /** Ticks a run for comparison; at most two, the oldest pick drops out. */
  toggle(id: string): void {
    this.picked = this.picked.includes(id) ? this.picked.filter((x) => x !== id) : [...this.picked, id].slice(-2);
    void this.refresh();
  }

  async refresh(): Promise<void> {
    const ids = this.picked.slice();
    const out: RunSummary[] = [];
    for (const id of ids) {
      const run = this.projects.runs.find((r) => r.id === id);
      if (run) out.push(summarise(run, await this.projects.db.getCandidates(id), targetProperties(this.domain).map((p) => p.key)));
    }
    if (ids.join() === this.picked.join()) this.summaries = out; // latest request wins
  }
}
