// Crystal generation: the flow sampler (flow.ts) → cells and structures → CDVAE's structural validity → required
// elements → duplicates and novelty with the structure matcher (pymatgen's default tolerances, compared only
// within the same reduced formula) → symmetry (moyo) → exact properties and the predictor ensemble. Batches are
// independent and seeded by (seed, batch index), so the same settings give the same crystals.
import { planOf, type BatchReport, type Generated, type Generator, type RunOptions } from '../../contract/generator';
import type { PropertySpec } from '../../contract/domain';
import type { ModelCard } from '../../contract/card';
import { CRYSTAL_STEPS, type CrystalFlowSettings } from '../../domains/crystal-flow';
import { Rng } from '../../domain/random';
import { latticeFromParams } from '../../domain/crystal/lattice';
import { makeStructure, type Structure } from '../../domain/crystal/structure';
import { structuralValidity } from '../../domain/crystal/validity';
import { reducedFormula } from '../../domain/crystal/composition';
import { parseFormula } from '../../domain/crystal/formula';
import type { Prepared } from '../../domain/crystal/matcher';
import { StructureIndex } from '../../domain/crystal/structure-index';
import { analyzeSymmetry, compactSymbol, DISPLAY_SYMPREC } from '../../domain/crystal/symmetry';
import { writeCif } from '../../domain/crystal/cif';
import type { MoyoApi } from '../../domain/crystal/moyo';
import type { OnnxEngine } from '../onnx';
import { predictCrystals } from '../predictors/crystal';
import { exactCrystalProps } from '../analyse-crystal';
import { cellParams, integrate, samplerOf, type SamplerCard } from './flow';

export interface CrystalModels {
  sampler: ModelCard;
  /** The distilled student (dt and w are inputs) rather than the teacher. */
  student: boolean;
  predictor: { card: ModelCard; properties: readonly string[] };
}

/** Values conditioned on are drawn from the middle of each target box: the samples scatter around what is asked. */
const AIM = 0.2;

export { StructureIndex };

export class CrystalGenerator implements Generator<CrystalFlowSettings> {
  readonly #engine: OnnxEngine;
  readonly #m: CrystalModels;
  readonly #train: () => StructureIndex;
  readonly #moyo: MoyoApi | null;
  readonly #properties: readonly PropertySpec[];
  readonly #sc: SamplerCard;

  /** `train` builds the training-set index when first needed (preparing thousands of structures takes a moment). */
  constructor(engine: OnnxEngine, models: CrystalModels, train: () => StructureIndex, moyo: MoyoApi | null, properties: readonly PropertySpec[]) {
    this.#engine = engine;
    this.#m = models;
    this.#train = train;
    this.#moyo = moyo;
    this.#properties = properties;
    this.#sc = samplerOf(models.sampler);
  }

  async *run(s: CrystalFlowSettings, opts: RunOptions = {}): AsyncGenerator<BatchReport> {
    const shard = opts.shard ?? { index: 0, count: 1 };
    const seen = new StructureIndex();
    const given = s.formula ? this.#givenSpecies(s.formula) : null;
    for (const { batch, size } of planOf(s)) {
      if (opts.signal?.aborted) return;
      if (batch % shard.count === shard.index) yield await this.#batch(s, batch, size, seen, given, opts.keepDecoded ?? false);
    }
  }

  /** The formula's atoms as vocabulary indices (settings were validated: every element is known, and they fit). */
  #givenSpecies(formula: string): number[] {
    const counts = parseFormula(formula).counts;
    const out: number[] = [];
    for (const [e, n] of Object.entries(counts)) for (let i = 0; i < n; i++) out.push(this.#sc.vocab.indexOf(e));
    return out;
  }

