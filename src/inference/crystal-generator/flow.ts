// The crystal flow's Euler sampler on the ONNX denoiser, as the card's "sampler" section describes it (and
// models/crystal/model.py `sample` does in PyTorch): noise at t = 0 (lattice ~ N(0, I), fractional coordinates
// ~ U[0, 1), species ~ N(0, I) or the given one-hot), then `steps` Euler steps to t = 1. The teacher needs a
// guided pair of evaluations per step when targets are set and w ≠ 1; the student takes w and dt as inputs.
// Forbidden elements get no probability at any step, so the species flow never heads for them.
import type { ModelCard, TensorData } from '../../contract/card';
import type { Rng } from '../../domain/random';
import type { OnnxEngine } from '../onnx';

export interface SamplerCard {
  vocab: string[];
  max_atoms: number;
  natoms_hist: number[];
  props: string[];
  prop_mean: number[];
  prop_std: number[];
  lattice: { mean: number[]; std: number[] };
  /** Anti-annealing of the coordinate velocity, v_frac × (1 + anneal·t): late steps commit to a site instead of
   * leaving two atoms half-way (absent = 0; students learned annealed paths and say 0). */
  anneal?: number;
}

export function samplerOf(card: ModelCard): SamplerCard {
  const s = card.sampler as SamplerCard | undefined;
  if (!s || !Array.isArray(s.vocab) || !Array.isArray(s.props) || !s.lattice) throw new Error(`model card ${card.id} has no "sampler" section`);
  return s;
}

export interface FlowBatch {
  /** Atoms per crystal, [B]. */
  natoms: Int32Array;
  /** Normalised property targets and their mask, [B, P]. */
  c: Float32Array;
  m: Float32Array;
  /** Guidance weight. */
  w: number;
  steps: number;
  /** Structure prediction: element index per atom, [B, A] (-1 on padding). */
  given?: Int32Array;
  /** 1 for each vocabulary element allowed, [V]. */
  allowed: Uint8Array;
}

export interface FlowResult {
  /** Model lattice coordinates at t = 1 (normalised), [B, 6]. */
  lattice: Float32Array;
  /** [B, A, 3] in [0, 1). */
  frac: Float32Array;
  /** Element index per atom, -1 on padding, [B, A]. */
  species: Int32Array;
}

const f32 = (data: Float32Array, dims: number[]): TensorData => ({ dtype: 'float32', data, dims });

