// Crystal predictors as registry entries (DomainSpec.predictors): a structure in its Niggli cell (as
// models/crystal/prepare.py made the training data) → the ONNX deep ensemble → a calibrated mean and σ per
// property. The network pools over atoms, so larger cells than the training data's can be scored up to `maxAtoms`
// sites (the caller's limit); past it, or with an element it never saw, a structure gets no prediction.
import type { ModelCard } from '../../contract/card';
import type { Prediction } from '../../contract/generator';
import { latticeParams } from '../../domain/crystal/lattice';
import { niggliStructure } from '../../domain/crystal/niggli';
import type { Structure } from '../../domain/crystal/structure';
import type { Backend, OnnxEngine } from '../onnx';

export function predictorVocab(card: ModelCard): string[] {
  const v = card.vocab as string[] | undefined;
  if (!Array.isArray(v) || !v.length) throw new Error(`model card ${card.id} has no "vocab"`);
  return v;
}

/** Why the predictor cannot score a structure (too many sites, an element it never saw), or null. */
export function unpredictable(card: ModelCard, s: Structure, maxAtoms: number): string | null {
  if (s.species.length > maxAtoms) return `${s.species.length} sites; the predictor knows cells of up to ${maxAtoms}`;
  const vocab = predictorVocab(card);
  const unknown = [...new Set(s.species)].filter((e) => !vocab.includes(e));
  return unknown.length ? `${unknown.join(', ')} not in the predictor's training data` : null;
}

export async function predictCrystals(
  engine: OnnxEngine,
  card: ModelCard,
  properties: readonly string[],
  structures: readonly Structure[],
  maxAtoms: number,
): Promise<{ predictions: (Record<string, Prediction> | null)[]; backend: Backend | null }> {
  const vocab = predictorVocab(card);
  const index = new Map(vocab.map((e, i) => [e, i]));
  const V = vocab.length;
  const rows = structures.map((s, i) => ({ s, i })).filter(({ s }) => unpredictable(card, s, maxAtoms) === null);
  const out: (Record<string, Prediction> | null)[] = structures.map(() => null);
  if (!rows.length) return { predictions: out, backend: null };
  const B = rows.length;
  // The network pools over atoms (masked), so a batch takes its largest cell's atom count.
  const A = Math.max(...rows.map(({ s }) => s.species.length));
  const lattice = new Float32Array(B * 6);
  const frac = new Float32Array(B * A * 3);
  const species = new Float32Array(B * A * V);
  const mask = new Float32Array(B * A);
  rows.forEach(({ s }, b) => {
    const n = niggliStructure(s);
    const p = latticeParams(n.lattice);
    lattice.set([p.a, p.b, p.c, p.alpha, p.beta, p.gamma], b * 6);
    n.species.forEach((e, j) => {
      frac.set(n.frac[j], (b * A + j) * 3);
      species[(b * A + j) * V + index.get(e)!] = 1;
      mask[b * A + j] = 1;
    });
  });
  const { outputs, backend } = await engine.run(card, {
    lattice: { dtype: 'float32', data: lattice, dims: [B, 6] },
    frac: { dtype: 'float32', data: frac, dims: [B, A, 3] },
    species: { dtype: 'float32', data: species, dims: [B, A, V] },
    mask: { dtype: 'float32', data: mask, dims: [B, A] },
  });
  const mean = outputs.mean.data as Float32Array;
  const std = outputs.std.data as Float32Array;
  const P = properties.length;
  if (mean.length !== B * P) throw new Error(`model ${card.id} gave ${mean.length} means for ${B} crystals × ${P} properties (${properties.join(', ')})`);
  // The card's floors: a band gap cannot be negative, though an ensemble's mean for a metal can land below 0.
  const floor = (card.floor ?? {}) as Record<string, number>;
  const at = (k: string, x: number) => (typeof floor[k] === 'number' ? Math.max(floor[k], x) : x);
  rows.forEach(({ i }, b) => (out[i] = Object.fromEntries(properties.map((k, j) => [k, { mean: at(k, mean[b * P + j]), std: std[b * P + j] }]))));
  return { predictions: out, backend };
}
