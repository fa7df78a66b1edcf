// Molecule generation: latent diffusion (teacher or distilled student) → VAE decoder → SELFIES or SMILES tokens →
// SMILES → RDKit.js canonical SMILES and properties. Batches are independent and seeded by (seed, batch index),
// so the same settings give the same candidates.
import { moleculeTokens, tokenKind, tokensToSmiles, type TokenKind } from '../../domain/chem/mol-tokens';
import { descriptors, molGraph, parseSmiles, type RDKitModule } from '../../domain/chem/rdkit';
import { Rng, sampleLogits, tokenLogProb } from '../../domain/random';
import type { SmilesHashSet } from '../../domain/metrics/hashset';
import { planOf, type BatchReport, type Generator, type RunOptions, type Target } from '../../contract/generator';
import { assertValid } from '../../contract/settings';
import { defaultCondition, latentsPerDecode, molZinc, PICK_TIME, pickFraction, type MolZincSettings } from '../../domains/drug-like/mol-zinc';
import type { ModelCard } from '../../contract/card';
import type { OnnxEngine } from '../onnx';
import { exactProps } from '../analyse';
import { predictAll } from '../predictors/molecule';
import { ddimStep, endEstimate, noiseTo, timeGrid } from './ddim';
import type { ConditionTable } from './conditions';
import { screenScores, topIndices } from './screen';

export interface GeneratorModels {
  encoder: ModelCard;
  decoderInit: ModelCard;
  decoder: ModelCard;
  sampler: ModelCard;
  /** The domain's predictors (DomainSpec.predictors) with their cards. */
  predictors: readonly { card: ModelCard; properties: readonly string[] }[];
  /** The latent property head (settings.screen); without it nothing is screened. */
  screen?: ModelCard;
  /** The latent confidence head (settings.pick); without it nothing is picked. */
  confidence?: ModelCard;
}

interface Vocab {
  /** 'selfies' or 'smiles' (absent on the cards from before SMILES decoders: SELFIES). */
  kind?: string;
  tokens: string[];
  pad: number;
  bos: number;
  eos: number;
}

export class MolGenerator implements Generator<MolZincSettings> {
  readonly #rdkit: RDKitModule;
  readonly #engine: OnnxEngine;
  readonly #m: GeneratorModels;
  readonly #train: SmilesHashSet;
  readonly #conditions: ConditionTable | null;

  constructor(rdkit: RDKitModule, engine: OnnxEngine, models: GeneratorModels, trainSet: SmilesHashSet, conditions: ConditionTable | null = null) {
    this.#rdkit = rdkit;
    this.#engine = engine;
    this.#m = models;
    this.#train = trainSet;
    this.#conditions = conditions;
  }

