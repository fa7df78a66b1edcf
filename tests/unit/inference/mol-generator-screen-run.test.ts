// The shipped generator in Node (RDKit.js and onnxruntime-web's WASM kernels, as in the browser): screening
// the prior's latents with the latent property head must put more decodes inside the target boxes.
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import init from '@rdkit/rdkit';
import { describe, expect, it } from 'vitest';
import type { RDKitModule } from '../../../src/domain/chem/rdkit';
import { SmilesHashSet } from '../../../src/domain/metrics/hashset';
import type { ModelCard } from '../../../src/inference/card';
import { ConditionTable } from '../../../src/inference/mol-generator/conditions';
import { MolGenerator, type GenerateSettings } from '../../../src/inference/mol-generator/generate';
import { OnnxEngine } from '../../../src/inference/onnx';
import { generatorEntry } from '../../../src/inference/registry';

const modelDir = new URL('../../../static/models/', import.meta.url);
const engine = new OnnxEngine({ modelBaseUrl: pathToFileURL(fileURLToPath(modelDir)).href, loadBytes: async (u) => readFileSync(new URL(u)) });
const card = (id: string) => JSON.parse(readFileSync(new URL(`${id}.json`, modelDir), 'utf8')) as ModelCard;

describe('screened generation (shipped models)', () => {
  it('decodes more molecules inside the boxes with screen 4 than with none, from the same seed', async () => {
    const rdkit = (await init()) as RDKitModule;
    const g = generatorEntry('mol-zinc');
    const gen = new MolGenerator(
      rdkit,
      engine,
      { encoder: card(g.encoder), decoderInit: card(g.decoderInit), decoder: card(g.decoder), sampler: card(g.samplers['student-k4']), sa: card(g.predictors.sa), screen: card(g.screen) },
      SmilesHashSet.fromBytes(readFileSync(new URL(g.trainSet, modelDir))),
      ConditionTable.fromBytes(g.conditions.props, readFileSync(new URL(g.conditions.file, modelDir))),
    );
    const targets = [
      { key: 'logp' as const, min: 2, max: 3 },
      { key: 'qed' as const, min: 0.8, max: 1 },
    ];
    const hits = async (screen: number) => {
      const s: GenerateSettings = { count: 400, seed: 3, sampler: 'student-k4', guidance: 5, temperature: 0, noise: 0.5, aim: 0.4, screen, targets };
      let sampled = 0;
      let inside = 0;
      for await (const b of gen.run(s)) {
        sampled += b.sampled;
        inside += b.candidates.filter((c) => c.props.logp >= 2 && c.props.logp <= 3 && c.props.qed >= 0.8).length;
      }
      expect(sampled).toBe(400); // screening draws more latents, but decodes the count asked for
      return inside;
    };
    const [plain, screened] = [await hits(1), await hits(4)];
    expect(screened).toBeGreaterThan(1.2 * plain);
  }, 120_000);
});
