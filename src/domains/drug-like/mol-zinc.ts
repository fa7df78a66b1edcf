// The mol-zinc generator family's settings contract: a SELFIES VAE with a latent diffusion prior (a 200-step
// teacher and students distilled to 1, 2 and 4 steps), classifier-free guidance toward target boxes, and two
// small latent heads — one screens latents toward the targets, one picks the latents the decoder will be
// surest of. The implementation is src/inference/mol-generator/; the measurements behind each default are in
// docs/experiments.md under the default's name.
import { FIRST_BATCH, type BaseSettings, type FieldSpec, type GeneratorMeta, type RunTally } from '../../contract/generator';
import { assertValid, Fields, targetProblems } from '../../contract/settings';
import { PROPERTIES } from './properties';
import { rangeText } from '../../domain/words';
import { PREDICTORS } from './predictors';

const predictorModels = PREDICTORS.map((p) => p.model);

export type SamplerId = 'student-k1' | 'student-k2' | 'student-k4' | 'teacher';
export const SAMPLERS: readonly SamplerId[] = ['student-k4', 'student-k2', 'student-k1', 'teacher'];

/** Network evaluations per sample: the teacher's guided steps evaluate the denoiser twice. */
export const SAMPLER_NFE: Record<SamplerId, number> = { 'student-k1': 1, 'student-k2': 2, 'student-k4': 4, teacher: 400 };
export const SAMPLER_LABELS: Record<SamplerId, string> = {
  'student-k1': 'fastest (1 step)',
  'student-k2': 'fast (2 steps)',
  'student-k4': 'balanced (4 steps)',
  teacher: 'best (200 steps, slow)',
};

export interface MolZincSettings extends BaseSettings {
  sampler: SamplerId;
  /** Classifier-free guidance weight: 0 unconditional, 1 conditional, above 1 pushed harder toward the targets. */
  guidance: number;
  /** Decoder temperature: 0 = greedy, each latent decodes to one molecule. */
  temperature: number;
  /** Scale of the prior's starting noise: below 1 keeps to dense latent regions (fidelity for diversity). */
  noise: number;
  /** Fraction of each target box kept clear at either end when drawing the values conditioned on. */
  aim: number;
  /**
   * 'data': each sample conditioned on every property of a training molecule (inside the target boxes when there
   * are targets); 'box': each targeted property a value from its box, the rest free; 'auto' (the panel's): 'data'
   * without targets or a start molecule, 'box' with them — normalise() writes down which, so a stored run repeats
   * the same way whatever the default becomes.
   */
  condition: 'data' | 'box' | 'auto';
  /** With targets: latents drawn per latent decoded; the latent property head keeps the likeliest hits. */
  screen: number;
  /** Fraction of decodes kept, the decoder's surest. */
  confident: number;
  /** Without targets: fraction of the prior's runs finished and decoded, those the confidence head ranks surest. */
  pick: number;
  /** Start from this molecule's latent: strength 0 stays close, 1 forgets it. */
  start?: { smiles: string; strength: number };
}

// Defaults: the studio's, the eval's and the bench's (docs/experiments.md has the sweep behind each).
export const NOISE_DEFAULT = 0.6;
export const GUIDANCE_DEFAULT = 5;
/** Greedy: each latent decodes to the one molecule whose properties the prior was conditioned on. */
export const TEMPERATURE_DEFAULT = 0;
/** Decodes scatter around the value asked for, so aiming at the middle fifth keeps more of them in the box. */
export const AIM_DEFAULT = 0.4;
export const SCREEN_DEFAULT = 6;
export const MAX_SCREEN = 16;
/** Keeping fewer decodes costs the decoder 1 / confident times the work; the pick does most of its job earlier. */
export const CONFIDENT_DEFAULT = 1;
export const MIN_CONFIDENT = 0.25;
export const PICK_DEFAULT = 0.4;
export const MIN_PICK = 0.25;
/** The runs are picked among at their first step from this time: their end estimates rank as well as the ends. */
export const PICK_TIME = 0.5;
export const MAX_COUNT = 100_000;