  get #vocab(): Vocab {
    return this.#m.decoder.vocab as Vocab;
  }

  /** How the decoder's token lists turn into SMILES (SELFIES or SMILES tokens). */
  get #kind(): TokenKind {
    return tokenKind(this.#vocab.kind);
  }

  /** The start molecule, the one setting only the models can judge (run() checks the rest against the sampler's card). */
  async check(s: MolZincSettings): Promise<void> {
    if (s.start) await this.encodeStart(s.start.smiles);
  }

  /**
   * Generate settings.count samples, yielding each batch's new unique valid molecules as it is done.
   * `shard`: produce only the batches b with b % count === index, so several workers can share a run and
   * the union is the same molecules, whatever the number of workers.
   */
  async *run(s: MolZincSettings, opts: RunOptions = {}): AsyncGenerator<BatchReport> {
    const seen = opts.seen ?? new Set<string>();
    const shard = opts.shard ?? { index: 0, count: 1 };
    checkSettings(s, this.#m.sampler);
    const start = s.start
      ? await this.encodeStart(s.start.smiles).catch((e: unknown) => {
          throw new Error(`start molecule: ${e instanceof Error ? e.message : String(e)}`);
        })
      : null;
    for (const { batch, size } of planOf(s)) {
      if (opts.signal?.aborted) return;
      if (batch % shard.count === shard.index) yield await this.#batch(s, batch, size, seen, start, opts.keepDecoded ?? false);
    }
  }

  async #batch(s: MolZincSettings, b: number, n: number, seen: Set<string>, start: Float32Array | null, keepDecoded: boolean): Promise<BatchReport> {
    const rng = Rng.derive(s.seed, b);
    const t0 = performance.now();
    const f = this.screenFactor(s);
    // decodes: enough that about n / confident of them parse, of which the n surest are kept
    const d = Math.ceil(n / (s.confident * this.validShare));
    const q = Math.ceil(d / this.pickFraction(s)); // runs of the prior, of which the confidence head lets d finish
    const drawn = await this.sampleLatents(s, q * f, rng, start, d * f); // (with targets q = d: nothing is picked)
    const z = f > 1 ? await this.screenLatents(drawn, d, s.targets) : drawn;
    const t1 = performance.now();
    const all = await this.decodeToSmiles(z, d, s.temperature, rng, d > n);
    const t2 = performance.now();
    // Every decode is parsed: the ones RDKit rejects (a SMILES decoder's slips) are discarded and counted, and
    // of the rest the n the decoder was surest of are kept, in order.
    const mols = all.smiles.map((smiles) => (smiles ? parseSmiles(this.#rdkit, smiles) : null));
    const parsed = mols.flatMap((m, i) => (m ? [i] : []));
    const invalid = d - parsed.length;
    const kept = all.confidence && parsed.length > n
      ? Array.from(topIndices(parsed.map((i) => all.confidence![i]), n), (j) => parsed[j])
      : parsed.slice(0, n);
    const keep = new Set(kept);
    for (const i of parsed) if (!keep.has(i)) mols[i]!.delete();
    const fresh: { smiles: string; mol: NonNullable<ReturnType<typeof parseSmiles>> }[] = [];
    let duplicates = 0;
    for (const i of kept) {
      const mol = mols[i]!;
      const canonical = mol.get_smiles();
      if (seen.has(canonical)) {
        duplicates++;
        mol.delete();
        continue;
      }
      seen.add(canonical);
      fresh.push({ smiles: canonical, mol });
    }
    try {
      const graphs = fresh.map((f) => molGraph(f.mol));
      const tables = fresh.map((f, i) => descriptors(f.mol, graphs[i]));
      const props = fresh.map((f, i) => exactProps(this.#rdkit, f.mol, graphs[i], tables[i]));
      const t3 = performance.now();
      const predicted = (await predictAll(this.#engine, this.#m.predictors, fresh.map((f) => f.mol), tables)).predictions;
      const t4 = performance.now();
      const candidates = fresh.map((f, i) => ({ key: f.smiles, repr: f.smiles, props: { ...props[i] }, predicted: predicted[i], novel: !this.#train.has(f.smiles) }));
      const ms = { sampler: t1 - t0, decoder: t2 - t1, chemistry: t3 - t2, predictors: t4 - t3 };
      // checked: the discarded decodes and the kept ones; set aside: the valid ones the decoder was less sure of
      const report = { batch: b, candidates, sampled: invalid + kept.length, unsure: parsed.length - kept.length, invalid, duplicates, ms };
      return keepDecoded ? { ...report, decoded: kept.map((i) => all.smiles[i]) } : report;
    } finally {
      for (const f of fresh) f.mol.delete();
    }
  }

  /**
   * The share of decodes that parse, which a run draws extra latents for: the decoder card's measured share for a
   * decoder that can fail (SMILES), 1 for one that cannot (SELFIES). Floored so a bad card cannot ask for
   * unbounded work.
   */
  get validShare(): number {
    const share = (this.#m.decoder.decodes as { valid?: number } | undefined)?.valid;
    return this.#kind === 'smiles' && typeof share === 'number' && share > 0 ? Math.max(MIN_VALID_SHARE, Math.min(1, share)) : 1;
  }

  /**
   * Latents [keep, Z] in the decoder's space, from the diffusion prior guided toward the targets. With keep < n,
   * n runs start and the confidence head keeps `keep` of them, in order, at the first step from a time at most
   * PICK_TIME (or the last step): it ranks the runs' estimates of their end points there.
   */
  async sampleLatents(s: MolZincSettings, n: number, rng: Rng, start: Float32Array | null, keep = n): Promise<Float32Array> {
    const card = this.#m.sampler;
    const { mean: zMean, std: zStd } = card.latent_norm as { mean: number[]; std: number[] };
    const Z = zMean.length;
    const P = (card.props as string[]).length;
    const condition = this.conditions(s, n, rng);
    let [c, m] = [condition.c, condition.m];
    // Without targets the data's conditions are a way to sample like the data, not a direction to push in:
    // w = 1 is the plain conditional model averaged over them.
    let w = new Float32Array(n).fill(condition.conditioning === 'data' && s.targets.length === 0 ? 1 : s.guidance);
    const k = card.steps as number;
    let grid = timeGrid(k);
    let z = rng.fillNormal(new Float32Array(n * Z));
    // The scale trims sampling from scratch toward dense regions; from a start molecule the noise is what moves
    // the samples away from it, and closeness (strength) already sets how far.
    const scale = start ? 1 : (s.noise ?? 1);
    if (scale !== 1) for (let i = 0; i < z.length; i++) z[i] *= scale;
    if (start) {
      // Start part-way: noise the start latent to the grid time nearest the strength, then denoise.
      const from = Math.max(1, Math.round((s.start?.strength ?? 1) * k));
      grid = grid.slice(k - from);
      const x = new Float32Array(n * Z);
      for (let i = 0; i < n; i++) x.set(start, i * Z);
      z = noiseTo(x, z, grid[0]);
    }
    let rows = n;
    for (let i = 0; i + 1 < grid.length; i++) {
      const t = new Float32Array(rows).fill(grid[i]);
      const { outputs } = await this.#engine.run(card, {
        z: { dtype: 'float32', data: z, dims: [rows, Z] },
        t: { dtype: 'float32', data: t, dims: [rows] },
        c: { dtype: 'float32', data: c, dims: [rows, P] },
        m: { dtype: 'float32', data: m, dims: [rows, P] },
        w: { dtype: 'float32', data: w, dims: [rows] },
      });
      let v = outputs.v.data as Float32Array;
      if (keep < rows && (grid[i] <= PICK_TIME || i + 2 === grid.length)) {
        const end = endEstimate(z, v, grid[i]);
        for (let j = 0; j < end.length; j++) end[j] = end[j] * zStd[j % Z] + zMean[j % Z];
        const picked = await this.pickIndices(end, keep);
        [z, v, c, m, w] = [gatherRows(z, picked, Z), gatherRows(v, picked, Z), gatherRows(c, picked, P), gatherRows(m, picked, P), gatherRows(w, picked, 1)];
        rows = keep;
      }
      ddimStep(z, v, grid[i], grid[i + 1]);
    }
    for (let i = 0; i < z.length; i++) z[i] = z[i] * zStd[i % Z] + zMean[i % Z];
    return z;
  }

  /** Latents drawn per latent decoded: latentsPerDecode, or 1 without the head. */
  screenFactor(s: MolZincSettings): number {
    return this.#m.screen ? latentsPerDecode(s) : 1;
  }

  /** Fraction of the latents the confidence head passes (MolZincSettings.pick), or 1 without the head. */
  pickFraction(s: MolZincSettings): number {
    return this.#m.confidence ? pickFraction(s) : 1;
  }

  /** Indices of the `keep` latents [n, Z] (decoder space) the confidence head ranks surest, ascending. */
  async pickIndices(z: Float32Array, keep: number): Promise<number[]> {
    const card = this.#m.confidence!;
    const Z = card.latent as number;
    const { outputs } = await this.#engine.run(card, { z: { dtype: 'float32', data: z, dims: [z.length / Z, Z] } });
    return Array.from(topIndices(outputs.mean.data as Float32Array, keep));
  }

  /** The `keep` of the latents [n, Z] (decoder space) likeliest to decode inside every target box, in order. */
  async screenLatents(z: Float32Array, keep: number, targets: readonly Target[]): Promise<Float32Array> {
    const card = this.#m.screen!;
    const Z = card.latent as number;
    const n = z.length / Z;
    const { outputs } = await this.#engine.run(card, { z: { dtype: 'float32', data: z, dims: [n, Z] } });
    const score = screenScores(outputs.mean.data as Float32Array, outputs.std.data as Float32Array, card.props as string[], targets);
    return gatherRows(z, Array.from(topIndices(score, keep)), Z);
  }

  /** Normalised condition vectors c and masks m [n, P] (1 = conditioned on, 0 = left free). */
  conditions(s: MolZincSettings, n: number, rng: Rng): { c: Float32Array; m: Float32Array; conditioning: 'data' | 'box' } {
    const card = this.#m.sampler;
    const { mean: pMean, std: pStd } = card.prop_norm as { mean: number[]; std: number[] };
    const props = card.props as string[];
    const P = props.length;
    const range = card.prop_range as { lo: number[]; hi: number[] } | undefined;
    const boxes = s.targets.map((target) => {
      const j = props.indexOf(target.key);
      const [lo, hi] = conditionBox(target, range ? [range.lo[j], range.hi[j]] : undefined, s.aim ?? 0);
      return { prop: j, lo, hi };
    });
    const c = new Float32Array(n * P);
    const m = new Float32Array(n * P);
    const table = this.#conditions;
    if (table && (s.condition === 'auto' ? defaultCondition(s) : s.condition) === 'data') {
      const columns = props.map((key) => {
        const col = table.props.indexOf(key);
        if (col < 0) throw new Error(`the condition table has no "${key}" (it has ${table.props.join(', ')})`);
        return col;
      });
      const rows = table.inside(boxes.map((b) => ({ ...b, prop: columns[b.prop] })));
      if (rows.length >= MIN_CONDITION_ROWS) {
        const T = table.props.length;
        for (let i = 0; i < n; i++) {
          const r = rows[Math.floor(rng.next() * rows.length)];
          for (let j = 0; j < P; j++) {
            c[i * P + j] = (table.values[r * T + columns[j]] - pMean[j]) / pStd[j];
            m[i * P + j] = 1;
          }
        }
        return { c, m, conditioning: 'data' };
      }
    }
    for (const { prop: j, lo, hi } of boxes) {
      for (let i = 0; i < n; i++) {
        // a value drawn from the (aimed) box for each molecule: the samples spread over the target
        c[i * P + j] = (lo + (hi - lo) * rng.next() - pMean[j]) / pStd[j];
        m[i * P + j] = 1;
      }
    }
    return { c, m, conditioning: 'box' };
  }

  /**
   * Latents [n, Z] to SMILES strings ('' when a row decodes to nothing), with each decode's confidence if `scored`.
   * Whether a string is a molecule is RDKit's call: a SMILES decoder's slips are strings it rejects.
   */
  async decodeToSmiles(z: Float32Array, n: number, temperature: number, rng: Rng, scored = false): Promise<{ smiles: string[]; confidence: Float64Array | null }> {
    const [vocab, kind] = [this.#vocab.tokens, this.#kind];
    const { tokens, confidence } = await this.decodeLatents(z, n, temperature, rng, scored);
    return { smiles: tokens.map((ids) => tokensToSmiles(kind, ids.map((i) => vocab[i]))), confidence };
  }

  /**
   * Autoregressive decoding; rows that reach [eos] leave the batch so later steps cost less. The start model
   * runs once per molecule (h0 and z's share of the GRU input, zx), so each step only multiplies by h.
   * `confidence` (if `scored`: a softmax over the vocabulary per token, skipped when nothing is set aside): each row's mean
   * log-probability of the tokens chosen at temperature 1, [eos] included.
   */
  async decodeLatents(z: Float32Array, n: number, temperature: number, rng: Rng, scored = false): Promise<{ tokens: number[][]; confidence: Float64Array | null }> {
    const card = this.#m.decoder;
    const { tokens: vocab, pad, bos, eos } = this.#vocab;
    const V = vocab.length;
    const H = card.hidden as number;
    const Z = card.latent as number;
    const maxLen = card.max_len as number;
    const out: number[][] = Array.from({ length: n }, () => []);
    const logp = scored ? new Float64Array(n) : null; // summed, then divided by the tokens chosen
    if (n === 0) return { tokens: out, confidence: logp };
    const start = await this.#engine.run(this.#m.decoderInit, { z: { dtype: 'float32', data: z, dims: [n, Z] } });
    let h = start.outputs.h0.data as Float32Array;
    let zx = start.outputs.zx.data as Float32Array;
    let rows = Array.from({ length: n }, (_, i) => i);
    let token = new BigInt64Array(n).fill(BigInt(bos));
    const banned = [pad, bos];
    for (let step = 0; step < maxLen && rows.length > 0; step++) {
      const r = rows.length;
      const { outputs } = await this.#engine.run(card, {
        token: { dtype: 'int64', data: token, dims: [r] },
        h: { dtype: 'float32', data: h, dims: [r, H] },
        zx: { dtype: 'float32', data: zx, dims: [r, 3 * H] },
      });
      const logits = outputs.logits.data as Float32Array;
      const hNext = outputs.h_next.data as Float32Array;
      const keep: number[] = [];
      const next: number[] = [];
      for (let j = 0; j < r; j++) {
        const id = sampleLogits(logits, j * V, V, temperature, rng, banned);
        if (logp) logp[rows[j]] += tokenLogProb(logits, j * V, V, id, banned);
        if (id === eos) continue;
        out[rows[j]].push(id);
        keep.push(j);
        next.push(id);
      }
      if (keep.length === r) {
        h = hNext;
        token = BigInt64Array.from(next, BigInt);
        continue;
      }
      h = gatherRows(hNext, keep, H);
      zx = gatherRows(zx, keep, 3 * H);
      token = BigInt64Array.from(next, BigInt);
      rows = keep.map((j) => rows[j]);
    }
    if (logp) for (let i = 0; i < n; i++) logp[i] /= out[i].length + (out[i].length < maxLen ? 1 : 0); // + the [eos] when one came
    return { tokens: out, confidence: logp };
  }

  /** The normalised latent (posterior mean) of a start molecule. */
  async encodeStart(smiles: string): Promise<Float32Array> {
    const mu = await this.encodeLatent(smiles);
    const { mean, std } = this.#m.sampler.latent_norm as { mean: number[]; std: number[] };
    return mu.map((v, i) => (v - mean[i]) / std[i]);
  }

  /** A molecule's posterior mean in the decoder's latent space. */
  async encodeLatent(smiles: string): Promise<Float32Array> {
    const mol = parseSmiles(this.#rdkit, smiles);
    if (!mol) throw new Error(`RDKit cannot read "${smiles}" as a molecule`);
    const kind = this.#kind;
    let toks: string[];
    try {
      toks = moleculeTokens(kind, (kekule) => (kekule ? mol.get_smiles(JSON.stringify({ doKekule: true })) : mol.get_smiles()));
    } finally {
      mol.delete();
    }
    const { tokens: vocab, eos } = this.#vocab;
    const L = this.#m.encoder.max_len as number;
    const unknown = toks.filter((t) => !vocab.includes(t));
    if (unknown.length) throw new Error(`the model never saw the ${kind.toUpperCase()} ${unknown.length > 1 ? 'tokens' : 'token'} ${unknown.join(', ')} in training`);
    if (toks.length + 1 > L) throw new Error(`too long for the model (${toks.length} ${kind.toUpperCase()} tokens, at most ${L - 1})`);
    const ids = new BigInt64Array(L);
    toks.forEach((t, i) => (ids[i] = BigInt(vocab.indexOf(t))));
    ids[toks.length] = BigInt(eos);
    const { outputs } = await this.#engine.run(this.#m.encoder, { tokens: { dtype: 'int64', data: ids, dims: [1, L] } });
    return Float32Array.from(outputs.mu.data as Float32Array);
  }
}

/** The least share of parsing decodes a run plans for: at worst five decodes per molecule kept. */
export const MIN_VALID_SHARE = 0.2;

/** Fewest training molecules inside the target boxes for conditioning on them ('data'); fewer repeat too often. */
export const MIN_CONDITION_ROWS = 50;


/**
 * The values a target is conditioned on: the part of its box inside the training data's range, where the
 * prior has seen examples (an open side such as QED ≤ 1 would otherwise ask for molecules that do not
 * exist); the whole box when the two do not overlap, so a box beyond the data still pulls toward it.
 * `aim` then trims that fraction of the width from each end (0.25 keeps the middle half).
 */
export function conditionBox(target: Target, range?: [number, number], aim = 0): [number, number] {
  let [lo, hi] = [target.min, target.max];
  if (range && Math.max(lo, range[0]) <= Math.min(hi, range[1])) [lo, hi] = [Math.max(lo, range[0]), Math.min(hi, range[1])];
  const trim = aim * (hi - lo);
  return [lo + trim, hi - trim];
}

function gatherRows(a: Float32Array, rows: number[], width: number): Float32Array<ArrayBuffer> {
  const out = new Float32Array(rows.length * width);
  rows.forEach((r, i) => out.set(a.subarray(r * width, (r + 1) * width), i * width));
  return out;
}

/** The family's own checks (molZinc.validate, the same as the panel's), then the sampler card's properties. */
export function checkSettings(s: MolZincSettings, sampler: ModelCard): void {
  assertValid(molZinc.validate(s));
  const props = sampler.props as string[];
  for (const t of s.targets) if (!props.includes(t.key)) throw new Error(`unknown property "${t.key}" (the model knows ${props.join(', ')})`);
}

export { batchPlan, BATCH_SIZE } from '../../contract/generator';
