// npm run eval -- crystal-perov5|crystal-carbon24 ...: see scripts/eval-crystal.ts
// npm run eval -- mol-zinc --samples N --out FILE [--samples-out DIR] [--target-samples M] [--teacher-target-samples M] [--variants a,b] [--targets T1,T4|none]
//                 [--guidance W] [--seed S] [--temperature T] [--noise S] [--aim F] [--screen F] [--confident F] [--pick F] [--ceiling] [--latents FILE]
//                 [--models DIR] [--reference-rows N]
// --ceiling adds decoder_ceiling: training molecules encoded and decoded, the decoder's best with a perfect prior.
// --latents adds the metrics of latents made elsewhere (float32 rows [n, Z] in the decoder's space, e.g. by
//   models/mol_zinc/sample_prior.py), decoded as in a run, every row (--confident does not apply): prior experiments without export and distillation.
// --variants none skips the shipped samplers.
// Runs the shipped ONNX models in Node (onnxruntime-web's WASM kernels, as in the browser) and computes
// every molecule metric of ../shared/docs/evaluation.md plus the fixed design targets.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import init from '@rdkit/rdkit';
import { descriptors, molGraph, parseSmiles, type RDKitModule } from '../src/domain/chem/rdkit';
import { OnnxEngine } from '../src/inference/onnx';
import type { ModelCard } from '../src/contract/card';
import { exactProps } from '../src/inference/analyse';
import { predictMolecules } from '../src/inference/predictors/molecule';
import { AIM_DEFAULT, ASSETS, CONFIDENT_DEFAULT, latentsPerDecode, GUIDANCE_DEFAULT, MODELS, NOISE_DEFAULT, PICK_DEFAULT, SCREEN_DEFAULT, TEMPERATURE_DEFAULT, molZinc, type MolZincSettings, type SamplerId } from '../src/domains/drug-like/mol-zinc';
import { createMolGenerator, type MolGenerator } from '../src/inference/mol-generator';
import type { FamilyContext } from '../src/inference/family';
import type { Generated } from '../src/contract/generator';
import { ConditionTable } from '../src/inference/mol-generator/conditions';
import { MOL_ZINC_TARGETS } from '../src/inference/mol-generator/benchmark-targets';
import { SmilesHashSet } from '../src/domain/metrics/hashset';
import { FingerprintSet, morganFingerprint } from '../src/domain/metrics/fingerprints';
import { internalDiversity, snn } from '../src/domain/metrics/diversity';
import { ALL_DESCRIPTOR_KEYS, descriptorVector, frechetDescriptorDistance, wasserstein1 } from '../src/domain/metrics/distribution';
import { recordFractions, structureMetrics, structureProfile, structureReference, type StructureRecord } from '../src/domain/metrics/structure';
import { exactSA, rdkitRows, structureParts } from './rdkit-python';
import { hitRate, inBox, passesFilters, rateStandardError } from '../src/domain/metrics/molecules';
import { Rng } from '../src/domain/random';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const modelId = args[0] && !args[0].startsWith('--') ? args[0] : 'mol-zinc';
if (modelId.startsWith('crystal-')) {
  // crystals: scripts/eval-crystal.ts (npm run eval -- crystal-perov5|crystal-carbon24 ...)
  await (await import('./eval-crystal')).main(args);
  process.exit(0);
}
if (modelId !== 'mol-zinc') throw new Error(`unknown model "${modelId}" (this script evaluates: mol-zinc)`);
const N = Number(opt('samples', '10000'));
const M = Number(opt('target-samples', '2000'));
// the teacher's guided runs cost ~50 times a student's: fewer of them keep a full eval within the hour
const MT = Number(opt('teacher-target-samples', String(M)));
const outFile = opt('out', 'eval-mol-zinc.json');
const samplesOut = opt('samples-out', '');
const variants = opt('variants', 'student-k1,student-k2,student-k4,teacher').split(',').filter((v) => v !== 'none') as SamplerId[];
const latentsFile = opt('latents', '');
const guidance = Number(opt('guidance', String(GUIDANCE_DEFAULT)));
const temperature = Number(opt('temperature', String(TEMPERATURE_DEFAULT)));
const noise = Number(opt('noise', String(NOISE_DEFAULT)));
const aim = Number(opt('aim', String(AIM_DEFAULT)));
const seed = Number(opt('seed', '1'));
const confident = Number(opt('confident', String(CONFIDENT_DEFAULT)));
const pick = Number(opt('pick', String(PICK_DEFAULT)));
const screen = Number(opt('screen', String(SCREEN_DEFAULT)));
const targetNames = opt('targets', Object.keys(MOL_ZINC_TARGETS).join(',')).split(',').filter((t) => t !== 'none');
for (const t of targetNames) if (!(t in MOL_ZINC_TARGETS)) throw new Error(`unknown target "${t}" (the list has ${Object.keys(MOL_ZINC_TARGETS).join(', ')})`);
const targetList = Object.entries(MOL_ZINC_TARGETS).filter(([name]) => targetNames.includes(name));
const zinc = opt('zinc', '../shared/data/zinc250k');
const ceiling = args.includes('--ceiling');
// the reference sets cost about a minute whatever --samples is; smoke runs (npm run train -- mol-zinc --smoke) take
// the first N test molecules and N training molecules instead of the whole test split and 20,000
const referenceRows = Number(opt('reference-rows', '0'));
const conditionOpt = opt('condition', '');
if (!['', 'data', 'box'].includes(conditionOpt)) throw new Error(`--condition is data or box (got ${conditionOpt})`);
const condition = conditionOpt === '' ? 'auto' : (conditionOpt as 'data' | 'box');

