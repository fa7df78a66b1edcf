// The crystal-flow generator family's settings contract, shared by the crystal domains (Perov-5, later
// Carbon-24): joint flow matching over lattice, fractional coordinates and species (models/crystal/), a student
// distilled to 1, 2 or 4 steps with guidance baked in, or the 50-step teacher with classifier-free guidance.
// Two tasks: de novo generation steered by target boxes and an element include/exclude list, and structure
// prediction from a formula (the species are given; lattice and positions are generated). The implementation
// is src/inference/crystal-generator/.
import type { PropertySpec } from '../contract/domain';
import { FIRST_BATCH, type BaseSettings, type FieldSpec, type GeneratorMeta, type RunTally } from '../contract/generator';
import { assertValid, Fields, targetProblems } from '../contract/settings';
import { parseFormula } from '../domain/crystal/formula';
import { rangeText } from '../domain/words';

export type CrystalSamplerId = 'student-k1' | 'student-k2' | 'student-k4' | 'teacher';
export const CRYSTAL_SAMPLERS: readonly CrystalSamplerId[] = ['student-k4', 'student-k2', 'student-k1', 'teacher'];
export const TEACHER_STEPS = 50;
export const CRYSTAL_SAMPLER_LABELS: Record<CrystalSamplerId, string> = {
  'student-k1': 'fastest (1 step)',
  'student-k2': 'fast (2 steps)',
  'student-k4': 'balanced (4 steps)',
  teacher: `best (${TEACHER_STEPS} steps, slow)`,
};
/** Euler steps of each sampler. */
export const CRYSTAL_STEPS: Record<CrystalSamplerId, number> = { 'student-k1': 1, 'student-k2': 2, 'student-k4': 4, teacher: TEACHER_STEPS };

export interface ElementChoice {
  /** Every generated crystal contains each of these. */
  include: string[];
  /** No generated crystal contains any of these. */
  exclude: string[];
}

export interface CrystalFlowSettings extends BaseSettings {
  sampler: CrystalSamplerId;
  /** Guidance weight: 0 unconditional, 1 conditional, above 1 pushed harder toward the targets. */
  guidance: number;
  elements: ElementChoice;
  /** Structure prediction: generate lattices and positions for this composition (e.g. "SrTiO3"). */
  formula?: string;
}

export interface CrystalFlowConfig {
  id: string;
  domain: string;
  label: string;
  /** The domain's properties (targets are those with a box). */
  properties: readonly PropertySpec[];
  /** The element vocabulary of the training data, in the models' order. */
  vocab: readonly string[];
  /** The most atoms in a cell the models know. */
  maxAtoms: number;
  models: { student: string; teacher: string; predictor: string };
  /** The training structures, for novelty (models/crystal/export.py writes it). */
  trainSet: string;
  guidanceDefault: number;
  /** The predicted energy that ranks structures of one formula (lowest first). */
  rankBy: string;
  /** Compositions the "from a formula" box offers to try. */
  formulaExamples: readonly string[];
}

export const MAX_CRYSTALS = 20_000;

const fields = (c: CrystalFlowConfig): FieldSpec[] => [
  {
    key: 'sampler', label: 'Speed', input: 'select',
    help: `How many refinement steps the generator takes: the distilled 4-step model costs a fraction of the ${TEACHER_STEPS}-step one.`,
    options: CRYSTAL_SAMPLERS.map((s) => ({ value: s, label: CRYSTAL_SAMPLER_LABELS[s] })),
  },
  { key: 'guidance', label: 'Guidance', input: 'range', min: 0, max: 6, step: 0.5, help: 'How hard the generator pushes toward the target boxes: higher puts more crystals in the box, with less variety.' },
  { key: 'count', label: 'Crystals', input: 'number', min: 1, max: MAX_CRYSTALS, step: 1, help: 'How many crystals to generate (impossible cells and duplicates are counted, not shown).' },
  { key: 'seed', label: 'Seed', input: 'number', step: 1, help: 'The same seed with the same settings gives the same crystals, on any computer.' },
  // a one-element domain (Carbon-24) has nothing to pick
  ...(c.vocab.length < 2 ? [] : [{
    key: 'elements', label: 'Elements', input: 'elements', options: c.vocab.map((e) => ({ value: e, label: e })),
    help: 'Click an element once to require it in every crystal, twice to forbid it; elements the model never saw are greyed out.',
  } satisfies FieldSpec]),
];

const dedupe = (xs: string[]) => [...new Set(xs)];

/** A crystal-flow meta carries its configuration: the implementation reads the model ids and files from it. */
export interface CrystalFlowMeta extends GeneratorMeta<CrystalFlowSettings> {
  config: CrystalFlowConfig;
}

