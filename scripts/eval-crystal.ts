// npm run eval -- crystal-perov5|crystal-carbon24 --samples N --out FILE [--samples-out DIR] [--cifs DIR]
//                 [--target-samples M] [--csp-rows R] [--csp-k K] [--seed S] [--data DIR] [--reference-uniqueness N]
//                 [--reference-rows N] [--calibrate] [--samplers student-k4,teacher] [--models DIR]
// The crystal half of `npm run eval` (scripts/eval.ts dispatches here): the CDVAE-style metrics of
// ../shared/docs/evaluation.md with our fingerprints and cut-offs (docs/evaluation-crystal.md), the structure-
// prediction match rate and the fixed targets (src/domain/metrics/crystal-targets.ts).
//
// Sources of samples:
//  - --cifs DIR: every *.cif in DIR (every data block of each file) is one sample, evaluated against the domain's
//    test set; a file that does not parse counts as an invalid sample and is listed under "unreadable". No CSP (the
//    files carry no test-row association) and target hit rates only for targets on exact properties (density).
//  - otherwise the variants of a generator: `runCrystalEval` takes `(request) => AsyncIterable<Structure[]>` per
//    sampler, so the generator (src/inference/crystal-generator/, being written) plugs in without changing this file.
//    --models DIR reads the cards and ONNX files from DIR instead of static/models: a previous version, e.g. a copy
//    of static/models with `git show <commit>:static/models/<file>` written over the files that changed.
//
// Reference sets (read with a real CSV parser, CIF column through readCif):
//  - crystal-perov5: test = ../shared/data/cdvae_perov_5/test.csv; training (novelty) = val.csv + dev_train.csv
//    (what the models train on; CDVAE's own train.csv is not available).
//  - crystal-carbon24: test = ../shared/data/cdvae_carbon_24/test.csv; training = its val.csv. These are CDVAE's
//    files (comparable with CDVAE's W1 and coverage); the models' own structure-matched split lives in the
//    git-ignored data/crystal/carbon24 arrays and is not what this reads.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from '../src/domain/io/csv';
import { Rng } from '../src/domain/random';
import { readCif, readCifAll, writeCif } from '../src/domain/crystal/cif';
import { cellFormula, reducedFormula } from '../src/domain/crystal/composition';
import type { Structure } from '../src/domain/crystal/structure';
import { inv3, vecMat } from '../src/domain/crystal/lattice';
import { StructureMatcher, type Prepared } from '../src/domain/crystal/matcher';
import {
  coverage,
  cspMatch,
  fingerprints,
  generationMetrics,
  uniqueness,
  validityFlags,
  type CoverageCutoffs,
  type Fingerprints,
  type Sample,
} from '../src/domain/metrics/crystal';
import { COVERAGE_CUTOFFS } from '../src/domain/metrics/crystal-fingerprints';
import { DOMAINS, findGenerator } from '../src/domains/registry';
import { CRYSTAL_STEPS, type CrystalFlowMeta, type CrystalSamplerId } from '../src/domains/crystal-flow';
import { createCrystalGenerator } from '../src/inference/crystal-generator';
import { predictCrystals } from '../src/inference/predictors/crystal';
import { PREDICT_MAX_SITES } from '../src/inference/analyse-crystal';
import { nodeContext } from './node-family-context';
import { CRYSTAL_TARGETS, EXACT_PROPERTIES, exactProperties, hitRateData, inBoxes, isExactTarget, type CrystalDomain, type PropertyBox } from '../src/domain/metrics/crystal-targets';

export const CRYSTAL_DOMAINS: readonly CrystalDomain[] = ['crystal-perov5', 'crystal-carbon24'];

/** What a sampling source is asked for: a de novo batch (optionally guided into property boxes) or, with
 *  `species`, structure prediction for that cell composition. */
export interface SampleRequest {
  count: number;
  seed: number;
  targets: PropertyBox[];
  species?: string[];
}
export type SampleSource = (request: SampleRequest) => AsyncIterable<Structure[]>;
/** Predicted properties of structures (key → values in order), for target hit rates on non-exact properties. */
export type Predictor = (structures: Structure[]) => Promise<Record<string, number[]>>;

export interface Variant {
  sampler: string;
  nfe: number | null;
  source: SampleSource;
}

