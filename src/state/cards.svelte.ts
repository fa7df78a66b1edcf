// Every shipped model's card, fetched once: the model cards page, the compute-cost panel (FLOPs per
// sample) and run files (each card's SHA-256, so another browser can tell it has the same models) read
// them here. Also each domain's training-set statistics (by domain id) for the design panel and the plots.
import { allModels, DOMAINS } from '../domains/registry';
import type { ModelCard } from '../contract/card';
import { sha256Hex } from '../domain/io/run-file';

export interface TrainingStats {
  props: string[];
  histograms: { key: string; lo: number; hi: number; counts: number[]; mean: number }[];
  sample: { n: number; rows: number[][] };
}

/** The measured brute-force alternative (scripts/xtb_cost.py writes static/models/brute-force.json). */
export interface BruteForce {
  what: string;
  seconds_per_molecule: { median: number; mean: number };
  molecules: number;
  command: string;
}

export interface LoadedCard {
  card: ModelCard;
  sha256: string;
}

const modelBase = () => new URL('models/', document.baseURI);

export class Cards {
  byId = $state.raw<Record<string, LoadedCard>>({});
  stats = $state.raw<Record<string, TrainingStats>>({});
  bruteForce = $state.raw<BruteForce | null>(null);
  error = $state<string | null>(null);
  #loading: Promise<void> | null = null;

  load(): Promise<void> {
    this.#loading ??= this.#load();
    return this.#loading;
  }

  async #load(): Promise<void> {
    const problems: string[] = [];
    const byId: Record<string, LoadedCard> = {};
    await Promise.all(
      allModels().map(async (id) => {
        try {
          const res = await fetch(new URL(`${id}.json`, modelBase()));
          if (!res.ok) throw new Error(`HTTP ${res.status}`);
          const text = await res.text();
          byId[id] = { card: JSON.parse(text) as ModelCard, sha256: await sha256Hex(new TextEncoder().encode(text)) };
        } catch (e) {
          problems.push(`${id}: ${e instanceof Error ? e.message : String(e)}`);
        }
      }),
    );
    const stats: Record<string, TrainingStats> = {};
    await Promise.all(
      DOMAINS.filter((d) => d.stats).map(async (d) => {
        try {
          const res = await fetch(new URL(d.stats!, modelBase()));
          if (!res.ok) throw new Error(`HTTP ${res.status}`);
          stats[d.id] = (await res.json()) as TrainingStats;
        } catch (e) {
          problems.push(`${d.stats}: ${e instanceof Error ? e.message : String(e)}`);
        }
      }),
    );
    try {
      const res = await fetch(new URL('brute-force.json', modelBase()));
      if (res.ok) this.bruteForce = (await res.json()) as BruteForce;
    } catch {
      // the comparison is a courtesy: without the file the cost line shows this run's cost only
    }
    this.byId = byId;
    this.stats = stats;
    if (problems.length) this.error = `Some model files could not be read: ${problems.join('; ')}`;
  }

  flops(id: string): number {
    const f = (this.byId[id]?.card as { flops_per_sample?: unknown } | undefined)?.flops_per_sample;
    return typeof f === 'number' && Number.isFinite(f) ? f : 0;
  }
}