/** 'data' without targets or a start molecule (the data's own mixture), 'box' with them. */
export function defaultCondition(s: { targets: readonly unknown[]; start?: unknown }): 'data' | 'box' {
  return s.targets.length || s.start ? 'box' : 'data';
}

/** Latents drawn per latent decoded: the screen applies with targets only. */
export const latentsPerDecode = (s: { targets: readonly unknown[]; screen: number }): number => (s.targets.length ? s.screen : 1);

/**
 * Fraction of the prior's runs decoded: the pick applies without targets only, because with targets the screen
 * chooses the latents, and picking among them as well cost time for fewer unique hits.
 */
export const pickFraction = (s: { targets: readonly unknown[]; pick: number }): number => (s.targets.length ? 1 : s.pick);

export const MODELS = {
  encoder: 'mol-zinc-encoder',
  decoderInit: 'mol-zinc-decoder-init',
  decoder: 'mol-zinc-decoder',
  samplers: { 'student-k1': 'mol-zinc-student-k1', 'student-k2': 'mol-zinc-student-k2', 'student-k4': 'mol-zinc-student-k4', teacher: 'mol-zinc-teacher' } as Record<SamplerId, string>,
  screen: 'mol-zinc-latent-props',
  confidence: 'mol-zinc-latent-confidence',
} as const;

/** Data files beside the models: the training set's hashed canonical SMILES, and property rows to condition on. */
export const ASSETS = {
  trainSet: 'mol-zinc-train.hashes',
  conditions: { file: 'mol-zinc-conditions.f32', props: ['logp', 'qed', 'sa', 'mw', 'tpsa'] as const },
} as const;

const FIELDS: readonly FieldSpec[] = [
  {
    key: 'sampler', label: 'Speed', input: 'select',
    help: 'How many refinement steps the generator takes: the 4-step model is nearly as good as the 200-step one and 50 times faster.',
    options: SAMPLERS.map((s) => ({ value: s, label: SAMPLER_LABELS[s] })),
  },
  { key: 'guidance', label: 'Guidance', input: 'range', min: 0, max: 8, step: 0.5, help: 'How hard the generator pushes toward the target boxes: higher puts more molecules in the box, with less variety.' },
  { key: 'count', label: 'Molecules', input: 'number', min: 1, max: MAX_COUNT, step: 1, help: 'How many molecules to generate (duplicates and failures are counted, not shown).' },
  { key: 'seed', label: 'Seed', input: 'number', step: 1, help: 'The same seed with the same settings gives the same molecules, on any computer.' },
  {
    key: 'screen', label: 'Ideas per molecule', input: 'number', min: 1, max: MAX_SCREEN, step: 1, advanced: true,
    help: 'With targets: the generator drafts this many ideas for each molecule it writes, and a small model keeps the one likeliest to land in the boxes (1 = off).',
  },
  {
    key: 'pick', label: 'Drafts finished', input: 'number', min: MIN_PICK, max: 1, step: 0.05, advanced: true,
    help: 'Without targets: the share of drafts finished; a small model drops those least likely to become a clean, drug-like molecule (1 = finish all).',
  },
  {
    key: 'confident', label: 'Molecules kept', input: 'number', min: MIN_CONFIDENT, max: 1, step: 0.05, advanced: true,
    help: 'The share of written molecules kept: those the decoder wrote most confidently (1 = keep all; lower is slower).',
  },
  { key: 'noise', label: 'Spread', input: 'number', min: 0.1, max: 1.5, step: 0.1, advanced: true, help: 'How far from typical training molecules the generator wanders: lower is safer, higher more varied.' },
  { key: 'temperature', label: 'Randomness', input: 'number', min: 0, max: 2, step: 0.1, advanced: true, help: '0 writes the likeliest molecule for each idea; higher adds random variation to the writing.' },
  { key: 'aim', label: 'Aim inside boxes', input: 'number', min: 0, max: 0.45, step: 0.05, advanced: true, help: 'How far inside each target box the generator aims: 0 the whole box, 0.4 its middle fifth.' },
  {
    key: 'condition', label: 'Imitate', input: 'select', advanced: true,
    help: 'Ask for the property mixes of real training molecules, or only for the target boxes; automatic does the first without targets and the second with them.',
    options: [{ value: 'auto', label: 'automatic' }, { value: 'data', label: 'real molecules' }, { value: 'box', label: 'the boxes only' }],
  },
];

