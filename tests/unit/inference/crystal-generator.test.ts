// The crystal-flow generator with the shipped Perov-5 models, in Node on onnxruntime-web's WASM kernels: what a
// run promises (valid cells only, the formula asked for, forbidden elements absent, required ones present, the
// same seed the same crystals), and the settings contract the panel, worker and stored runs share.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runGenerator } from '../../../src/inference/run-generator';
import { readCif } from '../../../src/domain/crystal/cif';
import { isStructurallyValid } from '../../../src/domain/crystal/validity';
import { reducedFormula } from '../../../src/domain/crystal/composition';
import { readReferenceSet } from '../../../src/domain/crystal/reference-set';
import { crystalPerov5, PEROV5_VOCAB } from '../../../src/domains/perovskite';
import { SettingsError, type BatchReport } from '../../../src/contract/generator';
import { MODEL_DIR, nodeContext } from '../../../scripts/node-family-context';

const dir = MODEL_DIR;
const ctx = nodeContext();

async function run(settings: Record<string, unknown>) {
  const batches: BatchReport[] = [];
  const sum = await runGenerator(ctx, crystalPerov5.id, { count: 60, seed: 3, ...settings }, undefined, async (b) => void batches.push(b));
  return { sum, items: batches.flatMap((b) => b.candidates) };
}

describe('crystal-perov5 settings', () => {
  it('knows the models\' element vocabulary', () => {
    const card = JSON.parse(readFileSync(`${dir}crystal-perov5-student.json`, 'utf8'));
    expect(card.sampler.vocab).toEqual([...PEROV5_VOCAB]);
  });

  it('reads a formula and names what is wrong with one', () => {
    expect(crystalPerov5.normalise({ formula: ' SrTiO3 ' }).formula).toBe('SrTiO3');
    const problem = (formula: string) => {
      try {
        crystalPerov5.normalise({ formula });
        return '';
      } catch (e) {
        return (e as SettingsError).problems.formula;
      }
    };
    expect(problem('Xx2O3')).toMatch(/Xx/);
    expect(problem('C6H6')).toMatch(/C, H|H, C|not in the training data/);
    expect(problem('Sr2Ti2O6')).toMatch(/10 atoms.*up to 5/);
    expect(problem('SrTiO3')).toBe('');
  });

  it('refuses element lists that cannot be met', () => {
    const problems = (elements: unknown) => {
      try {
        crystalPerov5.normalise({ elements });
        return {};
      } catch (e) {
        return (e as SettingsError).problems;
      }
    };
    expect(problems({ include: ['Ti'], exclude: ['Ti'] }).elements).toMatch(/both required and forbidden/);
    expect(problems({ include: ['U'] }).elements).toMatch(/not in the training data/);
    expect(problems({ include: 'Ti' })).toHaveProperty('include');
    expect(problems({ include: ['Sr', 'Ti', 'O', 'Ba', 'Pb', 'Zr'] }).elements).toMatch(/do not fit/);
  });

  it('describes a run in the panel\'s words', () => {
    const s = crystalPerov5.normalise({ count: 500, formula: 'BaTiO3', targets: [{ key: 'dir_gap', min: 1.5, max: 3 }], elements: { include: [], exclude: ['Pb'] } });
    expect(crystalPerov5.describe(s)).toBe('500 structures of BaTiO3 × balanced (4 steps), guidance 2, without Pb, seed 0; Eg 1.5–3');
  });
});

