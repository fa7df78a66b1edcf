// Generator families by name (GeneratorMeta.family): one line each. The worker and the eval dispatch here.
import type { FamilyFactory } from './family';
import { createMolGenerator } from './mol-generator';
import { createCrystalGenerator } from './crystal-generator';

export const FAMILIES: Record<string, FamilyFactory> = {
  'mol-generator': (ctx, s) => createMolGenerator(ctx, s as never),
  'crystal-flow': (ctx, s, id) => createCrystalGenerator(ctx, id, s as never),
};

export function familyFactory(family: string): FamilyFactory {
  const f = Object.hasOwn(FAMILIES, family) ? FAMILIES[family] : undefined;
  if (!f) throw new Error(`no implementation of the generator family "${family}" (known: ${Object.keys(FAMILIES).join(', ')})`);
  return f;
}