export interface ReferenceSet {
  domain: CrystalDomain;
  test: Structure[];
  testLabels: Record<string, number>[];
  testFingerprints: Fingerprints[];
  train: Prepared[];
  cutoffs: CoverageCutoffs;
}

const DATA = '../shared/data';

/** Rows of a CDVAE CSV: the structure (from the CIF column) and its numeric labels. */
export function readCdvaeCsv(path: string): { structures: Structure[]; labels: Record<string, number>[] } {
  const csv = parseCsv(readFileSync(path, 'utf8'));
  if (csv.errors.length) throw new Error(`${path}: ${csv.errors[0].message} (line ${csv.errors[0].line})`);
  const cifCol = csv.header.indexOf('cif');
  if (cifCol < 0) throw new Error(`${path}: no cif column`);
  const numeric = csv.header.map((h, i) => [h, i] as const).filter(([h]) => ['heat_ref', 'heat_all', 'dir_gap', 'ind_gap', 'energy_per_atom'].includes(h));
  const structures: Structure[] = [];
  const labels: Record<string, number>[] = [];
  for (const r of csv.rows) {
    const s = readCif(r.cells[cifCol]);
    structures.push(s);
    const l: Record<string, number> = { ...exactProperties(s) };
    for (const [h, i] of numeric) l[h] = r.cells[i] === '' ? NaN : Number(r.cells[i]);
    labels.push(l);
  }
  return { structures, labels };
}

export function loadReference(domain: CrystalDomain, opts: { data?: string; limit?: number; train?: boolean } = {}): ReferenceSet {
  const dir = join(opts.data ?? DATA, domain === 'crystal-perov5' ? 'cdvae_perov_5' : 'cdvae_carbon_24');
  const trainFiles = domain === 'crystal-perov5' ? ['val.csv', 'dev_train.csv'] : ['val.csv'];
  const cut = (xs: Structure[]) => (opts.limit ? xs.slice(0, opts.limit) : xs);
  const t = readCdvaeCsv(join(dir, 'test.csv'));
  const test = cut(t.structures);
  const matcher = new StructureMatcher();
  const train = opts.train === false ? [] : trainFiles.flatMap((f) => cut(readCdvaeCsv(join(dir, f)).structures)).map((s) => matcher.prepare(s));
  return {
    domain,
    test,
    testLabels: t.labels.slice(0, test.length),
    testFingerprints: test.map(fingerprints),
    train,
    cutoffs: COVERAGE_CUTOFFS[domain],
  };
}

/** Every *.cif of a folder (all data blocks), sorted by name; unreadable files become null samples. */
export function readCifDir(dir: string): { samples: Sample[]; names: string[]; unreadable: { file: string; error: string }[] } {
  const files = readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.cif')).sort();
  const samples: Sample[] = [];
  const names: string[] = [];
  const unreadable: { file: string; error: string }[] = [];
  for (const f of files) {
    try {
      for (const b of readCifAll(readFileSync(join(dir, f), 'utf8'))) {
        samples.push(b.structure);
        names.push(f);
      }
    } catch (e) {
      samples.push(null);
      names.push(f);
      unreadable.push({ file: f, error: (e as Error).message });
    }
  }
  return { samples, names, unreadable };
}

const round = (x: number | null) => (x === null || !Number.isFinite(x) ? null : Math.round(x * 1e4) / 1e4);
const roundAll = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'number' ? round(v) : v]));

async function collect(source: SampleSource, request: SampleRequest): Promise<Structure[]> {
  const out: Structure[] = [];
  for await (const batch of source(request)) out.push(...batch);
  return out.slice(0, request.count);
}

/** Distinct reduced formulas among the valid samples, over the valid samples: how varied guidance leaves the compositions. */
function distinctFormulas(samples: Sample[]): number | null {
  const flags = validityFlags(samples);
  const valid = samples.filter((_, i) => flags.valid[i]) as Structure[];
  return valid.length ? new Set(valid.map((s) => reducedFormula(s.species))).size / valid.length : null;
}

