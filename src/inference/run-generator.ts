// One worker's share of a generation run, for any registered generator: the settings pass the family's
// normalise() first (whatever sent them, nothing unchecked reaches a model), the family's factory builds the
// generator, and each batch streams back with the tallies of the share. The chemistry worker calls this; the
// tests call it with a context of their own.
import type { BaseSettings, BatchReport } from '../contract/generator';
import type { GenerateSummary, ProgressFn } from '../contract/compute';
import { generatorMeta } from '../domains/registry';
import { familyFactory } from './families';
import type { FamilyContext } from './family';

export async function runGenerator(
  ctx: FamilyContext,
  generatorId: string,
  settings: unknown,
  onProgress?: ProgressFn,
  onBatch?: (b: BatchReport) => Promise<void>,
  shard?: { index: number; count: number },
): Promise<Omit<GenerateSummary, 'backendInfo'>> {
  const meta = generatorMeta(generatorId);
  const s: BaseSettings = meta.normalise(settings);
  const gen = await familyFactory(meta.family)(ctx, s, meta.id);
  const sum: Omit<GenerateSummary, 'backendInfo'> = { sampled: 0, unsure: 0, valid: 0, unique: 0, novel: 0, invalid: 0, duplicates: 0, ms: { total: 0 } };
  const t0 = performance.now();
  for await (const b of gen.run(s, { shard })) {
    sum.sampled += b.sampled;
    sum.unsure += b.unsure;
    sum.invalid += b.invalid;
    sum.duplicates += b.duplicates;
    sum.valid += b.sampled - b.invalid;
    sum.unique += b.candidates.length;
    sum.novel += b.candidates.filter((c) => c.novel).length;
    for (const [k, v] of Object.entries(b.ms)) sum.ms[k] = (sum.ms[k] ?? 0) + v;
    await onBatch?.(b);
    onProgress?.({ done: sum.sampled, total: s.count }); // done counts this share only
  }
  sum.ms.total = performance.now() - t0;
  return sum;
}

/**
 * The problem in these settings that a run would fail on before making anything (see Generator.check), or null.
 * A model that cannot be loaded is not a problem of the settings: that throws.
 */
export async function checkGenerator(ctx: FamilyContext, generatorId: string, settings: unknown): Promise<string | null> {
  const meta = generatorMeta(generatorId);
  const s: BaseSettings = meta.normalise(settings);
  const gen = await familyFactory(meta.family)(ctx, s, meta.id);
  try {
    await gen.check?.(s);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
