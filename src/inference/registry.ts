// Declarative list of the models the app ships. The UI builds itself from this list and the cards,
// so a new model is one entry here plus its files in static/models/.
import type { ModelCard } from './card';
import { fetchRetrying } from './fetch-retry';

export interface ModelEntry {
  id: string;
  family: 'predictors' | 'mol-generator' | 'crystal-generator';
  domain: 'drug-like' | 'small-organic' | 'perovskite' | 'carbon';
  /** For predictors: the property key it predicts (matches the card's property.key). */
  property?: string;
}

export const MODELS: readonly ModelEntry[] = [
  { id: 'sa-mlp', family: 'predictors', domain: 'drug-like', property: 'sa' },
  { id: 'mol-zinc-encoder', family: 'mol-generator', domain: 'drug-like' },
  { id: 'mol-zinc-decoder-init', family: 'mol-generator', domain: 'drug-like' },
  { id: 'mol-zinc-decoder', family: 'mol-generator', domain: 'drug-like' },
  { id: 'mol-zinc-teacher', family: 'mol-generator', domain: 'drug-like' },
  { id: 'mol-zinc-student-k4', family: 'mol-generator', domain: 'drug-like' },
  { id: 'mol-zinc-student-k2', family: 'mol-generator', domain: 'drug-like' },
  { id: 'mol-zinc-student-k1', family: 'mol-generator', domain: 'drug-like' },
  { id: 'mol-zinc-latent-props', family: 'mol-generator', domain: 'drug-like' },
  { id: 'mol-zinc-latent-confidence', family: 'mol-generator', domain: 'drug-like' },
];

/** A generator is a set of models working together; the studio builds its design panel from this. */
export interface GeneratorEntry {
  id: string;
  domain: ModelEntry['domain'];
  label: string;
  encoder: string;
  /** Per-molecule start of the decoder (h0 and z's share of the input gates), run once before its steps. */
  decoderInit: string;
  decoder: string;
  /** Sampler id -> model id; the student with the fewest steps first. */
  samplers: Record<'student-k1' | 'student-k2' | 'student-k4' | 'teacher', string>;
  /** Sorted 64-bit hashes of the training set's canonical SMILES (novelty flags). */
  trainSet: string;
  /**
   * Property vectors of training molecules (float32 rows in props order, models/mol_zinc/stats.ts) that the
   * prior is conditioned on (GenerateSettings.condition).
   */
  conditions: { file: string; props: readonly string[] };
  /** Training-set property histograms and a sample of property vectors (models/mol_zinc/stats.ts). */
  stats: string;
  predictors: { sa: string };
  /** The latent property head that screens the prior's latents toward the targets (GenerateSettings.screen). */
  screen: string;
  /** The latent confidence head that picks the latents the decoder will be surest of (GenerateSettings.pick). */
  confidence: string;
}

export const GENERATORS: readonly GeneratorEntry[] = [
  {
    id: 'mol-zinc',
    domain: 'drug-like',
    label: 'Drug-like molecules (ZINC250k)',
    encoder: 'mol-zinc-encoder',
    decoderInit: 'mol-zinc-decoder-init',
    decoder: 'mol-zinc-decoder',
    samplers: { 'student-k1': 'mol-zinc-student-k1', 'student-k2': 'mol-zinc-student-k2', 'student-k4': 'mol-zinc-student-k4', teacher: 'mol-zinc-teacher' },
    trainSet: 'mol-zinc-train.hashes',
    conditions: { file: 'mol-zinc-conditions.f32', props: ['logp', 'qed', 'sa', 'mw', 'tpsa'] },
    stats: 'mol-zinc-stats.json',
    predictors: { sa: 'sa-mlp' },
    screen: 'mol-zinc-latent-props',
    confidence: 'mol-zinc-latent-confidence',
  },
];

export function generatorEntry(id: string): GeneratorEntry {
  const g = GENERATORS.find((x) => x.id === id);
  if (!g) throw new Error(`unknown generator "${id}" (registered: ${GENERATORS.map((x) => x.id).join(', ')})`);
  return g;
}

export function modelEntry(id: string): ModelEntry {
  const e = MODELS.find((m) => m.id === id);
  if (!e) throw new Error(`unknown model "${id}" (registered: ${MODELS.map((m) => m.id).join(', ')})`);
  return e;
}

/** Fetch a model's card from <base>/<id>.json and check it describes that model. */
export async function loadCard(id: string, modelBaseUrl: string): Promise<ModelCard> {
  modelEntry(id);
  const url = new URL(`${id}.json`, modelBaseUrl).href;
  const text = await fetchRetrying(url, async (res) => {
    if (!res.ok) throw new Error(`model card for ${id} not found at ${url} (HTTP ${res.status})`);
    return res.text();
  });
  let card: ModelCard;
  try {
    card = JSON.parse(text) as ModelCard;
  } catch {
    throw new Error(`model card for ${id} at ${url} is not JSON (is the model missing from static/models/?)`);
  }
  if (card.id !== id) throw new Error(`model card at ${url} describes "${card.id}", expected "${id}"`);
  return card;
}
