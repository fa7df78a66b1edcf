// What the prior is conditioned on: rows of real training molecules ('data') or values from the target boxes ('box').
import { describe, expect, it } from 'vitest';
import { ConditionTable } from '../../../src/inference/mol-generator/conditions';
import { MIN_CONDITION_ROWS, MolGenerator, checkSettings } from '../../../src/inference/mol-generator/generate';
import type { GeneratorModels } from '../../../src/inference/mol-generator/generate';
import type { ModelCard } from '../../../src/contract/card';
import type { RDKitModule } from '../../../src/domain/chem/rdkit';
import type { OnnxEngine } from '../../../src/inference/onnx';
import type { SmilesHashSet } from '../../../src/domain/metrics/hashset';
import { Rng } from '../../../src/domain/random';
import { defaultCondition, molZinc, type MolZincSettings } from '../../../src/domains/drug-like/mol-zinc';

const PROPS = ['logp', 'qed', 'sa', 'mw', 'tpsa'];
const sampler = {
  props: PROPS,
  prop_norm: { mean: [2, 0.5, 3, 300, 60], std: [1, 0.2, 1, 50, 20] },
  prop_range: { lo: [-3, 0.2, 1.5, 150, 3], hi: [6, 0.95, 6.3, 500, 140] },
} as unknown as ModelCard;

/** A table of `n` rows: row r has logP r / 10 and QED 0.9 for every tenth row, else 0.5. */
function table(n: number, props: string[] = PROPS): ConditionTable {
  const v = new Float32Array(n * props.length);
  for (let r = 0; r < n; r++) v.set([r / 10, r % 10 === 0 ? 0.9 : 0.5, 3, 300 + r, 60], r * props.length);
  return new ConditionTable(props, v);
}

// conditions() reads only the sampler card and the table; RDKit, ONNX and the training hashes stay unused.
function generator(t: ConditionTable | null): MolGenerator {
  const models = { sampler } as unknown as GeneratorModels;
  return new MolGenerator(null as unknown as RDKitModule, null as unknown as OnnxEngine, models, null as unknown as SmilesHashSet, t);
}

const base: MolZincSettings = { ...molZinc.defaults(), count: 10, seed: 1, guidance: 5, temperature: 0, aim: 0, noise: 1, condition: 'auto' };
const denorm = (c: Float32Array, i: number, j: number) => {
  const { mean, std } = sampler.prop_norm as { mean: number[]; std: number[] };
  return c[i * 5 + j] * std[j] + mean[j];
};

describe('ConditionTable', () => {
  it('reads float32 rows from bytes at any offset and refuses ragged data', () => {
    const bytes = new Uint8Array(4 + 2 * 5 * 4);
    new Float32Array(bytes.buffer, 4).set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const t = ConditionTable.fromBytes(PROPS, bytes.subarray(4));
    expect(t.rows).toBe(2);
    expect(Array.from(t.values.subarray(5))).toEqual([6, 7, 8, 9, 10]);
    expect(() => ConditionTable.fromBytes(PROPS, new Uint8Array(6))).toThrow(/whole number of float32/);
    expect(() => new ConditionTable(PROPS, new Float32Array(7))).toThrow(/rows of 5/);
  });
  it('finds the rows inside every box, ends included', () => {
    const t = table(100);
    expect(Array.from(t.inside([{ prop: 0, lo: 2, hi: 3 }]))).toEqual([20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30]);
    expect(Array.from(t.inside([{ prop: 0, lo: 2, hi: 5 }, { prop: 1, lo: 0.8, hi: 1 }]))).toEqual([20, 30, 40, 50]);
    expect(t.inside([])).toHaveLength(100);
  });
});

describe('MolGenerator.conditions', () => {
  it('without targets conditions every sample on every property of a table row', () => {
    const t = table(100);
    const { c, m, conditioning } = generator(t).conditions(base, 10, new Rng(1));
    expect(conditioning).toBe('data');
    expect(Array.from(m)).toEqual(new Array(50).fill(1));
    for (let i = 0; i < 10; i++) {
      const r = Math.round(denorm(c, i, 3) - 300); // the row number, from its MW
      expect(denorm(c, i, 0)).toBeCloseTo(r / 10, 4);
      expect(denorm(c, i, 1)).toBeCloseTo(r % 10 === 0 ? 0.9 : 0.5, 5);
    }
  });
  it('with targets conditions on values from the aimed boxes and leaves the rest free, by default', () => {
    const s = { ...base, aim: 0.25, targets: [{ key: 'logp' as const, min: 2, max: 3 }] };
    const { c, m, conditioning } = generator(table(1000)).conditions(s, 50, new Rng(2));
    expect(conditioning).toBe('box');
    for (let i = 0; i < 50; i++) {
      expect(Array.from(m.subarray(i * 5, i * 5 + 5))).toEqual([1, 0, 0, 0, 0]);
      expect(denorm(c, i, 0)).toBeGreaterThanOrEqual(2.25 - 1e-6);
      expect(denorm(c, i, 0)).toBeLessThanOrEqual(2.75 + 1e-6);
    }
  });
  it("with condition 'data' and targets draws only rows inside every box", () => {
    const s: MolZincSettings = { ...base, condition: 'data', targets: [{ key: 'logp', min: 10, max: 90 }, { key: 'qed', min: 0.8, max: 1 }] };
    const { c, m, conditioning } = generator(table(1000)).conditions(s, 40, new Rng(3));
    expect(conditioning).toBe('data');
    expect(Array.from(m)).toEqual(new Array(200).fill(1));
    for (let i = 0; i < 40; i++) {
      const r = Math.round(denorm(c, i, 3) - 300);
      expect(r % 10).toBe(0);
      expect(r).toBeGreaterThanOrEqual(100);
      expect(r).toBeLessThanOrEqual(900);
    }
  });
  it('falls back to box conditions when too few rows fit, or without a table', () => {
    const narrow: MolZincSettings = { ...base, condition: 'data', targets: [{ key: 'logp', min: 1, max: 1 + (MIN_CONDITION_ROWS - 2) / 10 }] };
    expect(generator(table(1000)).conditions(narrow, 5, new Rng(4)).conditioning).toBe('box');
    const wide: MolZincSettings = { ...narrow, targets: [{ key: 'logp', min: 1, max: 1 + MIN_CONDITION_ROWS / 10 }] };
    expect(generator(table(1000)).conditions(wide, 5, new Rng(4)).conditioning).toBe('data');
    const { m, conditioning } = generator(null).conditions(base, 5, new Rng(5));
    expect(conditioning).toBe('box');
    expect(Array.from(m)).toEqual(new Array(25).fill(0)); // no target, no table: the unconditional model
  });
  it('by default uses the table only without targets and without a start molecule', () => {
    expect(defaultCondition({ targets: [] })).toBe('data');
    expect(defaultCondition({ targets: [{ key: 'qed', min: 0.9, max: 1 }] })).toBe('box');
    expect(defaultCondition({ targets: [], start: { smiles: 'CCO', strength: 0.5 } })).toBe('box');
    const started = generator(table(100)).conditions({ ...base, start: { smiles: 'CCO', strength: 0.5 } }, 5, new Rng(7));
    expect(started.conditioning).toBe('box');
  });
  it('names a property the table lacks', () => {
    const t = table(100, ['logp', 'qed', 'sa', 'mw', 'hba']);
    expect(() => generator(t).conditions(base, 5, new Rng(6))).toThrow(/no "tpsa"/);
  });
  it('is refused with an unknown condition', () => {
    expect(() => checkSettings({ ...base, condition: 'rows' as never }, sampler)).toThrow(/condition/);
  });
});