const modelDir = pathToFileURL(`${opt('models', 'static/models').replace(/\/$/, '')}/`);
const engine = new OnnxEngine({ modelBaseUrl: modelDir.href, loadBytes: async (u) => readFileSync(new URL(u)) });
const card = (id: string) => JSON.parse(readFileSync(new URL(`${id}.json`, modelDir), 'utf8')) as ModelCard;
const rdkit = (await init()) as RDKitModule;
const g = MODELS;
const saCard = card('sa-mlp');
const train = SmilesHashSet.fromBytes(readFileSync(new URL(ASSETS.trainSet, modelDir)));
const conditions = ConditionTable.fromBytes(ASSETS.conditions.props, readFileSync(opt('conditions', '') || new URL(ASSETS.conditions.file, modelDir)));
const lines = (p: string) => gunzipSync(readFileSync(p)).toString('utf8').split('\n').filter(Boolean);
const log = (s: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${s}`);
const round = (x: number) => Math.round(x * 1e4) / 1e4;

interface Profile {
  smiles: string;
  props: Record<string, number>;
  fp: Uint32Array;
  desc: Float64Array;
  /** RDKit.js's whole descriptor table (ALL_DESCRIPTOR_KEYS). */
  descAll: Float64Array;
  filters: boolean;
  record: StructureRecord;
}

/**
 * Canonical SMILES, exact properties (SA: Debian RDKit's Ertl–Schuffenhauer scorer; sa_predicted: the studio's
 * sa-mlp), fingerprint, descriptor vectors, filters and structure; null where RDKit.js fails. `full`: also
 * BRICS fragments and scaffolds (the training sample needs SA alone).
 */
async function profileRows(smiles: readonly string[], full = true): Promise<(Profile | null)[]> {
  const out: (Profile | null)[] = [];
  for (let i = 0; i < smiles.length; i += 512) {
    const rows = smiles.slice(i, i + 512).map((s) => parseSmiles(rdkit, s));
    const mols = rows.filter((m) => m !== null);
    const graphs = mols.map((m) => molGraph(m));
    const tables = mols.map((m, j) => descriptors(m, graphs[j]));
    const sa = (await predictMolecules(engine, saCard, ['sa'], mols, tables)).predictions.map((p) => p.sa);
    let k = 0;
    for (const m of rows) {
      if (!m) {
        out.push(null);
        continue;
      }
      const p = exactProps(rdkit, m, graphs[k], tables[k]);
      out.push({
        smiles: m.get_smiles(),
        props: { logp: p.logp, qed: p.qed, mw: p.mw, tpsa: p.tpsa, sa: Number.NaN, sa_predicted: sa[k].mean },
        fp: morganFingerprint(m),
        desc: descriptorVector(m, tables[k]),
        descAll: descriptorVector(m, tables[k], ALL_DESCRIPTOR_KEYS),
        filters: passesFilters(rdkit, m),
        record: { structure: structureProfile(rdkit, m, graphs[k]), ...structureParts(null) },
      });
      m.delete();
      k++;
    }
  }
  // what RDKit.js cannot do exactly, from Debian's RDKit in one call for all valid rows
  const valid = out.filter((p) => p !== null);
  const rows = rdkitRows(valid.map((p) => p.smiles), !full);
  valid.forEach((p, j) => {
    p.props.sa = rows[j]?.sa ?? Number.NaN;
    Object.assign(p.record, structureParts(rows[j]));
  });
  const unread = rows.filter((r) => r === null).length;
  if (unread) log(`${unread} of ${valid.length} molecules unread by Debian's RDKit: no exact SA, fragments or scaffold`);
  return out;
}

