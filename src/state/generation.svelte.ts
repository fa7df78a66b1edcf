// Generating: the design panel's values as editable state for whichever generator is chosen, checked as they are
// typed by the generator's own settings contract (the same validate() the worker runs), one run per request
// stored batch by batch, cancellable; a newer request cancels the older one.
import { isAbort, type Progress } from '../bridge/worker-bridge';
import { generateOnPool } from '../bridge/generate';
import type { Compute } from './compute.svelte';
import type { Projects } from './projects.svelte';
import type { NewCandidate } from './db-types';
import { targetProperties, valuesOf, type DesignExample, type DomainSpec, type ItemKind } from '../contract/domain';
import { SettingsError, type BaseSettings, type BatchReport, type GeneratorMeta } from '../contract/generator';
import { DOMAINS, domainOf, generatorMeta } from '../domains/registry';
import { StructureIndex } from '../domain/crystal/structure-index';
import { readCif } from '../domain/crystal/cif';

export interface TargetField {
  key: string;
  label: string;
  on: boolean;
  min: number;
  max: number;
  /** The range the model knows (training data), for the inputs' bounds. */
  lo: number;
  hi: number;
}

/** The domain's target properties as panel rows, with the boxes it offers first; none ticked. */
export function targetFields(domain: DomainSpec): TargetField[] {
  return targetProperties(domain).map((p) => ({ key: p.key, label: p.label, on: false, min: p.target!.min, max: p.target!.max, lo: p.range[0], hi: p.range[1] }));
}

export function toCandidate(c: BatchReport['candidates'][number], index: number, kind: ItemKind = 'molecule'): NewCandidate {
  return { index, kind, repr: c.repr, props: { ...c.props }, predicted: { ...c.predicted }, novel: c.novel, ...(c.tags ? { tags: { ...c.tags } } : {}) };
}

/** Adds the crystal to the run's index unless a structure already there matches it (an unreadable CIF is kept). */
function firstOf(index: StructureIndex, cif: string): boolean {
  let p;
  try {
    p = index.matcher.prepare(readCif(cif));
  } catch {
    return true;
  }
  if (index.find(p)) return false;
  index.add(p);
  return true;
}

const START_KEYS = new Set(['targets', 'start', 'formula', 'batchSize']);

export class Generation {
  generatorId = $state(DOMAINS[0].generators[0].id);
  /** The generator's settings as typed in the panel, by field key (targets and start separately). */
  values = $state<Record<string, unknown>>({});
  targets = $state<TargetField[]>([]);
  startSmiles = $state('');
  startStrength = $state(0.5);
  /** The models' verdict on a start molecule (RDKit and the encoder's vocabulary), for the generator and SMILES it was asked of. */
  startCheck = $state<{ generatorId: string; smiles: string; problem: string | null } | null>(null);
  /** Structure prediction (generators that start from a formula): the composition typed, e.g. "SrTiO3". */
  formula = $state('');
  progress = $state.raw<Progress | null>(null);
  error = $state<string | null>(null);
  summary = $state<string | null>(null);
  #controller: AbortController | null = null;
  readonly compute: Compute;
  readonly projects: Projects;

  constructor(compute: Compute, projects: Projects) {
    this.compute = compute;
    this.projects = projects;
    this.choose(this.generatorId);
  }

  get meta(): GeneratorMeta {
    return generatorMeta(this.generatorId);
  }

  get domain(): DomainSpec {
    return domainOf(this.meta.domain);
  }

  /** Which of the domain's curated examples the panel shows (the first on arrival). */
  exampleIndex = $state(0);

  /** Switch generator: its defaults, and its domain's first example as the targets (a working start). */
  choose(id: string): void {
    const meta = generatorMeta(id);
    this.generatorId = id;
    this.values = Object.fromEntries(Object.entries(meta.defaults()).filter(([k]) => !START_KEYS.has(k)));
    this.startSmiles = '';
    this.formula = '';
    this.#useExample(0);
    this.prepare();
  }

  /**
   * Every worker loads what this generator's default run needs while the visitor reads the page (a failure here
   * is reported by Generate, which tries again); then the depiction worker loads RDKit for the first rows' drawings.
   */
  prepare(): void {
    // ?prepare=off loads nothing before Generate (the bench measures what preparing buys)
    if (new URLSearchParams(globalThis.location?.search ?? '').get('prepare') === 'off') return;
    const id = this.generatorId;
    let settings: BaseSettings;
    try {
      settings = this.settings();
    } catch {
      return;
    }
    const molecules = this.domain.kind === 'molecule';
    void (async () => {
      await Promise.allSettled(this.compute.pool.map((w) => w.call((api) => api.prepare(id, settings))));
      if (molecules) await this.compute.depiction.call((api) => api.rdkitVersion());
    })().catch(() => {});
  }

