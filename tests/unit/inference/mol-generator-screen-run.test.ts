// The shipped generator in Node (RDKit.js and onnxruntime-web's WASM kernels, as in the browser): screening
// the prior's latents with the latent property head must put more decodes inside the target boxes, and a run
// that keeps only its surest decodes must keep exactly those, and one that decodes only the latents the
// confidence head picks must decode exactly those, which the decoder is then surer of.
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import init from '@rdkit/rdkit';
import { describe, expect, it } from 'vitest';
import type { RDKitModule } from '../../../src/domain/chem/rdkit';
import { SmilesHashSet } from '../../../src/domain/metrics/hashset';
import type { ModelCard } from '../../../src/contract/card';
import { ConditionTable } from '../../../src/inference/mol-generator/conditions';
import { MolGenerator } from '../../../src/inference/mol-generator/generate';
import { ASSETS, MODELS, type MolZincSettings } from '../../../src/domains/drug-like/mol-zinc';
import { topIndices } from '../../../src/inference/mol-generator/screen';
import { Rng } from '../../../src/domain/random';
import { OnnxEngine } from '../../../src/inference/onnx';

const modelDir = new URL('../../../static/models/', import.meta.url);
const engine = new OnnxEngine({ modelBaseUrl: pathToFileURL(fileURLToPath(modelDir)).href, loadBytes: async (u) => readFileSync(new URL(u)) });
const card = (id: string) => JSON.parse(readFileSync(new URL(`${id}.json`, modelDir), 'utf8')) as ModelCard;

/** What a settings object that does not say used (the values of runs saved before each setting existed). */
const LEGACY = { noise: 1, aim: 0, screen: 1, confident: 1, pick: 1, condition: 'auto' as const };

async function shippedGenerator(): Promise<MolGenerator> {
  const rdkit = (await init()) as RDKitModule;
  const m = MODELS;
  return new MolGenerator(
    rdkit,
    engine,
    { encoder: card(m.encoder), decoderInit: card(m.decoderInit), decoder: card(m.decoder), sampler: card(m.samplers['student-k4']), predictors: [{ card: card('sa-mlp'), properties: ['sa'] }], screen: card(m.screen), confidence: card(m.confidence) },
    SmilesHashSet.fromBytes(readFileSync(new URL(ASSETS.trainSet, modelDir))),
    ConditionTable.fromBytes(ASSETS.conditions.props, readFileSync(new URL(ASSETS.conditions.file, modelDir))),
  );
}

describe('screened generation (shipped models)', () => {
  it('decodes more molecules inside the boxes with screen 4 than with none, from the same seed', async () => {
    const gen = await shippedGenerator();
    const targets = [
      { key: 'logp' as const, min: 2, max: 3 },
      { key: 'qed' as const, min: 0.8, max: 1 },
    ];
    const hits = async (screen: number) => {
      const s: MolZincSettings = { ...LEGACY, count: 400, seed: 3, sampler: 'student-k4', guidance: 5, temperature: 0, noise: 0.5, aim: 0.4, screen, targets };
      let sampled = 0;
      let inside = 0;
      for await (const b of gen.run(s)) {
        sampled += b.sampled;
        inside += b.candidates.filter((c) => c.props.logp! >= 2 && c.props.logp! <= 3 && c.props.qed! >= 0.8).length;
      }
      expect(sampled).toBe(400); // screening draws more latents, but decodes the count asked for
      return inside;
    };
    const [plain, screened] = [await hits(1), await hits(4)];
    expect(screened).toBeGreaterThan(1.2 * plain);
  }, 120_000);

  it('with confident 0.5 decodes twice the latents and keeps the surer half, in order, counting the rest', async () => {
    const gen = await shippedGenerator();
    const s: MolZincSettings = { ...LEGACY, count: 300, seed: 5, sampler: 'student-k4', guidance: 1, temperature: 0, noise: 0.5, confident: 0.5, targets: [] };
    const reports = [];
    for await (const b of gen.run(s, { keepDecoded: true })) reports.push(b);
    expect(reports).toHaveLength(1);
    const [b] = reports;
    expect(b.sampled).toBe(300);
    expect(b.unsure).toBe(300);
    expect(b.invalid + b.duplicates + b.candidates.length).toBe(300);
    // The same batch by hand: its latents (batch 0's stream, drawn first), all 600 decoded, the 300 surest kept.
    const rng = Rng.derive(s.seed, 0);
    const z = await gen.sampleLatents(s, 600, rng, null);
    const all = await gen.decodeToSmiles(z, 600, 0, rng, true);
    const kept = topIndices(all.confidence!, 300);
    expect(b.decoded).toEqual(Array.from(kept, (i) => all.smiles[i]));
    // confidence: a mean log-probability per token, so at most 0, and the kept ones the higher
    const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
    const keptSet = new Set(kept);
    const conf = Array.from(all.confidence!);
    expect(Math.max(...conf)).toBeLessThanOrEqual(0);
    expect(mean(conf.filter((_, i) => keptSet.has(i)))).toBeGreaterThan(mean(conf.filter((_, i) => !keptSet.has(i))));
  }, 120_000);

  it('with pick 0.5 starts twice the runs and decodes the half the confidence head ranks surest, which the decoder is surer of', async () => {
    const gen = await shippedGenerator();
    const s: MolZincSettings = { ...LEGACY, count: 300, seed: 7, sampler: 'student-k4', guidance: 1, temperature: 0, noise: 0.6, pick: 0.5, targets: [] };
    const reports = [];
    for await (const b of gen.run(s, { keepDecoded: true })) reports.push(b);
    expect(reports).toHaveLength(1);
    const [b] = reports;
    expect(b.sampled).toBe(300);
    expect(b.unsure).toBe(0); // nothing decoded is set aside: the rest were never decoded
    // The batch's latents: 600 runs of which 300 go on after the head's pick half way (batch 0's stream).
    const picked = await gen.sampleLatents(s, 600, Rng.derive(s.seed, 0), null, 300);
    expect((await gen.decodeToSmiles(picked, 300, 0, Rng.derive(s.seed, 0))).smiles).toEqual(b.decoded);
    // All 600 runs to the end: the picked ones are among them (int8 activations are scaled per call, so a
    // batch of other rows moves a latent by a little), and the decoder is surer of their decodes.
    const rng = Rng.derive(s.seed, 0);
    const z = await gen.sampleLatents(s, 600, rng, null);
    const all = await gen.decodeToSmiles(z, 600, 0, rng, true);
    const Z = z.length / 600;
    const distance = (j: number, i: number) => Math.hypot(...Array.from({ length: Z }, (_, k) => picked[j * Z + k] - z[i * Z + k]));
    const match = Array.from({ length: 300 }, (_, j) => {
      let best = 0;
      for (let i = 1; i < 600; i++) if (distance(j, i) < distance(j, best)) best = i;
      return best;
    });
    expect(new Set(match).size).toBe(300);
    expect(Math.max(...match.map((i, j) => distance(j, i)))).toBeLessThan(0.5);
    const isPicked = new Set(match);
    const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
    const conf = Array.from(all.confidence!);
    expect(mean(conf.filter((_, i) => isPicked.has(i)))).toBeGreaterThan(mean(conf.filter((_, i) => !isPicked.has(i))) + 0.02);
  }, 120_000);
});
