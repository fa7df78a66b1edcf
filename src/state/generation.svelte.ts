// Generating molecules: settings as editable state (validated as typed), one run per request stored batch
// by batch, cancellable; a newer request cancels the older one.
import { isAbort, type Progress } from '../bridge/worker-bridge';
import { generateOnPool } from '../bridge/generate';
import type { Compute } from './compute.svelte';
import type { Projects } from './projects.svelte';
import type { NewCandidate } from './db-types';
import type { BatchReport, GenerateSettings, PropKey, SamplerId } from '../inference/mol-generator/generate';
import { AIM_DEFAULT, CONFIDENT_DEFAULT, GUIDANCE_DEFAULT, MAX_SCREEN, MIN_CONFIDENT, MIN_PICK, NOISE_DEFAULT, PICK_DEFAULT, SCREEN_DEFAULT, TEMPERATURE_DEFAULT, defaultCondition } from '../inference/mol-generator/defaults';

export interface TargetField {
  key: PropKey;
  label: string;
  on: boolean;
  min: number;
  max: number;
  /** The range the model knows (training data), for the inputs' bounds. */
  lo: number;
  hi: number;
}

export const TARGET_FIELDS: readonly Omit<TargetField, 'on'>[] = [
  { key: 'logp', label: 'logP', min: 2, max: 3, lo: -4, hi: 8 },
  { key: 'qed', label: 'QED', min: 0.8, max: 1, lo: 0, hi: 1 },
  { key: 'sa', label: 'SA*', min: 1, max: 3, lo: 1, hi: 10 },
  { key: 'mw', label: 'MW', min: 250, max: 350, lo: 100, hi: 600 },
  { key: 'tpsa', label: 'TPSA', min: 60, max: 90, lo: 0, hi: 200 },
];

export const SAMPLER_LABELS: Record<SamplerId, string> = {
  'student-k1': 'fastest (1 step)',
  'student-k2': 'fast (2 steps)',
  'student-k4': 'balanced (4 steps)',
  teacher: 'best (teacher, 200 steps × 2)',
};

/** Network evaluations per sample: the teacher's guided steps evaluate the denoiser twice. */
export const SAMPLER_NFE: Record<SamplerId, number> = { 'student-k1': 1, 'student-k2': 2, 'student-k4': 4, teacher: 400 };

export function toCandidate(c: BatchReport['candidates'][number], index: number): NewCandidate {
  return { index, smiles: c.smiles, props: { ...c.props }, predicted: { sa: c.predicted.sa }, novel: c.novel };
}

export class Generation {
  generatorId = $state('mol-zinc');
  targets = $state<TargetField[]>(TARGET_FIELDS.map((t) => ({ ...t, on: t.key === 'logp' || t.key === 'qed' })));
  sampler = $state<SamplerId>('student-k4');
  guidance = $state(GUIDANCE_DEFAULT);
  count = $state(1000);
  seed = $state(42);
  temperature = $state(TEMPERATURE_DEFAULT); // decoder temperature, 0 = greedy (npm run eval --temperature)
  noise = $state(NOISE_DEFAULT); // the prior's starting-noise scale (npm run eval --noise): fidelity for a little diversity
  aim = $state(AIM_DEFAULT); // fraction of each target box the condition keeps clear at either end (npm run eval --aim)
  screen = $state(SCREEN_DEFAULT); // with targets, latents drawn per latent decoded (npm run eval --screen)
  confident = $state(CONFIDENT_DEFAULT); // fraction of decodes kept, the decoder's surest (npm run eval --confident)
  pick = $state(PICK_DEFAULT); // fraction of latents decoded, those the confidence head predicts surest (npm run eval --pick)
  /** null: the default (defaultCondition: 'data' without targets or start molecule); a repeated run keeps its own. */
  condition = $state<'data' | 'box' | null>(null);
  startSmiles = $state('');
  startStrength = $state(0.5);
  progress = $state.raw<Progress | null>(null);
  error = $state<string | null>(null);
  summary = $state<string | null>(null);
  #controller: AbortController | null = null;
  readonly compute: Compute;
  readonly projects: Projects;

  constructor(compute: Compute, projects: Projects) {
    this.compute = compute;
    this.projects = projects;
  }

  /** Problems with the settings as typed, by field; an empty object means they can run. */
  get problems(): Record<string, string> {
    const p: Record<string, string> = {};
    for (const t of this.targets) {
      if (!t.on) continue;
      if (!Number.isFinite(t.min) || !Number.isFinite(t.max)) p[t.key] = 'both ends must be numbers';
      else if (t.min > t.max) p[t.key] = `min ${t.min} is above max ${t.max}: no molecule can be in this box`;
      else if (t.max < t.lo || t.min > t.hi) p[t.key] = `outside what the model knows (${t.lo} to ${t.hi})`;
    }
    if (!Number.isInteger(this.count) || this.count < 1 || this.count > 100_000) p.count = 'a whole number from 1 to 100,000';
    if (!Number.isInteger(this.seed)) p.seed = 'a whole number';
    if (!(this.guidance >= 0 && this.guidance <= 8)) p.guidance = 'between 0 and 8';
    if (!(this.temperature >= 0 && this.temperature <= 2)) p.temperature = 'from 0 (greedy) to 2';
    if (!(this.noise > 0 && this.noise <= 1.5)) p.noise = 'above 0, at most 1.5';
    if (!(this.aim >= 0 && this.aim < 0.5)) p.aim = 'from 0 (the whole box) to below 0.5';
    if (!(Number.isInteger(this.screen) && this.screen >= 1 && this.screen <= MAX_SCREEN)) p.screen = `a whole number from 1 (none screened) to ${MAX_SCREEN}`;
    if (!(this.confident >= MIN_CONFIDENT && this.confident <= 1)) p.confident = `from ${MIN_CONFIDENT} to 1 (1 keeps every decode)`;
    if (!(this.pick >= MIN_PICK && this.pick <= 1)) p.pick = `from ${MIN_PICK} to 1 (1 decodes every latent)`;
    if (this.startSmiles.trim() && !(this.startStrength > 0 && this.startStrength <= 1)) p.start = 'strength above 0, at most 1';
    return p;
  }