describe('crystal-perov5 generator', () => {
  it('makes valid crystals with their formula, space group, exact and predicted properties', async () => {
    const { sum, items } = await run({ targets: [{ key: 'dir_gap', min: 1.5, max: 3 }] });
    expect(sum.sampled).toBe(60);
    expect(sum.valid + sum.invalid).toBe(60);
    expect(items.length).toBe(sum.unique);
    for (const c of items) {
      const s = readCif(c.repr);
      expect(isStructurallyValid(s)).toBe(true);
      expect(c.tags?.formula).toBe(reducedFormula(s.species));
      expect(c.props.spacegroup).toBeGreaterThanOrEqual(1);
      expect(c.props.density).toBeGreaterThan(0);
      expect(c.props.n_atoms).toBe(s.species.length);
      expect([0, 1]).toContain(c.props.neutral);
      expect(c.predicted.dir_gap.std).toBeGreaterThanOrEqual(0);
    }
  }, 120_000);

  it('never predicts a negative band gap (the card\'s floor), metals included', async () => {
    const { items } = await run({ count: 200, seed: 11 });
    const gaps = items.flatMap((c) => [c.predicted.dir_gap.mean, c.predicted.ind_gap.mean]);
    expect(gaps.length).toBeGreaterThan(100);
    expect(Math.min(...gaps)).toBe(0); // metals sit on the floor, none below it
  }, 120_000);

  it('gives structures of the formula asked for, and only those', async () => {
    const { items } = await run({ formula: 'SrTiO3' });
    expect(items.length).toBeGreaterThan(0);
    expect(new Set(items.map((c) => c.tags?.formula))).toEqual(new Set(['SrTiO3']));
  }, 120_000);

  it('keeps forbidden elements out and required ones in', async () => {
    const { sum, items } = await run({ elements: { include: ['O'], exclude: ['N', 'F', 'S'] } });
    for (const c of items) {
      const species = readCif(c.repr).species;
      expect(species).toContain('O');
      for (const e of ['N', 'F', 'S']) expect(species).not.toContain(e);
    }
    expect(sum.sampled + sum.unsure).toBe(60);
  }, 120_000);

  it('repeats itself for the same seed', async () => {
    const a = await run({});
    const b = await run({});
    expect(b.items.map((c) => c.repr)).toEqual(a.items.map((c) => c.repr));
  }, 120_000);

  it('ships the training structures the novelty check reads', () => {
    const { structures, skipped } = readReferenceSet(readFileSync(`${dir}crystal-perov5-train.bin`), PEROV5_VOCAB);
    expect(structures.length).toBeGreaterThan(4000);
    expect(skipped).toBe(0);
    expect(structures.every((s) => s.species.length === 5)).toBe(true);
    expect(() => readReferenceSet(new Uint8Array(20), PEROV5_VOCAB)).toThrow(/LCTS/);
  });
});

describe('crystal-perov5 ONNX models', () => {
  it.each(['denoiser', 'student', 'predictor'])('crystal-perov5-%s reproduces PyTorch (float16 weights) within 1e-3 of the output scale', async (kind) => {
    const card = JSON.parse(readFileSync(`${dir}crystal-perov5-${kind}.json`, 'utf8'));
    const ref = card.reference as { inputs: Record<string, number[]>; shapes: Record<string, number[]>; outputs: Record<string, number[]> };
    const feeds = Object.fromEntries(Object.entries(ref.inputs).map(([k, v]) => [k, { dtype: 'float32' as const, data: Float32Array.from(v), dims: ref.shapes[k] }]));
    const { outputs } = await ctx.engine.run(card, feeds);
    for (const [name, want] of Object.entries(ref.outputs)) {
      const got = outputs[name].data as Float32Array;
      const scale = Math.max(1, ...want.map(Math.abs));
      expect(Math.max(...want.map((w, i) => Math.abs(got[i] - w))) / scale, name).toBeLessThan(1e-3);
    }
    expect(card.weights).toBe('float16, computed in float32');
  });

  it('fit the issue\'s 20 MB for the domain', () => {
    const files = ['denoiser', 'student', 'predictor'].map((k) => `crystal-perov5-${k}.onnx`).concat(['crystal-perov5-train.bin']);
    const bytes = files.reduce((a, f) => a + readFileSync(`${dir}${f}`).byteLength, 0);
    expect(bytes).toBeLessThan(20e6);
  });
});