/** Share of samples (all of them in the denominator) that are valid and inside every box of the target. */
async function targetHitRate(samples: Sample[], boxes: readonly PropertyBox[], predict?: Predictor): Promise<number | null> {
  if (samples.length === 0) return null;
  const flags = validityFlags(samples);
  const valid = samples.filter((_, i) => flags.valid[i]) as Structure[];
  const exact = valid.map(exactProperties);
  const needed = boxes.filter((b) => !(b.key in EXACT_PROPERTIES));
  let values = exact;
  if (needed.length) {
    if (!predict) return null;
    const pred = valid.length ? await predict(valid) : {};
    values = exact.map((e, i) => ({ ...e, ...Object.fromEntries(Object.entries(pred).map(([k, v]) => [k, v[i]])) }));
  }
  return values.filter((v) => inBoxes(v, boxes)).length / samples.length;
}

export interface EvalOptions {
  domain: CrystalDomain;
  model: string;
  samples: number;
  targetSamples: number;
  cspRows: number;
  cspK: number;
  seed: number;
  samplesOut?: string;
  predict?: Predictor;
  log?: (s: string) => void;
}

function writeSamples(dir: string, tag: string, samples: Sample[]) {
  mkdirSync(dir, { recursive: true });
  samples.forEach((s, i) => {
    if (s) writeFileSync(join(dir, `${tag}-${String(i).padStart(5, '0')}.cif`), writeCif(s, `${tag}_${i}_${reducedFormula(s.species)}`));
  });
}

/** Evaluate the variants of a generator. */
export async function runCrystalEval(variants: readonly Variant[], ref: ReferenceSet, o: EvalOptions) {
  const log = o.log ?? (() => {});
  const targets = CRYSTAL_TARGETS[o.domain];
  const out = [];
  for (const v of variants) {
    const t0 = performance.now();
    const samples = await collect(v.source, { count: o.samples, seed: o.seed, targets: [] });
    const sampleSeconds = (performance.now() - t0) / 1000;
    if (o.samplesOut) writeSamples(join(o.samplesOut, v.sampler), 'sample', samples);
    const metrics = generationMetrics(samples, ref);
    log(`${v.sampler}: ${JSON.stringify(roundAll(metrics))}`);
    // structure prediction: the first cspRows test rows, k samples each
    const rows = ref.test.slice(0, o.cspRows);
    const gen: Sample[][] = [];
    for (let r = 0; r < rows.length; r++) gen.push(await collect(v.source, { count: o.cspK, seed: o.seed + r, targets: [], species: rows[r].species }));
    const csp = rows.length ? cspMatch(gen, rows) : null;
    const tres: Record<string, { hit_rate: number | null; hit_rate_data: number | null; distinct_formulas: number | null }> = {};
    for (const [name, t] of Object.entries(targets)) {
      const guided = await collect(v.source, { count: o.targetSamples, seed: o.seed, targets: [...t.boxes] });
      tres[name] = { hit_rate: round(await targetHitRate(guided, t.boxes, o.predict)), hit_rate_data: round(hitRateData(ref.testLabels, t)), distinct_formulas: round(distinctFormulas(guided)) };
    }
    out.push({
      sampler: v.sampler,
      nfe: v.nfe,
      metrics: roundAll(metrics),
      csp: csp ? { match_rate: round(csp.match_rate), rmse: round(csp.rmse), k: csp.k, rows: csp.rows } : null,
      targets: tres,
      seconds: round((performance.now() - t0) / 1000),
      sample_seconds: round(sampleSeconds),
    });
  }
  return out;
}

/** Evaluate a folder of CIFs (a user's structures or another model's samples) against the domain's test set. */
export async function evalCifDir(dir: string, ref: ReferenceSet, o: Pick<EvalOptions, 'domain' | 'samplesOut'>) {
  const t0 = performance.now();
  const { samples, unreadable } = readCifDir(dir);
  if (samples.length === 0) throw new Error(`no .cif files in ${dir}`);
  const metrics = generationMetrics(samples, ref);
  const targets: Record<string, { hit_rate: number | null; hit_rate_data: number | null }> = {};
  for (const [name, t] of Object.entries(CRYSTAL_TARGETS[o.domain]))
    targets[name] = { hit_rate: isExactTarget(t) ? round(await targetHitRate(samples, t.boxes)) : null, hit_rate_data: round(hitRateData(ref.testLabels, t)) };
  return {
    sampler: 'cifs',
    nfe: null,
    metrics: roundAll(metrics),
    csp: null,
    targets,
    seconds: round((performance.now() - t0) / 1000),
    unreadable,
  };
}