  async #batch(s: CrystalFlowSettings, b: number, n: number, seen: StructureIndex, given: number[] | null, keepDecoded: boolean): Promise<BatchReport> {
    const sc = this.#sc;
    const A = sc.max_atoms;
    const P = sc.props.length;
    const rng = Rng.derive(s.seed, b);
    const t0 = performance.now();
    const natoms = new Int32Array(n);
    for (let i = 0; i < n; i++) natoms[i] = given ? given.length : drawCount(sc.natoms_hist, rng, s.elements.include.length);
    const c = new Float32Array(n * P);
    const m = new Float32Array(n * P);
    for (const t of s.targets) {
      const j = sc.props.indexOf(t.key);
      if (j < 0) continue;
      const spec = this.#properties.find((p) => p.key === t.key);
      const lo = Math.max(t.min, spec?.range[0] ?? t.min);
      const hi = Math.min(t.max, spec?.range[1] ?? t.max);
      for (let i = 0; i < n; i++) {
        const v = lo + (AIM + (1 - 2 * AIM) * rng.next()) * (hi - lo);
        c[i * P + j] = (v - sc.prop_mean[j]) / sc.prop_std[j];
        m[i * P + j] = 1;
      }
    }
    const allowed = new Uint8Array(sc.vocab.length).fill(1);
    for (const e of s.elements.exclude) allowed[sc.vocab.indexOf(e)] = 0;
    let givenIdx: Int32Array | undefined;
    if (given) {
      givenIdx = new Int32Array(n * A).fill(-1);
      for (let i = 0; i < n; i++) givenIdx.set(given, i * A);
    }
    const out = await integrate(this.#engine, this.#m.sampler, this.#m.student, { natoms, c, m, w: s.guidance, steps: CRYSTAL_STEPS[s.sampler], given: givenIdx, allowed }, rng);
    const tFlow = performance.now();

    const decoded: string[] = [];
    const kept: { s: Structure; p: Prepared }[] = [];
    let invalid = 0;
    let unsure = 0;
    let duplicates = 0;
    for (let i = 0; i < n; i++) {
      const structure = this.#structure(out, i, natoms[i]);
      if (keepDecoded) decoded.push(structure ? writeCif(structure) : '');
      if (!structure || !structuralValidity(structure).valid) {
        invalid++;
        continue;
      }
      if (s.elements.include.some((e) => !structure.species.includes(e))) {
        unsure++;
        continue;
      }
      const p = seen.matcher.prepare(structure);
      if (seen.find(p)) {
        duplicates++;
        continue;
      }
      seen.add(p);
      kept.push({ s: structure, p });
    }
    const tCheck = performance.now();
    const train = this.#train();
    const novel = kept.map(({ p }) => !train.find(p));
    const tNovel = performance.now();
    const { predictions } = await predictCrystals(this.#engine, this.#m.predictor.card, this.#m.predictor.properties, kept.map((k) => k.s), A);
    const tPredict = performance.now();
    const candidates: Generated[] = kept.map(({ s: st, p }, i) => {
      const sym = this.#moyo ? analyzeSymmetry(this.#moyo, st, DISPLAY_SYMPREC) : null;
      const formula = p.formula;
      return {
        key: `${formula}|${b}.${i}`,
        repr: writeCif(st, formula),
        props: exactCrystalProps(st, sym),
        predicted: predictions[i] ?? {},
        novel: novel[i],
        tags: { formula, ...(sym ? { symbol: compactSymbol(sym.symbol) } : {}) },
      };
    });
    const tEnd = performance.now();
    return {
      batch: b,
      candidates,
      sampled: n - unsure,
      unsure,
      invalid,
      duplicates,
      ms: { flow: tFlow - t0, check: tCheck - tFlow, novelty: tNovel - tCheck, predict: tPredict - tNovel, symmetry: tEnd - tPredict },
      ...(keepDecoded ? { decoded } : {}),
    };
  }

  /** Sample i as a structure, or null when its cell is impossible (angles that close no cell, a flat cell). */
  #structure(out: { lattice: Float32Array; frac: Float32Array; species: Int32Array }, i: number, count: number): Structure | null {
    const sc = this.#sc;
    const A = sc.max_atoms;
    const [a, b, c, alpha, beta, gamma] = cellParams(sc, out.lattice, i, count);
    const species: string[] = [];
    const frac: [number, number, number][] = [];
    for (let j = 0; j < count; j++) {
      species.push(sc.vocab[out.species[i * A + j]]);
      const o = (i * A + j) * 3;
      frac.push([out.frac[o], out.frac[o + 1], out.frac[o + 2]]);
    }
    try {
      return makeStructure(latticeFromParams({ a, b, c, alpha, beta, gamma }), species, frac);
    } catch {
      return null;
    }
  }
}

/** An atom count from the training histogram (at least `min`, so required elements fit). */
function drawCount(hist: readonly number[], rng: Rng, min: number): number {
  let total = 0;
  for (let k = Math.max(min, 1); k < hist.length; k++) total += hist[k];
  if (total <= 0) return Math.max(min, hist.length - 1);
  let u = rng.next() * total;
  for (let k = Math.max(min, 1); k < hist.length; k++) {
    u -= hist[k];
    if (u < 0) return k;
  }
  return hist.length - 1;
}
