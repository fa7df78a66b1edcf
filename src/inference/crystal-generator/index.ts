// A crystal-flow generator built for one run's settings: the sampler it uses (student or teacher), the domain's
// predictor, the training structures for novelty, and moyo for space groups when the thread has it.
import type { CrystalFlowMeta, CrystalFlowSettings } from '../../domains/crystal-flow';
import { domainOf, generatorMeta } from '../../domains/registry';
import { readReferenceSet } from '../../domain/crystal/reference-set';
import type { FamilyContext } from '../family';
import { CrystalGenerator, StructureIndex } from './generate';
import { samplerOf } from './flow';

/** Training-set indexes per file, built once per thread (preparing thousands of structures takes a moment). */
const indexes = new Map<string, StructureIndex>();

export async function createCrystalGenerator(ctx: FamilyContext, generatorId: string, s: CrystalFlowSettings): Promise<CrystalGenerator> {
  const meta = generatorMeta(generatorId) as CrystalFlowMeta;
  if (meta.family !== 'crystal-flow' || !meta.config) throw new Error(`${generatorId} is not a crystal-flow generator`);
  const config = meta.config;
  const domain = domainOf(meta.domain);
  const student = s.sampler !== 'teacher';
  const [sampler, predictor, moyo] = await Promise.all([
    ctx.card(student ? config.models.student : config.models.teacher),
    ctx.card(config.models.predictor),
    ctx.symmetry ? ctx.symmetry().catch(() => null) : Promise.resolve(null),
  ]);
  const vocab = samplerOf(sampler).vocab;
  const train = await ctx.data(config.trainSet, 'training structures', (b) => readReferenceSet(b, vocab).structures);
  const index = () => {
    let i = indexes.get(config.trainSet);
    if (!i) indexes.set(config.trainSet, (i = StructureIndex.of(train)));
    return i;
  };
  const properties = domain.predictors.find((p) => p.model === config.models.predictor)?.properties ?? [];
  return new CrystalGenerator(ctx.engine, { sampler, student, predictor: { card: predictor, properties } }, index, moyo, domain.properties);
}

export { CrystalGenerator };
