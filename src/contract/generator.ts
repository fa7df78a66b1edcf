// The contract of a generator family, in two halves (the squoosh "meta" idea):
// - GeneratorMeta: what the studio's state and UI need — the settings type, defaults, the one validate()
//   used by the panel, the worker, stored runs and imported files alike, normalise() for settings written by
//   earlier versions or by strangers, the models a run uses and its FLOPs. No runtime imports, so importing a
//   meta never pulls a model runtime into the page.
// - Generator: the running thing (src/inference/), one interface for the worker, `npm run eval` and the tests.

export interface Target {
  key: string;
  min: number;
  max: number;
}

/** What every family's settings have. */
export interface BaseSettings {
  count: number;
  seed: number;
  targets: Target[];
  batchSize?: number;
  /** The first batch's size; the next ones double up to batchSize, so the first rows show soon (absent: all full). */
  firstBatch?: number;
}

/** One setting as the design panel shows it; the panel is built from these, so a family ships no UI code. */
export interface FieldSpec {
  key: string;
  label: string;
  /** One plain sentence, shown behind a "?". */
  help: string;
  /** 'elements': an include/exclude picker over `options` (a crystal model's element vocabulary). */
  input: 'number' | 'range' | 'select' | 'text' | 'elements';
  min?: number;
  max?: number;
  step?: number;
  options?: readonly { value: string; label: string }[];
  /** Folded away under "Advanced". */
  advanced?: boolean;
}

export interface Prediction {
  mean: number;
  std: number;
}

/** What the samples of a run cost to make, for FLOPs: kept items and every item checked (kept, invalid, duplicates). */
export interface RunTally {
  kept: number;
  checked: number;
}

export interface GeneratorMeta<S extends BaseSettings = BaseSettings> {
  /** Stored with every run (settings.generator). */
  id: string;
  /** Which implementation runs it (src/inference/families.ts). */
  family: string;
  domain: string;
  label: string;
  fields: readonly FieldSpec[];
  /** What a run can start from, beside targets: a molecule (SMILES or a sketch) or a formula. */
  start?: 'molecule' | 'formula';
  /** Every model the family may use (the model cards page and the loader's checks list them). */
  models: readonly string[];
  /** The largest count one run may ask for. */
  maxCount: number;
  defaults(): S;
  /** Problems by setting (targets by property key); empty when the settings can run. */
  validate(s: S): Record<string, string>;
  /**
   * Settings of today's version from anything stored or imported (a run of an earlier version, a project file, a
   * run file): missing fields take the values those versions used; a field of the wrong type or out of range throws
   * a SettingsError naming it. The only way settings from outside the panel get in.
   */
  normalise(stored: unknown): S;
  /** Model ids a run with these settings uses (run files pin them; the cost counts them). */
  modelsUsed(s: S): string[];
  /**
   * How the table first orders a run with these settings, when not by arrival (structure prediction: by predicted
   * energy, the likeliest structure first); the user's own sort replaces it.
   */
  order?(s: S): { key: string; dir: 'asc' | 'desc' } | null;
  /** FLOPs of a run, from the cards' FLOPs per sample. */
  flops(s: S, tally: RunTally, flopsOf: (modelId: string) => number): number;
  /** One line for the run list, in the panel's words. */
  describe(s: S): string;
}

/** Settings that cannot run, with every problem by setting (the panel shows each beside its field). */
export class SettingsError extends Error {
  readonly problems: Record<string, string>;
  constructor(problems: Record<string, string>, where = 'settings') {
    super(Object.entries(problems).map(([k, v]) => `${k ? `${where}.${k}` : where}: ${v}`).join('; ') || `${where}: not usable`);
    this.name = 'SettingsError';
    this.problems = problems;
  }
}

/** An item a generator made: its identity (canonical SMILES, a structure hash), how it is written, its values. */
export interface Generated {
  key: string;
  repr: string;
  props: Record<string, number | null>;
  predicted: Record<string, Prediction>;
  /** Not in the generator's training set. */
  novel: boolean;
  /** Facts written as text, by DomainSpec.labels key (a crystal's formula and space group). */
  tags?: Record<string, string>;
}

export interface BatchReport {
  batch: number;
  /** This batch's new, unique, valid items. */
  candidates: Generated[];
  /** Samples checked: candidates + invalid + duplicates. */
  sampled: number;
  /** Samples set aside before checking (e.g. a decoder's least sure), on top of `sampled`. */
  unsure: number;
  invalid: number;
  duplicates: number;
  /** Milliseconds per stage, named by the family. */
  ms: Record<string, number>;
  /** Every sample's decoded form in order ('' when nothing came out), when asked for (evaluation). */
  decoded?: string[];
}

export interface RunOptions {
  /** Identities already made by this run (duplicates across batches). */
  seen?: Set<string>;
  keepDecoded?: boolean;
  /** Produce only the batches b with b % count === index, so workers share a run and the union does not depend on their number. */
  shard?: { index: number; count: number };
  signal?: AbortSignal;
}

export interface Generator<S extends BaseSettings = BaseSettings> {
  run(settings: S, opts?: RunOptions): AsyncGenerator<BatchReport>;
  /**
   * What only the models can check (a start molecule the encoder cannot read), before a run is stored: throws
   * the problem in words for the user. Absent where normalise() checks everything.
   */
  check?(settings: S): Promise<void>;
}

export const BATCH_SIZE = 500;
/** The studio's first batch: small, so a run's first rows arrive in a fraction of a second when warm. */
export const FIRST_BATCH = 50;

/**
 * The batches a run of `count` samples is cut into, numbered from 0: the first of `first` samples, each next one
 * twice the last up to `batchSize`, the last what is left. Batches are seeded by their number, so the plan is
 * part of what a run makes: settings store it (absent `first` is the flat plan of earlier versions).
 */
export function batchPlan(count: number, batchSize = BATCH_SIZE, first = batchSize): { batch: number; size: number }[] {
  const out: { batch: number; size: number }[] = [];
  let size = Math.max(1, Math.min(first, batchSize));
  for (let done = 0; done < count; size = Math.min(batchSize, size * 2)) {
    const n = Math.min(size, count - done);
    out.push({ batch: out.length, size: n });
    done += n;
  }
  return out;
}

/** The plan of a run's settings (the worker pool and every family cut a run the same way). */
export const planOf = (s: Pick<BaseSettings, 'count' | 'batchSize' | 'firstBatch'>) => batchPlan(s.count, s.batchSize ?? BATCH_SIZE, s.firstBatch ?? s.batchSize ?? BATCH_SIZE);