  #useExample(i: number): void {
    const examples = this.domain.examples;
    this.exampleIndex = examples.length ? i % examples.length : 0;
    const boxes = examples[this.exampleIndex]?.targets ?? [];
    this.targets = targetFields(this.domain).map((t) => {
      const want = boxes.find((b) => b.key === t.key);
      return want ? { ...t, on: true, min: want.min, max: want.max } : t;
    });
  }

  /** The example on show, with its one line on why someone would want it. */
  get example(): DesignExample | null {
    return this.domain.examples[this.exampleIndex] ?? null;
  }

  /** The next curated example (a different target each time), with the generator's default settings. */
  nextExample(): DesignExample | null {
    this.values = Object.fromEntries(Object.entries(this.meta.defaults()).filter(([k]) => !START_KEYS.has(k)));
    this.startSmiles = '';
    this.formula = '';
    this.#useExample(this.exampleIndex + 1);
    return this.example;
  }

  /** The panel's values as the settings object the contract reads. */
  raw(): Record<string, unknown> {
    const start = this.startSmiles.trim();
    return {
      ...this.values,
      targets: this.targets.filter((t) => t.on).map(({ key, min, max }) => ({ key, min, max })),
      ...(start && this.meta.start === 'molecule' ? { start: { smiles: start, strength: this.startStrength } } : {}),
      ...(this.formula.trim() && this.meta.start === 'formula' ? { formula: this.formula.trim() } : {}),
    };
  }

  /** Problems with the settings as typed, by field; an empty object means they can run. */
  get problems(): Record<string, string> {
    const c = this.startCheck;
    const start: Record<string, string> = c?.problem && c.generatorId === this.generatorId && c.smiles === this.startSmiles.trim() ? { start: c.problem } : {};
    try {
      this.meta.normalise(this.raw());
      return start;
    } catch (e) {
      if (e instanceof SettingsError) return { ...start, ...e.problems };
      return { ...start, settings: e instanceof Error ? e.message : String(e) };
    }
  }

  /**
   * Asks a chemistry worker whether the models can start from the molecule typed (RDKit must read it, the encoder
   * must know its tokens), so a bad SMILES is named under its field, not found by a failed run. The answer is kept
   * for that SMILES; one for a SMILES since replaced is dropped. Null when there is nothing to check or it is fine.
   */
  async checkStart(): Promise<string | null> {
    const smiles = this.startSmiles.trim();
    const generatorId = this.generatorId;
    if (!smiles || this.meta.start !== 'molecule') return null;
    const c = this.startCheck;
    if (c && c.generatorId === generatorId && c.smiles === smiles) return c.problem;
    let settings: BaseSettings;
    try {
      settings = this.settings();
    } catch {
      return null; // the field shows what normalise() says first
    }
    const problem = await this.compute.chem.call((api) => api.check(generatorId, settings));
    if (this.startSmiles.trim() === smiles && this.generatorId === generatorId) this.startCheck = { generatorId, smiles, problem };
    return problem;
  }

  /** The settings a run stores and sends: normalised, so every value that depends on others is written down. */
  settings(): BaseSettings {
    return this.meta.normalise(this.raw());
  }

  /**
   * Puts a stored run's (or a run file's) settings back in the panel, so the run can be repeated exactly. They
   * pass the generator's normalise() first: settings it cannot read change nothing and throw a SettingsError.
   */
  apply(settings: Record<string, unknown>): void {
    const meta = generatorMeta(settings.generator ?? this.generatorId);
    const { generator: _, ...rest } = settings;
    const s = meta.normalise(rest) as BaseSettings & { start?: { smiles: string; strength: number }; formula?: string };
    this.generatorId = meta.id;
    this.values = Object.fromEntries(Object.entries(s).filter(([k]) => !START_KEYS.has(k)));
    this.targets = targetFields(domainOf(meta.domain)).map((t) => {
      const want = s.targets.find((x) => x.key === t.key);
      return want ? { ...t, on: true, min: want.min, max: want.max } : t;
    });
    this.startSmiles = s.start?.smiles ?? '';
    if (s.start) this.startStrength = s.start.strength;
    this.formula = s.formula ?? '';
  }

  get running(): boolean {
    return this.progress !== null;
  }

  async generate(): Promise<void> {
    // the models' check of a start molecule joins the problems, so one the models cannot read stops here, before a
    // run is stored (a check that cannot be made, say a model that will not load, lets the run fail with that reason)
    await this.checkStart().catch(() => null);
    const problems = Object.entries(this.problems);
    if (problems.length) {
      this.error = `Fix the settings first: ${problems.map(([k, v]) => `${k}: ${v}`).join('; ')}`;
      return;
    }
    const generatorId = this.generatorId;
    const meta = this.meta;
    this.#controller?.abort();
    const ctl = new AbortController();
    this.#controller = ctl;
    this.error = null;
    this.summary = null;
    const settings = this.settings();
    const db = this.projects.db;
    let project, run;
    try {
      project = await this.projects.ensure();
      run = await db.createRun({ projectId: project.id, kind: 'generate', modelIds: meta.modelsUsed(settings), settings: { generator: generatorId, ...settings } });
    } catch (e) {
      // read-only (another tab writes) or a full disk: nothing started, say why
      this.error = e instanceof Error ? e.message : String(e);
      if (this.#controller === ctl) this.#controller = null;
      return;
    }
    await this.projects.refreshRuns();
    // A newer request came while this one was being stored (two quick clicks): it owns the table now.
    if (ctl.signal.aborted) {
      await db.updateRun(run.id, { status: 'cancelled', finishedAt: Date.now() }).catch(() => {});
      await this.projects.refreshRuns();
      return;
    }
    this.projects.openRunId = run.id;
    this.projects.candidates = [];
    this.progress = { done: 0, total: settings.count };
    let stored = 0;
    let hits = 0;
    // Each worker drops its own duplicates; crystals that two workers both made are caught here, by the matcher
    // (molecules by their canonical SMILES, in the pool).
    const crystals = this.domain.kind === 'crystal' ? new StructureIndex() : null;
    let crossDuplicates = 0;
    let crossNovel = 0;
    const boxes = (settings.targets ?? []).slice();
    const domain = this.domain;
    const t0 = performance.now();
    try {
      const onBatch = async (b: BatchReport) => {
        if (ctl.signal.aborted) return;
        const fresh = crystals ? b.candidates.filter((c) => firstOf(crystals, c.repr)) : b.candidates;
        crossDuplicates += b.candidates.length - fresh.length;
        crossNovel += b.candidates.filter((c) => c.novel && !fresh.includes(c)).length;
        const cands = fresh.map((c, i) => toCandidate(c, stored + i, domain.kind));
        for (const c of fresh) {
          const v = valuesOf(domain, c);
          if (boxes.length && boxes.every((t) => { const x = v[t.key]; return x !== null && x >= t.min && x <= t.max; })) hits++;
        }
        const updated = await db.addCandidates(run.id, cands, { invalid: b.invalid, duplicates: b.duplicates + b.candidates.length - fresh.length });
        stored += cands.length;
        // the run list counts as the rows arrive, not only when the run is done
        this.projects.runs = this.projects.runs.map((r) => (r.id === run.id ? updated : r));
        if (this.projects.openRunId === run.id)
          this.projects.candidates = [...this.projects.candidates, ...cands.map((c) => ({ ...c, runId: run.id, projectId: project.id }))];
      };
      const out = await generateOnPool(this.compute.pool, generatorId, settings, {
        signal: ctl.signal,
        onProgress: (p) => (this.progress = p),
        onBatch,
      });
      this.compute.setBackend(out.backendInfo);
      const wallMs = performance.now() - t0;
      await db.updateRun(run.id, {
        status: 'done',
        finishedAt: Date.now(),
        backend: out.backendInfo.backend,
        timings: { wallMs, ...Object.fromEntries(Object.entries(out.ms).filter(([k]) => k !== 'total').map(([k, v]) => [`${k}Ms`, v])) },
      });
      const unique = out.unique - crossDuplicates;
      const duplicates = out.duplicates + crossDuplicates;
      const novel = out.novel - crossNovel;
      const inBox = boxes.length ? `${hits.toLocaleString('en')} of ${unique.toLocaleString('en')} in the target box (${unique ? Math.round((100 * hits) / unique) : 0} %). ` : '';
      const redone = out.retries ? ` A worker stopped during the run; its part was done again (${out.retries}×).` : '';
      const items = domain.kind === 'crystal' ? (settings as { formula?: string }).formula ? `structures of ${(settings as { formula?: string }).formula}` : 'crystals' : 'molecules';
      this.summary = `${inBox}${unique} new ${items} from ${out.sampled} samples (${out.invalid} invalid, ${duplicates} duplicates${out.unsure ? `; ${out.unsure} more ${domain.kind === 'crystal' ? 'set aside for lacking a required element' : 'decodes set aside as unsure'}` : ''}, ${novel} not in the training set) in ${(wallMs / 1000).toFixed(1)} s: ${Math.round(unique / (wallMs / 1000))} per second.${redone}`;
    } catch (e) {
      const cancelled = isAbort(e);
      if (!cancelled) this.error = e instanceof Error ? e.message : String(e);
      try {
        await db.updateRun(run.id, { status: cancelled ? 'cancelled' : 'failed', finishedAt: Date.now(), error: cancelled ? undefined : (this.error ?? undefined) });
      } catch (e2) {
        // A full disk can refuse even this small write: say so; the next start marks the run interrupted.
        this.error = `${this.error ?? 'Cancelled'}; the run could not be marked ${cancelled ? 'cancelled' : 'failed'}: ${e2 instanceof Error ? e2.message : String(e2)}`;
      }
      if (cancelled) this.summary = `Cancelled: ${stored} ${domain.kind === 'crystal' ? 'crystals' : 'molecules'} kept.`;
    } finally {
      if (this.#controller === ctl) {
        this.#controller = null;
        this.progress = null;
      }
      await this.projects.refreshRuns();
    }
  }

  cancel(): void {
    this.#controller?.abort();
  }
}