const quantiles = (xs: ArrayLike<number>, qs: number[]) => {
  const a = Float64Array.from(xs).sort();
  return Object.fromEntries(qs.map((q) => [`p${Math.round(q * 100)}`, round(a[Math.min(a.length - 1, Math.floor(q * a.length))])]));
};

const share = (xs: ArrayLike<number>, c: number) => Array.from(xs).filter((x) => x <= c).length / xs.length;

/**
 * Calibration of the coverage cut-offs: the training structures stand in for a perfect generator (held-out real
 * data) and the same structures with their fractional coordinates redrawn uniformly at random (same lattice and
 * species) for a broken one. Reports, for the test set, the distances to the nearest "sample" by each fingerprint
 * (quantiles) and COV-R / COV-P at the domain's cut-offs for both.
 */
export function calibrate(ref: ReferenceSet, trainStructures: Structure[], seed = 1) {
  const rng = new Rng(seed);
  const shuffled = trainStructures.map((s) => ({ ...s, frac: s.frac.map(() => [rng.next(), rng.next(), rng.next()] as [number, number, number]) }));
  // a milder corruption for scale: every site moved by an isotropic Gaussian of 0.2 Å per axis
  const jittered = trainStructures.map((s) => {
    const inv = inv3(s.lattice);
    return { ...s, frac: s.frac.map((f) => vecMat(vecMat(f, s.lattice).map((x) => x + 0.2 * rng.normal()), inv)) };
  });
  const out: Record<string, unknown> = { cutoffs: ref.cutoffs, samples: trainStructures.length, test: ref.test.length };
  for (const [name, set] of [['real', trainStructures], ['shuffled', shuffled], ['jittered_0.2A', jittered]] as const) {
    const cov = coverage(set.map(fingerprints), ref.testFingerprints, ref.cutoffs);
    out[name] = {
      cov_recall: round(cov.cov_recall),
      cov_precision: round(cov.cov_precision),
      struct_dist: quantiles(cov.recall_struct_dist, [0.5, 0.9, 0.95, 0.99]),
      comp_dist: quantiles(cov.recall_comp_dist, [0.5, 0.9, 0.95, 0.99]),
      recall_by_struct_cutoff: Object.fromEntries([0.2, 0.5, 1, 1.5, 2].map((c) => [c, round(share(cov.recall_struct_dist, c))])),
      recall_by_comp_cutoff: Object.fromEntries([2, 3, 4, 5, 6].map((c) => [c, round(share(cov.recall_comp_dist, c))])),
    };
  }
  return out;
}

/**
 * The generator's variants for a domain: the shipped crystal-flow models per sampler, run as the worker runs them
 * (the family's factory), every sample kept (`decoded`: '' for an impossible cell), so validity and uniqueness are
 * the metrics' to judge. A request with species is structure prediction (the generator's formula mode).
 */
async function generatorVariants(domain: CrystalDomain, modelDir?: string): Promise<{ variants: Variant[]; predict: Predictor }> {
  const generatorId = domain; // the eval's domain names are the generators' ids
  const meta = findGenerator(generatorId) as CrystalFlowMeta | undefined;
  if (!meta) throw new Error(`${domain}: no generator "${generatorId}" is registered (the studio has ${DOMAINS.flatMap((d) => d.generators.map((g) => g.id)).join(', ')})`);
  const ctx = modelDir ? nodeContext(modelDir.endsWith('/') ? modelDir : `${modelDir}/`) : nodeContext();
  const samplers: CrystalSamplerId[] = ['student-k1', 'student-k2', 'student-k4', 'teacher'];
  const variants = samplers.map((sampler): Variant => ({
    sampler,
    nfe: CRYSTAL_STEPS[sampler] * (sampler === 'teacher' ? 2 : 1),
    source: async function* (r: SampleRequest) {
      const settings = meta.normalise({
        count: r.count, seed: r.seed, sampler, guidance: meta.defaults().guidance, targets: r.targets,
        ...(r.species ? { formula: cellFormula(r.species) } : {}),
      });
      const gen = await createCrystalGenerator(ctx, generatorId, settings);
      for await (const b of gen.run(settings, { keepDecoded: true })) yield b.decoded!.map((cif) => (cif ? readCif(cif) : null)) as Structure[];
    },
  }));
  const card = await ctx.card(meta.config.models.predictor);
  const props = DOMAINS.find((d) => d.id === meta.domain)!.predictors[0].properties;
  const predict: Predictor = async (structures) => {
    const { predictions } = await predictCrystals(ctx.engine, card, props, structures, PREDICT_MAX_SITES);
    return Object.fromEntries(props.map((k) => [k, predictions.map((p) => p?.[k]?.mean ?? NaN)]));
  };
  return { variants, predict };
}