/** Settings missing from a stored run take the value the version that wrote it used (before the field existed). */
const LEGACY = { noise: 1, aim: 0, screen: 1, confident: 1, pick: 1, condition: 'box', temperature: TEMPERATURE_DEFAULT } as const;

function validate(s: MolZincSettings): Record<string, string> {
  const p: Record<string, string> = targetProblems(s.targets, PROPERTIES.filter((x) => x.target));
  if (!Number.isInteger(s.count) || s.count < 1 || s.count > MAX_COUNT) p.count = `a whole number from 1 to ${MAX_COUNT.toLocaleString('en')}`;
  if (!Number.isInteger(s.seed)) p.seed = 'a whole number';
  if (!SAMPLERS.includes(s.sampler)) p.sampler = `one of ${SAMPLERS.join(', ')}`;
  if (!(s.guidance >= 0 && s.guidance <= 8)) p.guidance = 'between 0 and 8';
  if (!(s.temperature >= 0 && s.temperature <= 2)) p.temperature = 'from 0 (greedy) to 2';
  if (!(s.noise > 0 && s.noise <= 1.5)) p.noise = 'above 0, at most 1.5';
  if (!(s.aim >= 0 && s.aim < 0.5)) p.aim = 'from 0 (the whole box) to below 0.5';
  if (!['data', 'box', 'auto'].includes(s.condition)) p.condition = '"data", "box" or "auto"';
  if (!(Number.isInteger(s.screen) && s.screen >= 1 && s.screen <= MAX_SCREEN)) p.screen = `a whole number from 1 (off) to ${MAX_SCREEN}`;
  if (!(s.confident >= MIN_CONFIDENT && s.confident <= 1)) p.confident = `from ${MIN_CONFIDENT} to 1 (1 keeps every molecule)`;
  if (!(s.pick >= MIN_PICK && s.pick <= 1)) p.pick = `from ${MIN_PICK} to 1 (1 finishes every draft)`;
  if (s.start) {
    if (!s.start.smiles.trim()) p.start = 'a start molecule needs a SMILES';
    else if (s.start.smiles.length > 500) p.start = 'the start SMILES is longer than 500 characters';
    else if (!(s.start.strength > 0 && s.start.strength <= 1)) p.start = 'strength above 0, at most 1';
  }
  if (s.batchSize !== undefined && !(Number.isInteger(s.batchSize) && s.batchSize >= 1 && s.batchSize <= 10_000)) p.batchSize = 'a whole number from 1 to 10,000';
  if (s.firstBatch !== undefined && !(Number.isInteger(s.firstBatch) && s.firstBatch >= 1 && s.firstBatch <= 10_000)) p.firstBatch = 'a whole number from 1 to 10,000';
  return p;
}

