// The shipped SA model run in Node on onnxruntime-web's WASM kernels (the browser's), fed by the app's
// featuriser: it must reproduce PyTorch's outputs recorded at export, and, on other molecules, a plain session
// on the raw file with ORT's graph optimisations off (the engine runs the optimised, fused graph).
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import init from '@rdkit/rdkit';
import * as ort from 'onnxruntime-web';
import { OnnxEngine } from '../../../src/inference/onnx';
import { predictMolecules, featureSpec } from '../../../src/inference/predictors/molecule';
import { analyse, splitInput } from '../../../src/inference/analyse';
import { featurize, featureLength } from '../../../src/domain/chem/features';
import { parseSmiles, type RDKitModule } from '../../../src/domain/chem/rdkit';
import type { ModelCard } from '../../../src/contract/card';

const modelDir = new URL('../../../static/models/', import.meta.url);
const card = JSON.parse(readFileSync(new URL('sa-mlp.json', modelDir), 'utf8')) as ModelCard & {
  reference_outputs: { smiles: string[]; mean: number[]; std: number[] };
};
const engine = new OnnxEngine({ modelBaseUrl: pathToFileURL(fileURLToPath(modelDir)).href, loadBytes: async (u) => readFileSync(new URL(u)) });
let rdkit: RDKitModule;
beforeAll(async () => {
  rdkit = (await init()) as RDKitModule;
});

describe('sa-mlp', () => {
  it('is on WASM in Node (no WebGPU adapter)', async () => {
    const info = await engine.info();
    expect(info.backend).toBe('wasm');
    expect(info.fallbackAdapter).toBeNull();
  });

  it('reproduces the PyTorch reference outputs from SMILES within 1e-4', async () => {
    const ref = card.reference_outputs;
    const mols = ref.smiles.map((s) => parseSmiles(rdkit, s)!);
    const { predictions } = await predictMolecules(engine, card, ['sa'], mols);
    mols.forEach((m) => m.delete());
    predictions.forEach(({ sa: p }, i) => {
      expect(Math.abs(p.mean - ref.mean[i])).toBeLessThan(1e-4);
      expect(Math.abs(p.std - ref.std[i])).toBeLessThan(1e-4);
    });
  });

  it('agrees with a plain unoptimised session on the raw file within 1e-4', async () => {
    const spec = featureSpec(card);
    const dim = featureLength(spec);
    const smiles = ['c1ccccc1O', 'CC(=O)Nc1ccc(O)cc1', 'CN1CCC[C@H]1c1cccnc1', 'O=C(O)C[C@@H](N)C(=O)O'];
    const x = new Float32Array(smiles.length * dim);
    smiles.forEach((s, i) => {
      const m = parseSmiles(rdkit, s)!;
      featurize(m, spec, x.subarray(i * dim, (i + 1) * dim));
      m.delete();
    });
    const web = await engine.run(card, { features: { dtype: 'float32', data: x, dims: [smiles.length, dim] } });
    // A second session made here, not by the engine (no card checks, no session cache, no option of its own
    // but the one under test): graph optimisations off, so each node runs on its own unfused kernel.
    const session = await ort.InferenceSession.create(readFileSync(new URL('sa-mlp.onnx', modelDir)), {
      executionProviders: ['wasm'],
      graphOptimizationLevel: 'disabled',
    });
    const plain = await session.run({ features: new ort.Tensor('float32', x, [smiles.length, dim]) });
    await session.release();
    for (const name of ['mean', 'std'] as const) {
      const a = web.outputs[name].data as Float32Array;
      const b = plain[name].data as Float32Array;
      expect(a.length, name).toBe(smiles.length);
      expect(b.length, name).toBe(smiles.length);
      for (let i = 0; i < smiles.length; i++) expect(Math.abs(a[i] - b[i]), `${name} ${smiles[i]}`).toBeLessThan(1e-4);
    }
  });

  it('rejects a feature vector of the wrong width with a message naming the input', async () => {
    await expect(engine.run(card, { features: { dtype: 'float32', data: new Float32Array(10), dims: [1, 10] } })).rejects.toThrow(
      /input "features" has shape \[1, 10\], expected \[batch, \d+\]/,
    );
  });

  it('card metrics meet the issue bar (test MAE <= 0.15)', () => {
    const test = (card.metrics as { test: { mae: number; r2: number } }).test;
    expect(test.mae).toBeLessThanOrEqual(0.15);
    expect(test.r2).toBeGreaterThan(0.9);
  });
});

describe('analyse', () => {
  it('scores valid lines and names the invalid ones without stopping', async () => {
    const text = 'CCO ethanol\n\nnot-a-smiles\nc1ccccc1C(=O)O\nC1CC';
    const entries = splitInput(text);
    expect(entries.map((e) => e.line)).toEqual([1, 3, 4, 5]);
    const batches: number[] = [];
    const { results } = await analyse(rdkit, engine, [{ card, properties: ['sa'] }], entries, undefined, (b) => void batches.push(b.length), 2);
    expect(batches).toEqual([2, 2]);
    expect(results.map((r) => r.ok)).toEqual([true, false, true, false]);
    const bad = results[1];
    if (bad.ok) throw new Error('expected an error');
    expect(bad.error).toBe('line 3: "not-a-smiles" is not a valid SMILES');
    const benzoic = results[2];
    if (!benzoic.ok) throw new Error(benzoic.error);
    expect(benzoic.smiles).toBe('O=C(O)c1ccccc1');
    expect(benzoic.props.mw).toBeCloseTo(122.12, 1);
    expect(benzoic.props.hbd).toBe(1);
    expect(benzoic.props.qed).toBeGreaterThan(0.3);
    expect(benzoic.props.qed).toBeLessThan(0.8);
    expect(benzoic.predicted.sa.mean).toBeGreaterThan(1);
    expect(benzoic.predicted.sa.mean).toBeLessThan(2.5); // benzoic acid is trivially made
    expect(benzoic.predicted.sa.std).toBeGreaterThan(0);
  });
});

describe('analyse: inputs RDKit.js cannot take safely', () => {
  it('refuses an over-long SMILES with a reason instead of crashing the module', async () => {
    const chain = 'C'.repeat(1200);
    const { results } = await analyse(rdkit, engine, [{ card, properties: ['sa'] }], [{ line: 1, input: chain }, { line: 2, input: 'CCO' }]);
    expect(results[0].ok).toBe(false);
    if (!results[0].ok) expect(results[0].error).toMatch(/^line 1: "C{57}…" is longer than 500 characters/);
    expect(results[1].ok).toBe(true);
  });
});