async function profile(smiles: readonly string[], full = true): Promise<Profile[]> {
  return (await profileRows(smiles, full)).filter((p) => p !== null);
}

if (samplesOut) mkdirSync(samplesOut, { recursive: true });
log('reference sets');
const test = await profile(lines(join(zinc, 'dd_vae_split', 'test.csv.gz')).slice(0, referenceRows || undefined));
const testFps = FingerprintSet.from(test.map((p) => p.fp));
const testStructure = structureReference(test.map((p) => p.record));
// The valid split against the test split: what a perfect sampler of ZINC scores on the structure metrics. As
// many molecules as --samples (seeded, without replacement): Scaf grows with the set's size (0.33 at 5,000, 0.41 at 10,000).
const validAll = lines(join(zinc, 'dd_vae_split', 'valid.csv.gz'));
const validDraw = new Rng(seed);
for (let i = 0; i < Math.min(N, validAll.length); i++) {
  const j = i + Math.floor(validDraw.next() * (validAll.length - i));
  [validAll[i], validAll[j]] = [validAll[j], validAll[i]];
}
const validSplit = await profile(validAll.slice(0, N));
const roundAll = <T extends Record<string, number>>(o: T) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, round(v)]));
log(`test split structure: ${JSON.stringify(roundAll(recordFractions(test.map((p) => p.record))))}`);
const trainAll = lines(join(zinc, 'dd_vae_split', 'train.csv.gz'));
const draw = new Rng(seed);
const trainSample = await profile(
  Array.from({ length: referenceRows || 20000 }, () => trainAll[Math.floor(draw.next() * trainAll.length)]),
  false,
);

// The generator as the worker builds it (the family's factory), from files instead of fetches; --conditions swaps the
// condition table.
const context: FamilyContext = {
  rdkit,
  engine,
  card: async (id) => card(id),
  data: async (file, _what, parse) => parse(readFileSync(file === ASSETS.conditions.file && opt('conditions', '') ? opt('conditions', '') : new URL(file, modelDir))),
};
const settingsOf = (sampler: SamplerId, screened: number, targets: MolZincSettings['targets'] = [], w = guidance): MolZincSettings =>
  molZinc.normalise({ count: 1, seed, sampler, guidance: w, temperature, noise, aim, condition, screen: screened, confident, pick, targets });
// Built for the run's own settings, targets included: the factory loads only what those settings use (without
// targets, no screen head, so a screened run would silently go unscreened).
const generator = (sampler: SamplerId, screened = 1, targets: MolZincSettings['targets'] = []) => createMolGenerator(context, settingsOf(sampler, screened, targets));

/** Latents [n, Z] decoded as in a run, in batches. */
async function decodeAll(gen: MolGenerator, z: Float32Array, Z: number, rng: Rng): Promise<string[]> {
  const decoded: string[] = [];
  for (let i = 0; i < z.length / Z; i += 500) {
    const rows = z.subarray(i * Z, Math.min(z.length, (i + 500) * Z));
    decoded.push(...(await gen.decodeToSmiles(rows, rows.length / Z, temperature, rng)).smiles);
  }
  return decoded;
}