/** Settings from untrusted JSON, typed, with the values of earlier versions for missing fields (not yet validated). */
function read(stored: unknown): MolZincSettings {
  const f = Fields.of(stored);
  const start = f.object('start');
  const s: MolZincSettings = {
    count: f.integer('count', 1000),
    seed: f.integer('seed', 0),
    sampler: f.oneOf('sampler', SAMPLERS, 'student-k4'),
    guidance: f.number('guidance', GUIDANCE_DEFAULT),
    temperature: f.number('temperature', LEGACY.temperature),
    noise: f.number('noise', LEGACY.noise),
    aim: f.number('aim', LEGACY.aim),
    condition: f.oneOf('condition', ['data', 'box', 'auto'] as const, LEGACY.condition),
    screen: f.integer('screen', LEGACY.screen),
    confident: f.number('confident', LEGACY.confident),
    pick: f.number('pick', LEGACY.pick),
    targets: f.targets('targets', PROPERTIES),
    ...(start ? { start: { smiles: start.string('smiles', ''), strength: start.number('strength', 0.5) } } : {}),
    ...(f.has('batchSize') ? { batchSize: f.integer('batchSize', 0) } : {}),
    ...(f.has('firstBatch') ? { firstBatch: f.integer('firstBatch', 0) } : {}),
  };
  if (s.condition === 'auto') s.condition = defaultCondition(s);
  return s;
}

function normalise(stored: unknown): MolZincSettings {
  const s = read(stored);
  assertValid(validate(s));
  return s;
}

function flops(s: MolZincSettings, tally: RunTally, flopsOf: (id: string) => number): number {
  // Decodes: every checked sample, and 1 / confident as many before the surest were kept.
  const decoded = tally.checked / s.confident;
  const drawn = latentsPerDecode(s);
  const offered = 1 / pickFraction(s); // latents the confidence head sees per decode
  const perDraw = flopsOf(MODELS.samplers[s.sampler]) + (drawn > 1 ? flopsOf(MODELS.screen) : 0);
  const perOffer = drawn * perDraw + (offered > 1 ? flopsOf(MODELS.confidence) : 0);
  return decoded * (offered * perOffer + flopsOf(MODELS.decoderInit) + flopsOf(MODELS.decoder)) + tally.kept * predictorModels.reduce((a, id) => a + flopsOf(id), 0);
}

export const molZinc: GeneratorMeta<MolZincSettings> = {
  id: 'mol-zinc',
  family: 'mol-generator',
  domain: 'drug-like',
  label: 'Latent diffusion over a SELFIES VAE (ZINC250k)',
  fields: FIELDS,
  start: 'molecule',
  models: [MODELS.encoder, MODELS.decoderInit, MODELS.decoder, ...SAMPLERS.map((s) => MODELS.samplers[s]), ...predictorModels, MODELS.screen, MODELS.confidence],
  maxCount: MAX_COUNT,
  defaults: () => ({
    count: 1000,
    seed: 42,
    sampler: 'student-k4',
    guidance: GUIDANCE_DEFAULT,
    temperature: TEMPERATURE_DEFAULT,
    noise: NOISE_DEFAULT,
    aim: AIM_DEFAULT,
    condition: 'auto',
    screen: SCREEN_DEFAULT,
    confident: CONFIDENT_DEFAULT,
    pick: PICK_DEFAULT,
    targets: [],
    firstBatch: FIRST_BATCH,
  }),
  validate,
  normalise,
  modelsUsed: (s) => [
    MODELS.encoder, MODELS.decoderInit, MODELS.decoder, MODELS.samplers[s.sampler], ...predictorModels,
    ...(latentsPerDecode(s) > 1 ? [MODELS.screen] : []),
    ...(pickFraction(s) < 1 ? [MODELS.confidence] : []),
  ],
  flops,
  describe: (s) => {
    const t = s.targets.map((x) => `${PROPERTIES.find((p) => p.key === x.key)?.label ?? x.key} ${rangeText(x.min, x.max)}`).join(', ') || 'no target';
    const extra = [
      pickFraction(s) < 1 ? `${s.pick} of drafts finished` : '',
      s.confident < 1 ? `${s.confident} of molecules kept` : '',
      s.start ? `from ${s.start.smiles.length > 24 ? `${s.start.smiles.slice(0, 23)}…` : s.start.smiles}` : '',
    ].filter(Boolean);
    return `${s.count.toLocaleString('en')} × ${SAMPLER_LABELS[s.sampler]}, guidance ${s.guidance}${extra.length ? `, ${extra.join(', ')}` : ''}, seed ${s.seed}; ${t}`;
  },
};