export function crystalFlowMeta(c: CrystalFlowConfig): CrystalFlowMeta {
  const vocab = new Set(c.vocab);

  function formulaProblem(text: string): string | null {
    let counts: Record<string, number>;
    try {
      counts = parseFormula(text).counts;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
    const unknown = Object.keys(counts).filter((e) => !vocab.has(e));
    if (unknown.length) return `${unknown.join(', ')} ${unknown.length > 1 ? 'are' : 'is'} not in the training data, so the model cannot place ${unknown.length > 1 ? 'them' : 'it'}`;
    const n = Object.values(counts).reduce((a, b) => a + b, 0);
    if (n > c.maxAtoms) return `${n} atoms in the cell; the model knows cells of up to ${c.maxAtoms} (try the reduced formula)`;
    return null;
  }

  function validate(s: CrystalFlowSettings): Record<string, string> {
    const p: Record<string, string> = targetProblems(s.targets, c.properties.filter((x) => x.target));
    if (!Number.isInteger(s.count) || s.count < 1 || s.count > MAX_CRYSTALS) p.count = `a whole number from 1 to ${MAX_CRYSTALS.toLocaleString('en')}`;
    if (!Number.isInteger(s.seed)) p.seed = 'a whole number';
    if (!CRYSTAL_SAMPLERS.includes(s.sampler)) p.sampler = `one of ${CRYSTAL_SAMPLERS.join(', ')}`;
    if (!(s.guidance >= 0 && s.guidance <= 6)) p.guidance = 'between 0 and 6';
    const { include, exclude } = s.elements;
    const foreign = [...include, ...exclude].filter((e) => !vocab.has(e));
    if (foreign.length) p.elements = `${foreign.slice(0, 5).join(', ')}: not in the training data`;
    else if (include.some((e) => exclude.includes(e))) p.elements = `${include.find((e) => exclude.includes(e))} is both required and forbidden`;
    else if (include.length > c.maxAtoms) p.elements = `${include.length} required elements do not fit in a cell of ${c.maxAtoms} atoms`;
    else if (exclude.length >= vocab.size) p.elements = 'every element is forbidden';
    if (s.formula !== undefined) {
      const problem = formulaProblem(s.formula);
      if (problem) p.formula = problem;
    }
    if (s.batchSize !== undefined && !(Number.isInteger(s.batchSize) && s.batchSize >= 1 && s.batchSize <= 10_000)) p.batchSize = 'a whole number from 1 to 10,000';
  if (s.firstBatch !== undefined && !(Number.isInteger(s.firstBatch) && s.firstBatch >= 1 && s.firstBatch <= 10_000)) p.firstBatch = 'a whole number from 1 to 10,000';
    return p;
  }

  function read(stored: unknown): CrystalFlowSettings {
    const f = Fields.of(stored);
    const el = f.object('elements');
    const formula = f.has('formula') ? f.string('formula', '').trim() : '';
    return {
      count: f.integer('count', 1000),
      seed: f.integer('seed', 0),
      sampler: f.oneOf('sampler', CRYSTAL_SAMPLERS, 'student-k4'),
      guidance: f.number('guidance', c.guidanceDefault),
      targets: f.targets('targets', c.properties),
      elements: { include: dedupe(el?.strings('include') ?? []), exclude: dedupe(el?.strings('exclude') ?? []) },
      ...(formula ? { formula } : {}),
      ...(f.has('batchSize') ? { batchSize: f.integer('batchSize', 0) } : {}),
      ...(f.has('firstBatch') ? { firstBatch: f.integer('firstBatch', 0) } : {}),
    };
  }

  const label = (key: string) => c.properties.find((p) => p.key === key)?.label ?? key;
  const sampler = (s: CrystalFlowSettings) => (s.sampler === 'teacher' ? c.models.teacher : c.models.student);

  return {
    config: c,
    id: c.id,
    family: 'crystal-flow',
    domain: c.domain,
    label: c.label,
    fields: fields(c),
    start: 'formula',
    models: [c.models.student, c.models.teacher, c.models.predictor],
    maxCount: MAX_CRYSTALS,
    defaults: () => ({ count: 1000, seed: 42, sampler: 'student-k4', guidance: c.guidanceDefault, targets: [], elements: { include: [], exclude: [] }, firstBatch: FIRST_BATCH }),
    validate,
    normalise(stored) {
      const s = read(stored);
      assertValid(validate(s));
      return s;
    },
    modelsUsed: (s) => [sampler(s), c.models.predictor],
    order: (s) => (s.formula ? { key: c.rankBy, dir: 'asc' } : null),
    flops(s: CrystalFlowSettings, tally: RunTally, flopsOf: (id: string) => number): number {
      // The cards give FLOPs per sample at the default steps; scale to the steps this run took.
      const card = sampler(s);
      const perStep = flopsOf(card) / (s.sampler === 'teacher' ? TEACHER_STEPS : 4);
      return tally.checked * perStep * CRYSTAL_STEPS[s.sampler] + tally.kept * flopsOf(c.models.predictor);
    },
    describe(s) {
      const t = s.targets.map((x) => `${label(x.key)} ${rangeText(x.min, x.max)}`).join(', ') || 'no target';
      const el = [s.elements.include.length ? `with ${s.elements.include.join(' ')}` : '', s.elements.exclude.length ? `without ${s.elements.exclude.join(' ')}` : ''].filter(Boolean);
      const what = s.formula ? `structures of ${s.formula}` : 'crystals';
      return `${s.count.toLocaleString('en')} ${what} × ${CRYSTAL_SAMPLER_LABELS[s.sampler]}, guidance ${s.guidance}${el.length ? `, ${el.join(', ')}` : ''}, seed ${s.seed}; ${t}`;
    },
  };
}