  settings(): GenerateSettings {
    const start = this.startSmiles.trim();
    const targets = this.targets.filter((t) => t.on).map(({ key, min, max }) => ({ key, min, max }));
    const startAt = start ? { start: { smiles: start, strength: this.startStrength } } : {};
    return {
      count: this.count,
      seed: this.seed,
      sampler: this.sampler,
      guidance: this.guidance,
      temperature: this.temperature,
      noise: this.noise,
      aim: this.aim,
      screen: this.screen,
      confident: this.confident,
      pick: this.pick,
      // recorded explicitly, so the run repeats the same way whatever the default becomes
      condition: this.condition ?? defaultCondition({ targets, ...startAt }),
      targets,
      ...startAt,
    };
  }

  get running(): boolean {
    return this.progress !== null;
  }

  /** A working example for a first visit: drug-like and orally plausible (logP 2–3, QED ≥ 0.8). */
  example(): void {
    for (const t of this.targets) {
      t.on = t.key === 'logp' || t.key === 'qed';
      if (t.key === 'logp') [t.min, t.max] = [2, 3];
      if (t.key === 'qed') [t.min, t.max] = [0.8, 1];
    }
    this.sampler = 'student-k4';
    this.guidance = GUIDANCE_DEFAULT;
    this.count = 1000;
  }

  /** Puts a stored run's (or a run file's) settings back in the panel, so the run can be repeated exactly. */
  apply(settings: Record<string, unknown>): void {
    const s = settings as Partial<GenerateSettings> & { generator?: string };
    if (typeof s.generator === 'string') this.generatorId = s.generator;
    if (s.sampler && s.sampler in SAMPLER_LABELS) this.sampler = s.sampler;
    if (typeof s.guidance === 'number') this.guidance = s.guidance;
    if (typeof s.count === 'number') this.count = s.count;
    if (typeof s.seed === 'number') this.seed = s.seed;
    if (typeof s.temperature === 'number') this.temperature = s.temperature;
    this.noise = typeof s.noise === 'number' ? s.noise : 1; // runs saved before the setting existed used 1
    this.aim = typeof s.aim === 'number' ? s.aim : 0; // and the whole box
    this.screen = typeof s.screen === 'number' ? s.screen : 1; // and screened nothing
    this.confident = typeof s.confident === 'number' ? s.confident : 1; // and kept every decode
    this.pick = typeof s.pick === 'number' ? s.pick : 1; // and decoded every latent
    this.condition = s.condition === 'data' || s.condition === 'box' ? s.condition : 'box'; // and box conditions
    this.startSmiles = s.start?.smiles ?? '';
    if (typeof s.start?.strength === 'number') this.startStrength = s.start.strength;
    const targets = Array.isArray(s.targets) ? s.targets : [];
    for (const t of this.targets) {
      const want = targets.find((x) => x.key === t.key);
      t.on = !!want;
      if (want) [t.min, t.max] = [want.min, want.max];
    }
  }

  async generate(generatorId = this.generatorId): Promise<void> {
    const problems = Object.entries(this.problems);
    if (problems.length) {
      this.error = `Fix the settings first: ${problems.map(([k, v]) => `${k}: ${v}`).join('; ')}`;
      return;
    }
    this.#controller?.abort();
    const ctl = new AbortController();
    this.#controller = ctl;
    this.error = null;
    this.summary = null;
    const settings = this.settings();
    const db = this.projects.db;
    const project = await this.projects.ensure();
    const run = await db.createRun({ projectId: project.id, kind: 'generate', modelIds: [generatorId, settings.sampler], settings: { generator: generatorId, ...settings } });
    await this.projects.refreshRuns();
    this.projects.openRunId = run.id;
    this.projects.candidates = [];
    this.progress = { done: 0, total: settings.count };
    let stored = 0;
    const t0 = performance.now();
    try {
      const onBatch = async (b: BatchReport) => {
        if (ctl.signal.aborted) return;
        const cands = b.candidates.map((c, i) => toCandidate(c, stored + i));
        await db.addCandidates(run.id, cands, { invalid: b.invalid, duplicates: b.duplicates });
        stored += cands.length;
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
        timings: { wallMs, samplerMs: out.ms.sampler, decoderMs: out.ms.decoder, chemistryMs: out.ms.chemistry, saMs: out.ms.sa },
      });
      this.summary = `${out.unique} new molecules from ${out.sampled} samples (${out.invalid} invalid, ${out.duplicates} duplicates${out.unsure ? `; ${out.unsure} more decodes set aside as unsure` : ''}, ${out.novel} not in the training set) in ${(wallMs / 1000).toFixed(1)} s: ${Math.round(out.unique / (wallMs / 1000))} per second`;
    } catch (e) {
      const cancelled = isAbort(e);
      if (!cancelled) this.error = e instanceof Error ? e.message : String(e);
      await db.updateRun(run.id, { status: cancelled ? 'cancelled' : 'failed', finishedAt: Date.now(), error: cancelled ? undefined : (this.error ?? undefined) });
      if (cancelled) this.summary = `Cancelled: ${stored} molecules kept.`;
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