async function generate(sampler: SamplerId, count: number, targets: MolZincSettings['targets'], w: number, screened = screen) {
  const gen = await generator(sampler, screened, targets);
  const runSettings = settingsOf(sampler, screened, targets, w);
  if (gen.screenFactor(runSettings) !== latentsPerDecode(runSettings)) throw new Error(`eval: the ${sampler} generator was built without the screen head its settings use`);
  const decoded: string[] = [];
  const unique: Generated[] = [];
  let [sampled, invalid] = [0, 0];
  const t0 = performance.now();
  for await (const b of gen.run({ ...settingsOf(sampler, screened, targets, w), count }, { keepDecoded: true })) {
    decoded.push(...b.decoded!);
    unique.push(...b.candidates);
    sampled += b.sampled;
    invalid += b.invalid;
  }
  // discarded: decodes that gave no molecule (0 while the SELFIES decoder cannot fail); unique: of the valid ones
  return { decoded, unique, seconds: (performance.now() - t0) / 1000, discarded: invalid / sampled, uniqueShare: unique.length / (sampled - invalid) };
}

/** Candidates' exact properties with the SA model's prediction, as the studio scores them (hit_rate_predicted_sa). */
const scored = (cands: readonly Generated[]) => cands.map((c) => ({ ...c.props, sa: c.predicted.sa.mean }));
/** Candidates' exact properties, SA from Debian RDKit's Ertl–Schuffenhauer scorer: what hit rates count. */
const scoredExact = (cands: readonly Generated[]) => {
  const sa = exactSA(cands.map((c) => c.repr));
  return cands.map((c, i) => ({ ...c.props, sa: sa[i] }));
};
const result = {
  model: 'mol-zinc',
  samples: N,
  target_samples: M,
  teacher_target_samples: MT,
  settings: { guidance, temperature, noise, aim, screen, screen_note: 'with targets, latents drawn per latent decoded; the latent property head keeps the likeliest to land in the boxes (1 = none screened)', confident, confident_note: 'fraction of decodes kept, those the decoder is surest of (1 = all)', pick, pick_note: 'without targets, fraction of the prior runs decoded, those the latent confidence head ranks surest half way (1 = all)', condition: condition === 'auto' ? 'data without targets, box with them' : condition, condition_rows: conditions.rows, seed, onnx: 'onnxruntime-web WASM in Node (browser kernels)', ...(referenceRows ? { reference_rows: referenceRows } : {}) },
  notes: [
    "SA is exact: RDKit's contributed Ertl–Schuffenhauer scorer (Debian's RDKit, scripts/rdkit_structure.py), for hit rates and w1_sa; hit_rate_predicted_sa and w1_sa_predicted use the studio's sa-mlp predictor instead. logP, MW, TPSA exact (RDKit.js); QED by src/domain/chem/qed.ts.",
    'Structure (issue 24): frag_test/scaf_test are MOSES Frag/Scaf (cosine of BRICS-fragment and of Murcko-scaffold counts, scaffolds of 2+ rings, against the test split; Debian RDKit); ring_size_tvd is the total variation distance between ring-size histograms over all RingInfo rings; frac_* and allylic_per_molecule (RDKit fr_allylic_oxid) from RDKit.js; frac_stereocentre: an atom with specified chirality. reference: the same for the test split, and a sample of the valid split as large as --samples scored against it (Frag and Scaf depend on the size of the set).',
    'frechet_descriptors_all: the Fréchet distance over all 43 standardised RDKit.js descriptors (get_descriptors()); not FCD.',
    'discarded: the fraction of decodes that gave no molecule and were dropped. unique_in_target: distinct molecules among the valid decodes of a target run.',
    'Reference (snn_test, w1_*, frechet_descriptor): the 5,000-molecule DD-VAE test split. hit_rate_data: a seeded 20,000-molecule sample of the training split.',
    'frechet_descriptor is a Fréchet distance over 10 standardised RDKit.js descriptors, not FCD.',
    'IntDiv over a seeded subsample of 5,000 valid samples; novelty against hashed canonical SMILES of the training split.',
  ],
  reference: {
    test: { molecules: test.length, ...roundAll(recordFractions(test.map((p) => p.record))) },
    valid_split: { molecules: validSplit.length, ...roundAll(structureMetrics(validSplit.map((p) => p.record), testStructure)) },
  },
  variants: [] as unknown[],
  decoder_ceiling: undefined as unknown,
  latents: undefined as unknown,
};

