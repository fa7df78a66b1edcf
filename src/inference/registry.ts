// Model cards by id. Which models exist is declared by the domains (src/domains/registry.ts: each domain's
// predictors and generator families); this loads a card and checks it describes the model asked for.
import { allModels } from '../domains/registry';
import type { ModelCard } from '../contract/card';
import { fetchRetrying } from './fetch-retry';

export function checkModelId(id: string): void {
  const known = allModels();
  if (!known.includes(id)) throw new Error(`unknown model "${String(id).slice(0, 60)}" (registered: ${known.join(', ')})`);
}

/** Fetch a model's card from <base>/<id>.json and check it describes that model. */
export async function loadCard(id: string, modelBaseUrl: string): Promise<ModelCard> {
  checkModelId(id);
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