/** The CLI (scripts/eval.ts calls this for crystal-* targets). */
export async function main(args: string[]) {
  const opt = (name: string, dflt: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : dflt;
  };
  const domain = args[0] as CrystalDomain;
  if (!CRYSTAL_DOMAINS.includes(domain)) throw new Error(`unknown crystal domain "${args[0]}" (${CRYSTAL_DOMAINS.join(', ')})`);
  const log = (s: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${s}`);
  const N = Number(opt('samples', '1000'));
  const outFile = opt('out', `eval-${domain}.json`);
  const samplesOut = opt('samples-out', '') || undefined;
  const cifs = opt('cifs', '');
  const t0 = performance.now();
  // the samplers first: without a generator this fails at once rather than after loading the reference sets
  const wired = cifs || args.includes('--calibrate') ? null : await generatorVariants(domain, opt('models', '') || undefined);
  const variants = wired?.variants ?? [];
  // --reference-rows N: only the first N rows of each reference file (smoke runs and tests)
  const ref = loadReference(domain, { data: opt('data', DATA), limit: Number(opt('reference-rows', '0')) });
  log(`reference: ${ref.test.length} test, ${ref.train.length} training structures, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const result: Record<string, unknown> = {
    model: cifs ? `cifs:${cifs}` : domain,
    samples: N,
    reference: {
      test: `${domain === 'crystal-perov5' ? 'cdvae_perov_5' : 'cdvae_carbon_24'}/test.csv (${ref.test.length})`,
      train_for_novelty: ref.train.length,
      coverage_cutoffs: ref.cutoffs,
      fingerprints: 'our substitutes for CrystalNN / Magpie (docs/evaluation-crystal.md): cut-offs not comparable with CDVAE\'s 0.2 / 4',
    },
    variants: [] as unknown[],
  };
  const refUniq = Number(opt('reference-uniqueness', '0'));
  if (refUniq) {
    const sub = ref.test.slice(0, refUniq);
    (result.reference as Record<string, unknown>).test_uniqueness = { n: sub.length, uniqueness: round(uniqueness(sub).uniqueness) };
  }
  if (args.includes('--calibrate')) {
    const dir = join(opt('data', DATA), domain === 'crystal-perov5' ? 'cdvae_perov_5' : 'cdvae_carbon_24');
    const train = (domain === 'crystal-perov5' ? ['val.csv', 'dev_train.csv'] : ['val.csv']).flatMap((f) => readCdvaeCsv(join(dir, f)).structures);
    const c = calibrate(ref, train, Number(opt('seed', '1')));
    log(JSON.stringify(c));
    writeFileSync(outFile, JSON.stringify({ model: 'calibration', domain, ...c }, null, 1) + '\n');
    return c;
  }
  if (cifs) {
    const v = await evalCifDir(cifs, ref, { domain, samplesOut });
    result.samples = (v.metrics as { n_samples: number }).n_samples;
    (result.variants as unknown[]).push(v);
  } else {
    const o: EvalOptions = {
      domain,
      model: domain,
      samples: N,
      targetSamples: Number(opt('target-samples', String(Math.min(N, 1000)))),
      cspRows: Number(opt('csp-rows', '500')),
      cspK: Number(opt('csp-k', '1')),
      seed: Number(opt('seed', '1')),
      samplesOut,
      predict: wired?.predict,
      log,
    };
    const only = opt('samplers', '');
    result.variants = await runCrystalEval(only ? variants.filter((v) => only.split(',').includes(v.sampler)) : variants, ref, o);
  }
  writeFileSync(outFile, JSON.stringify(result, null, 1) + '\n');
  log(`wrote ${outFile} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  return result;
}