export async function integrate(engine: OnnxEngine, card: ModelCard, student: boolean, job: FlowBatch, rng: Rng): Promise<FlowResult> {
  const sc = samplerOf(card);
  const A = sc.max_atoms;
  const V = sc.vocab.length;
  const P = sc.props.length;
  const B = job.natoms.length;
  const mask = new Float32Array(B * A);
  for (let b = 0; b < B; b++) for (let j = 0; j < job.natoms[b]; j++) mask[b * A + j] = 1;
  const lat = rng.fillNormal(new Float32Array(B * 6));
  const frac = new Float32Array(B * A * 3);
  for (let i = 0; i < frac.length; i++) frac[i] = rng.next();
  const spec = new Float32Array(B * A * V);
  if (job.given) {
    for (let i = 0; i < B * A; i++) if (mask[i] && job.given[i] >= 0) spec[i * V + job.given[i]] = 1;
  } else rng.fillNormal(spec);
  for (let i = 0; i < B * A; i++) if (!mask[i]) spec.fill(0, i * V, (i + 1) * V);
  const given = new Float32Array(B).fill(job.given ? 1 : 0);
  const anyTarget = job.m.some((x) => x > 0);
  const pair = !student && anyTarget && job.w !== 1;
  const dt = 1 / job.steps;
  const anneal = sc.anneal ?? 0;
  const restricted = job.allowed.some((x) => !x);

  for (let i = 0; i < job.steps; i++) {
    const t0 = i / job.steps;
    let vl: Float32Array, vf: Float32Array, p: Float32Array;
    if (student) {
      const out = await run(engine, card, { lat, frac, spec, mask, t: t0, c: job.c, m: job.m, given, B, A, V, P, extra: { dt, w: job.w } });
      [vl, vf, p] = out;
    } else if (!pair) {
      [vl, vf, p] = await run(engine, card, { lat, frac, spec, mask, t: t0, c: job.c, m: job.m, given, B, A, V, P });
    } else {
      // the conditional and unconditional halves in one call: out = uncond + w (cond - uncond)
      const two = (x: Float32Array) => {
        const y = new Float32Array(2 * x.length);
        y.set(x);
        y.set(x, x.length);
        return y;
      };
      const m2 = new Float32Array(2 * B * P);
      m2.set(job.m);
      const [l2, f2, p2] = await run(engine, card, { lat: two(lat), frac: two(frac), spec: two(spec), mask: two(mask), t: t0, c: two(job.c), m: m2, given: two(given), B: 2 * B, A, V, P });
      const mix = (x: Float32Array) => {
        const n = x.length / 2;
        const out = new Float32Array(n);
        for (let k = 0; k < n; k++) out[k] = x[n + k] + job.w * (x[k] - x[n + k]);
        return out;
      };
      [vl, vf, p] = [mix(l2), mix(f2), mix(p2)];
    }
    for (let k = 0; k < lat.length; k++) lat[k] += dt * vl[k];
    const df = dt * (1 + anneal * t0);
    for (let k = 0; k < frac.length; k++) {
      const x = frac[k] + df * vf[k];
      frac[k] = x - Math.floor(x);
    }
    if (!job.given) {
      const gap = 1 - t0;
      for (let a = 0; a < B * A; a++) {
        if (!mask[a]) continue;
        const o = a * V;
        // Nothing forbidden: the model's (guided) distribution as it is, as the PyTorch sampler does. Otherwise
        // the allowed elements' share of it, renormalised.
        let total = 1;
        if (restricted) {
          total = 0;
          for (let v = 0; v < V; v++) total += job.allowed[v] ? Math.max(p[o + v], 0) : 0;
        }
        for (let v = 0; v < V; v++) {
          const target = !restricted ? p[o + v] : job.allowed[v] && total > 0 ? Math.max(p[o + v], 0) / total : 0;
          spec[o + v] += (dt * (target - spec[o + v])) / gap;
        }
      }
    }
  }

  const species = new Int32Array(B * A).fill(-1);
  for (let a = 0; a < B * A; a++) {
    if (!mask[a]) continue;
    if (job.given) {
      species[a] = job.given[a];
      continue;
    }
    let best = -1;
    for (let v = 0; v < V; v++) if (job.allowed[v] && (best < 0 || spec[a * V + v] > spec[a * V + best])) best = v;
    species[a] = best;
  }
  for (let a = 0; a < B * A; a++) if (!mask[a]) frac.fill(0, a * 3, a * 3 + 3);
  return { lattice: lat, frac, species };
}

interface Feeds {
  lat: Float32Array;
  frac: Float32Array;
  spec: Float32Array;
  mask: Float32Array;
  t: number;
  c: Float32Array;
  m: Float32Array;
  given: Float32Array;
  B: number;
  A: number;
  V: number;
  P: number;
  extra?: { dt: number; w: number };
}

async function run(engine: OnnxEngine, card: ModelCard, x: Feeds): Promise<[Float32Array, Float32Array, Float32Array]> {
  const { B, A, V, P } = x;
  const feeds: Record<string, TensorData> = {
    lattice: f32(x.lat, [B, 6]),
    frac: f32(x.frac, [B, A, 3]),
    species: f32(x.spec, [B, A, V]),
    mask: f32(x.mask, [B, A]),
    t: f32(new Float32Array(B).fill(x.t), [B]),
    c: f32(x.c, [B, P]),
    m: f32(x.m, [B, P]),
    given: f32(x.given, [B]),
  };
  if (x.extra) {
    feeds.dt = f32(new Float32Array(B).fill(x.extra.dt), [B]);
    feeds.w = f32(new Float32Array(B).fill(x.extra.w), [B]);
  }
  const { outputs } = await engine.run(card, feeds);
  return [outputs.v_lattice.data as Float32Array, outputs.v_frac.data as Float32Array, outputs.p_species.data as Float32Array];
}

/** Model lattice coordinates → a, b, c (Å), α, β, γ (degrees) for a crystal of n atoms (the card's "to_cell"). */
export function cellParams(sc: SamplerCard, lattice: Float32Array, b: number, n: number): [number, number, number, number, number, number] {
  const x = (k: number) => lattice[b * 6 + k] * sc.lattice.std[k] + sc.lattice.mean[k];
  const scale = Math.cbrt(n);
  const deg = 180 / Math.PI;
  return [Math.exp(x(0)) * scale, Math.exp(x(1)) * scale, Math.exp(x(2)) * scale, x(3) * deg, x(4) * deg, x(5) * deg];
}
