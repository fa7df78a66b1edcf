// The mol-zinc generator built for one run's settings: only the models that run uses are loaded.
import { SmilesHashSet } from '../../domain/metrics/hashset';
import { ASSETS, latentsPerDecode, MODELS, pickFraction, type MolZincSettings } from '../../domains/drug-like/mol-zinc';
import { drugLike } from '../../domains/drug-like';
import type { FamilyContext } from '../family';
import { ConditionTable } from './conditions';
import { MolGenerator } from './generate';

export async function createMolGenerator(ctx: FamilyContext, s: MolZincSettings): Promise<MolGenerator> {
  if (!ctx.rdkit) throw new Error('the molecule generator needs RDKit.js, and this thread has not loaded it');
  const [encoder, decoderInit, decoder, sampler, predictors, screen, confidence, train, conditions] = await Promise.all([
    ctx.card(MODELS.encoder),
    ctx.card(MODELS.decoderInit),
    ctx.card(MODELS.decoder),
    ctx.card(MODELS.samplers[s.sampler]),
    Promise.all(drugLike.predictors.map(async (p) => ({ card: await ctx.card(p.model), properties: p.properties }))),
    latentsPerDecode(s) > 1 ? ctx.card(MODELS.screen) : undefined,
    pickFraction(s) < 1 ? ctx.card(MODELS.confidence) : undefined,
    ctx.data(ASSETS.trainSet, 'training-set hashes', (b) => SmilesHashSet.fromBytes(b)),
    ctx.data(ASSETS.conditions.file, 'condition table', (b) => ConditionTable.fromBytes(ASSETS.conditions.props, b)),
  ]);
  return new MolGenerator(ctx.rdkit, ctx.engine, { encoder, decoderInit, decoder, sampler, predictors, screen, confidence }, train, conditions);
}

export { MolGenerator };