/** The distribution metrics of one set of decoded samples, profiled row by row (null = no molecule). */
function sampleMetrics(rows: readonly (Profile | null)[]) {
  const valid = rows.filter((p) => p !== null);
  // (a decoder that may fail can emit nothing at all: --smoke's tiny one does)
  if (valid.length === 0) return { metrics: { validity: 0, note: 'no molecule came out: nothing to measure' } as Record<string, unknown>, uniq: [] as Profile[] };
  const uniqueAt = (k: number) => {
    const first = valid.slice(0, k);
    return first.length ? new Set(first.map((p) => p.smiles)).size / first.length : Number.NaN;
  };
  const uniq = [...new Map(valid.map((p) => [p.smiles, p])).values()];
  const div = internalDiversity(FingerprintSet.from(valid.map((p) => p.fp)));
  // a molecule Debian's RDKit could not read has no exact SA: left out of that distance only
  const finite = (set: readonly Profile[], key: string) => set.map((p) => p.props[key]).filter(Number.isFinite);
  const w1 = (key: string) => wasserstein1(finite(valid, key), finite(test, key));
  const metrics = {
    validity: round(valid.length / rows.length),
    'unique@1k': round(uniqueAt(1000)),
    'unique@10k': round(uniqueAt(10000)),
    novelty: round(uniq.filter((p) => !train.has(p.smiles)).length / uniq.length),
    intdiv1: round(div.intDiv1),
    intdiv2: round(div.intDiv2),
    snn_test: round(snn(FingerprintSet.from(valid.map((p) => p.fp)), testFps)),
    filters: round(valid.filter((p) => p.filters).length / valid.length),
    w1_logp: round(w1('logp')),
    w1_qed: round(w1('qed')),
    w1_sa: round(w1('sa')),
    w1_sa_predicted: round(w1('sa_predicted')),
    w1_mw: round(w1('mw')),
    frechet_descriptor: round(frechetDescriptorDistance(valid.map((p) => p.desc), test.map((p) => p.desc))),
    frechet_descriptors_all: round(frechetDescriptorDistance(valid.map((p) => p.descAll), test.map((p) => p.descAll))),
    ...roundAll(structureMetrics(valid.map((p) => p.record), testStructure)),
  };
  return { metrics, uniq };
}

if (ceiling) {
  // What the decoder gives with a perfect prior: posterior means of training molecules, decoded as in a run.
  log(`decoder ceiling: ${N} encoded training molecules`);
  const gen = await generator('student-k4');
  const inputs = Array.from({ length: N }, () => trainAll[Math.floor(draw.next() * trainAll.length)]);
  const Z = card(g.decoder).latent as number;
  const z = new Float32Array(inputs.length * Z);
  for (const [j, smiles] of inputs.entries()) z.set(await gen.encodeLatent(smiles), j * Z);
  const decoded = await decodeAll(gen, z, Z, new Rng(seed));
  const [inRows, outRows] = [await profileRows(inputs), await profileRows(decoded)];
  const { metrics } = sampleMetrics(outRows);
  // Exact reconstructions and, of the inputs inside each target box, the share whose decodes are too: the
  // hit rate a perfectly conditioned prior could reach through this decoder.
  const same = inRows.filter((p, j) => p && p.smiles === outRows[j]?.smiles).length;
  const targets: Record<string, unknown> = {};
  for (const [name, t] of targetList) {
    const inside = inRows.flatMap((p, j) => (p && inBox(p.props, t.box) ? [j] : []));
    const kept = inside.filter((j) => outRows[j] && inBox(outRows[j]!.props, t.box)).length;
    targets[name] = { inputs_in_box: inside.length, decodes_in_box: round(kept / inside.length) };
  }
  result.decoder_ceiling = { samples: N, reconstructed: round(same / N), metrics, targets };
  log(`decoder ceiling: reconstructed ${round(same / N)} ${JSON.stringify(metrics)} ${JSON.stringify(targets)}`);
}

