// Declarative list of the models the app ships. The UI builds itself from this list and the cards,
// so a new model is one entry here plus its files in static/models/.
import type { ModelCard } from './card';

export interface ModelEntry {
  id: string;
  family: 'predictors' | 'mol-generator' | 'crystal-generator';
  domain: 'drug-like' | 'small-organic' | 'perovskite' | 'carbon';
  /** For predictors: the property key it predicts (matches the card's property.key). */
  property?: string;
}

export const MODELS: readonly ModelEntry[] = [{ id: 'sa-mlp', family: 'predictors', domain: 'drug-like', property: 'sa' }];

export function modelEntry(id: string): ModelEntry {
  const e = MODELS.find((m) => m.id === id);
  if (!e) throw new Error(`unknown model "${id}" (registered: ${MODELS.map((m) => m.id).join(', ')})`);
  return e;
}

/** Fetch a model's card from <base>/<id>.json and check it describes that model. */
export async function loadCard(id: string, modelBaseUrl: string): Promise<ModelCard> {
  modelEntry(id);
  const url = new URL(`${id}.json`, modelBaseUrl).href;
  const res = await fetch(url);
  if (!res.ok) throw new Error(`model card for ${id} not found at ${url} (HTTP ${res.status})`);
  let card: ModelCard;
  try {
    card = (await res.json()) as ModelCard;
  } catch {
    throw new Error(`model card for ${id} at ${url} is not JSON (is the model missing from static/models/?)`);
  }
  if (card.id !== id) throw new Error(`model card at ${url} describes "${card.id}", expected "${id}"`);
  return card;
}
