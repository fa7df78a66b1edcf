// Multi-objective view of the candidates on screen: the user's objectives (maximise / minimise / hit a
// value per property), each candidate's Pareto rank, the front's hypervolume against a stated reference
// point, and the training set's front for comparison. Ranks are recomputed when the candidates settle
// (not on every streamed batch: at 100,000 rows a ranking takes a noticeable fraction of a second).
import { defaultReference, hypervolume, objectiveValues, paretoRanks, type Objective } from '../domain/pareto';
import { candidateKey } from './selection.svelte';
import type { Candidate } from './db-types';
import type { TrainingStats } from './cards.svelte';
import { objectiveProperties, type DomainSpec, type PropertySpec } from '../contract/domain';
import { DOMAINS } from '../domains/registry';

/** A property's label as plots and menus show it: predicted ones marked with an asterisk. */
export const labelOf = (domain: Pick<DomainSpec, 'properties'>, key: string): string => {
  const p = domain.properties.find((x) => x.key === key);
  return p ? `${p.label}${p.source === 'predicted' ? '*' : ''}` : key;
};

/** A candidate's properties with the predicted ones (SA) as their mean: what objectives and plots read. */
export function propsOf(c: Candidate): Record<string, number | null> {
  const out: Record<string, number | null> = { ...c.props };
  for (const [k, v] of Object.entries(c.predicted ?? {})) out[k] = v.mean;
  return out;
}

export interface ParetoResult {
  ranks: Map<string, number>;
  /** Minimised coordinates of the front, reference point and hypervolume, over all objectives. */
  front: number[][];
  reference: number[] | null;
  hypervolume: number | null;
  trainingFront: Record<string, number>[];
  trainingHypervolume: number | null;
}

export function computePareto(candidates: readonly Candidate[], objectives: readonly Objective[], stats: TrainingStats | null): ParetoResult {
  const keys: string[] = [];
  const points: number[][] = [];
  for (const c of candidates) {
    if (!c.repr) continue;
    const v = objectiveValues(propsOf(c), objectives);
    if (v) {
      keys.push(candidateKey(c));
      points.push(v);
    }
  }
  const ranks = new Map<string, number>();
  const r = points.length ? paretoRanks(points) : new Int32Array();
  keys.forEach((k, i) => ranks.set(k, r[i]));
  const front = points.filter((_, i) => r[i] === 1);

  const { trainingFront, trainFrontPts } = trainingFrontOf(stats, objectives);

  // One reference for both fronts, so their hypervolumes compare.
  const all = [...front, ...trainFrontPts];
  const reference = all.length && objectives.length >= 2 && objectives.length <= 3 ? defaultReference(all) : null;
  return {
    ranks,
    front,
    reference,
    hypervolume: reference && front.length ? hypervolume(front, reference) : null,
    trainingFront,
    trainingHypervolume: reference && trainFrontPts.length ? hypervolume(trainFrontPts, reference) : null,
  };
}

// The training sample's front depends only on the objectives: computed once per objective set, not again
// with every candidate update.
const trainingFronts = new WeakMap<TrainingStats, Map<string, { trainingFront: Record<string, number>[]; trainFrontPts: number[][] }>>();

function trainingFrontOf(stats: TrainingStats | null, objectives: readonly Objective[]) {
  if (!stats) return { trainingFront: [], trainFrontPts: [] };
  const cache = trainingFronts.get(stats) ?? new Map();
  trainingFronts.set(stats, cache);
  const key = JSON.stringify(objectives);
  let hit = cache.get(key);
  if (!hit) {
    const rows = stats.sample.rows.map((row) => Object.fromEntries(stats.props.map((k, j) => [k, row[j]])));
    const points = rows.map((row) => objectiveValues(row, objectives));
    const valid = rows.filter((_, i) => points[i]);
    const tp = points.filter((p): p is number[] => p !== null);
    const tr = tp.length ? paretoRanks(tp) : new Int32Array();
    hit = { trainingFront: valid.filter((_, i) => tr[i] === 1), trainFrontPts: tp.filter((_, i) => tr[i] === 1) };
    cache.set(key, hit);
  }
  return hit;
}

/** A minimised coordinate back in the property's units (for a 'target' objective, the side above it). */
export function fromMinimised(v: number, o: Objective): number {
  return o.sense === 'max' ? -v : o.sense === 'min' ? v : (o.target ?? 0) + v;
}

/** The first two properties with a natural direction, in it: a front that means something before the user picks. */
export function defaultObjectives(domain: Pick<DomainSpec, 'properties'>): Objective[] {
  const directed = domain.properties.filter((p) => p.direction !== 'none');
  const rest = objectiveProperties(domain).filter((p) => !directed.includes(p));
  return [...directed, ...rest].slice(0, 2).map((p) => ({ key: p.key, sense: p.direction === 'min' ? 'min' : 'max' }));
}

export class Analysis {
  domain = $state.raw<DomainSpec>(DOMAINS[0]);
  objectives = $state<Objective[]>(defaultObjectives(DOMAINS[0]));

  /** The properties objectives can be set on. */
  get properties(): PropertySpec[] {
    return objectiveProperties(this.domain);
  }

  /** Another domain: its own properties and default objectives. */
  setDomain(domain: DomainSpec): void {
    if (domain === this.domain) return;
    this.domain = domain;
    this.objectives = defaultObjectives(domain);
  }

  get problem(): string | null {
    const n = this.objectives.length;
    if (n < 2 || n > 3) return 'choose 2 or 3 objectives';
    const keys = new Set(this.objectives.map((o) => o.key));
    if (keys.size !== n) return 'each property at most once';
    const bad = this.objectives.find((o) => o.sense === 'target' && !Number.isFinite(o.target));
    if (bad) return `${labelOf(this.domain, bad.key)}: the value to hit must be a number`;
    return null;
  }

  add(): void {
    const free = this.properties.find((p) => !this.objectives.some((o) => o.key === p.key));
    if (free && this.objectives.length < 3) this.objectives.push({ key: free.key, sense: free.direction === 'min' ? 'min' : 'max' });
  }

  remove(i: number): void {
    this.objectives.splice(i, 1);
  }
}