if (latentsFile) {
  const Z = card(g.decoder).latent as number;
  const buf = readFileSync(latentsFile);
  const all = new Float32Array(Uint8Array.from(buf).buffer); // a copy: Node may hand back an unaligned pooled buffer
  if (all.length % Z) throw new Error(`${latentsFile}: ${all.length} floats is not a whole number of ${Z}-wide latents`);
  const n = all.length / Z;
  log(`latents: ${n} rows from ${latentsFile}`);
  const decoded = await decodeAll(await generator('student-k4'), all, Z, new Rng(seed));
  if (samplesOut) writeFileSync(join(samplesOut, 'latents.smi'), decoded.join('\n') + '\n');
  const { metrics } = sampleMetrics(await profileRows(decoded));
  result.latents = { file: latentsFile, samples: n, metrics };
  log(`latents: ${JSON.stringify(metrics)}`);
  writeFileSync(outFile, JSON.stringify(result, null, 1));
}

for (const sampler of variants) {
  log(`${sampler}: ${N} unconditional samples`);
  const base = await generate(sampler, N, [], 0);
  const { metrics, uniq } = sampleMetrics(await profileRows(base.decoded));
  const targets: Record<string, unknown> = {};
  const perTarget = sampler === 'teacher' ? MT : M;
  for (const [name, t] of targetList) {
    log(`${sampler}: ${name} (${t.label}), ${perTarget} guided samples${screen > 1 ? `, screened ×${screen} and not` : ''}`);
    const run = await generate(sampler, perTarget, t.box, guidance);
    const props = scoredExact(run.unique);
    const rate = hitRate(props, t.box);
    const hits = run.unique.filter((_, i) => inBox(props[i], t.box));
    const hitFps = hits.map((c) => {
      const m = parseSmiles(rdkit, c.repr)!;
      const fp = morganFingerprint(m);
      m.delete();
      return fp;
    });
    // the same run without screening: what the prior and its guidance do on their own
    const plain = screen > 1 ? await generate(sampler, perTarget, t.box, guidance, 1) : null;
    targets[name] = {
      hit_rate: round(rate),
      hit_rate_se: round(rateStandardError(rate, props.length)),
      ...(t.box.some((b) => b.key === 'sa') ? { hit_rate_predicted_sa: round(hitRate(scored(run.unique), t.box)) } : {}),
      unique_in_target: round(run.uniqueShare),
      ...(plain ? { hit_rate_unscreened: round(hitRate(scoredExact(plain.unique), t.box)) } : {}),
      hit_rate_unconditional: round(hitRate(uniq.map((p) => p.props), t.box)),
      hit_rate_data: round(hitRate(trainSample.map((p) => p.props), t.box)),
      intdiv_hits: hits.length > 1 ? round(internalDiversity(FingerprintSet.from(hitFps)).intDiv1) : null,
      hits: hits.length,
      unique_valid: run.unique.length,
      seconds: round(run.seconds),
      ...(plain ? { unique_valid_unscreened: plain.unique.length, seconds_unscreened: round(plain.seconds) } : {}),
    };
    if (samplesOut) writeFileSync(join(samplesOut, `${sampler}-${name}.smi`), run.decoded.join('\n') + '\n');
  }
  const nfe = sampler === 'teacher' ? 2 * (card(g.samplers.teacher).steps as number) : (card(g.samplers[sampler]).steps as number);
  result.variants.push({ sampler: sampler === 'teacher' ? 'teacher' : 'student', nfe, metrics: { ...metrics, discarded: round(base.discarded) }, targets, seconds: round(base.seconds) });
  log(`${sampler}: ${JSON.stringify(metrics)}`);
  if (samplesOut) writeFileSync(join(samplesOut, `${sampler}.smi`), base.decoded.join('\n') + '\n');
  writeFileSync(outFile, JSON.stringify(result, null, 1)); // after every variant: a long run keeps what it has
}
writeFileSync(outFile, JSON.stringify(result, null, 1));
log(`wrote ${outFile}`);

