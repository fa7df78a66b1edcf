// The domains the studio offers: one line each. A domain is a folder beside this file (its properties,
// formats, predictors and generator families' settings contracts) and its implementation's line in
// src/inference/families.ts.
import type { DomainSpec } from '../contract/domain';
import type { GeneratorMeta } from '../contract/generator';
import { drugLike } from './drug-like';
import { perovskite } from './perovskite';

export const DOMAINS: DomainSpec[] = [drugLike, perovskite];

/** Adds a domain at run time (the tests' toy domain); the same as a line in DOMAINS. */
export function registerDomain(d: DomainSpec): void {
  if (DOMAINS.some((x) => x.id === d.id)) throw new Error(`domain "${d.id}" is registered already`);
  DOMAINS.push(d);
}

export function domainOf(id: string): DomainSpec {
  const d = DOMAINS.find((x) => x.id === id);
  if (!d) throw new Error(`unknown domain "${id}" (known: ${DOMAINS.map((x) => x.id).join(', ')})`);
  return d;
}

export function findGenerator(id: unknown): GeneratorMeta | undefined {
  for (const d of DOMAINS) for (const g of d.generators) if (g.id === id) return g;
  return undefined;
}

export function generatorMeta(id: unknown): GeneratorMeta {
  const g = findGenerator(id);
  if (!g) throw new Error(`unknown generator ${typeof id === 'string' ? `"${id.slice(0, 40)}"` : String(typeof id)} (known: ${DOMAINS.flatMap((d) => d.generators.map((x) => x.id)).join(', ')})`);
  return g;
}

/** The domain a generator belongs to. */
export function domainOfGenerator(id: string): DomainSpec {
  return domainOf(generatorMeta(id).domain);
}

/** Every model id the registered domains use: the model cards page and the loader's checks. */
export function allModels(): string[] {
  return [...new Set(DOMAINS.flatMap((d) => [...d.predictors.map((p) => p.model), ...d.generators.flatMap((g) => g.models)]))];
}
