// The generator's pure helpers: batch plan, settings validation and the condition box.
import { describe, expect, it } from 'vitest';
import { batchPlan, checkSettings, conditionBox } from '../../../src/inference/mol-generator/generate';
import type { ModelCard } from '../../../src/contract/card';
import { molZinc, pickFraction, type MolZincSettings } from '../../../src/domains/drug-like/mol-zinc';

const sampler = { props: ['logp', 'qed', 'sa', 'mw', 'tpsa'] } as unknown as ModelCard;
const ok: MolZincSettings = { ...molZinc.defaults(), count: 1000, seed: 1, guidance: 3, temperature: 0.3 };

describe('batchPlan', () => {
  it('cuts a run into full batches and one remainder, numbered from 0', () => {
    expect(batchPlan(1200, 500)).toEqual([
      { batch: 0, size: 500 },
      { batch: 1, size: 500 },
      { batch: 2, size: 200 },
    ]);
    expect(batchPlan(500, 500)).toEqual([{ batch: 0, size: 500 }]);
  });
});

describe('checkSettings', () => {
  it('accepts sound settings', () => {
    expect(() => checkSettings({ ...ok, targets: [{ key: 'qed', min: 0.8, max: 1 }] }, sampler)).not.toThrow();
  });
  it('names the setting that is wrong', () => {
    expect(() => checkSettings({ ...ok, count: 0 }, sampler)).toThrow(/count/);
    expect(() => checkSettings({ ...ok, count: 100_001 }, sampler)).toThrow(/count/);
    expect(() => checkSettings({ ...ok, guidance: 9 }, sampler)).toThrow(/guidance/);
    expect(() => checkSettings({ ...ok, temperature: -0.1 }, sampler)).toThrow(/temperature/);
    expect(() => checkSettings({ ...ok, temperature: 2.5 }, sampler)).toThrow(/temperature/);
    expect(() => checkSettings({ ...ok, noise: 2 }, sampler)).toThrow(/noise/);
    expect(() => checkSettings({ ...ok, aim: 0.5 }, sampler)).toThrow(/aim/);
    expect(() => checkSettings({ ...ok, aim: -0.1 }, sampler)).toThrow(/aim/);
    expect(() => checkSettings({ ...ok, screen: 0 }, sampler)).toThrow(/screen/);
    expect(() => checkSettings({ ...ok, screen: 2.5 }, sampler)).toThrow(/screen/);
    expect(() => checkSettings({ ...ok, screen: 17 }, sampler)).toThrow(/screen: a whole number from 1 \(off\) to 16/);
    expect(() => checkSettings({ ...ok, confident: 0.2 }, sampler)).toThrow(/confident: from 0.25 to 1/);
    expect(() => checkSettings({ ...ok, confident: 1.5 }, sampler)).toThrow(/confident/);
    expect(() => checkSettings({ ...ok, confident: 0.5 }, sampler)).not.toThrow();
    expect(() => checkSettings({ ...ok, pick: 0.2 }, sampler)).toThrow(/pick: from 0.25 to 1/);
    expect(() => checkSettings({ ...ok, pick: 1.5 }, sampler)).toThrow(/pick/);
    expect(() => checkSettings({ ...ok, pick: 0.4 }, sampler)).not.toThrow();
    expect(() => checkSettings({ ...ok, targets: [{ key: 'qed', min: 0.9, max: 0.8 }] }, sampler)).toThrow(/min 0.9 is above max 0.8/);
    expect(() => checkSettings({ ...ok, targets: [{ key: 'hba' as never, min: 0, max: 1 }] }, sampler)).toThrow(/hba: not a property this generator can aim for/);
    expect(() => checkSettings({ ...ok, start: { smiles: 'CCO', strength: 0 } }, sampler)).toThrow(/strength/);
  });
});

describe('conditionBox', () => {
  const qedRange: [number, number] = [0.23, 0.945];
  it('keeps the part of the box the training data covers', () => {
    expect(conditionBox({ key: 'qed', min: 0.9, max: 1 }, qedRange)).toEqual([0.9, 0.945]);
    expect(conditionBox({ key: 'qed', min: 0, max: 0.5 }, qedRange)).toEqual([0.23, 0.5]);
    expect(conditionBox({ key: 'qed', min: 0.5, max: 0.6 }, qedRange)).toEqual([0.5, 0.6]);
  });
  it('keeps the whole box when it lies beyond the data, or when the card has no range', () => {
    expect(conditionBox({ key: 'qed', min: 0.96, max: 1 }, qedRange)).toEqual([0.96, 1]);
    expect(conditionBox({ key: 'qed', min: 0.9, max: 1 })).toEqual([0.9, 1]);
  });
  it('aims inward by the given fraction of the box at either end, after clipping to the data', () => {
    const [lo, hi] = conditionBox({ key: 'mw', min: 250, max: 350 }, [150, 500], 0.25);
    expect([lo, hi]).toEqual([275, 325]);
    const [qlo, qhi] = conditionBox({ key: 'qed', min: 0.9, max: 1 }, qedRange, 0.4);
    expect(qlo).toBeCloseTo(0.918, 9);
    expect(qhi).toBeCloseTo(0.927, 9);
  });
});

describe('pickFraction', () => {
  it('is the run\'s pick without targets, 1 with them (the screen chooses then)', () => {
    expect(pickFraction({ targets: [], pick: 0.4 })).toBe(0.4);
    expect(pickFraction({ targets: [{ key: 'qed', min: 0.8, max: 1 }], pick: 0.4 })).toBe(1);
  });
});

describe('the batch plan', () => {
  it('starts small and doubles up to the batch size, covering the count exactly', () => {
    expect(batchPlan(1000, 500, 50).map((b) => b.size)).toEqual([50, 100, 200, 400, 250]);
    expect(batchPlan(30, 500, 50).map((b) => b.size)).toEqual([30]);
    expect(batchPlan(2000, 500, 50).reduce((a, b) => a + b.size, 0)).toBe(2000);
    expect(batchPlan(1200, 500)).toEqual(batchPlan(1200, 500, 500)); // absent: the flat plan of earlier versions
  });

  it('is stored with new runs and absent from old ones', () => {
    expect(molZinc.defaults().firstBatch).toBe(50);
    expect(molZinc.normalise({}).firstBatch).toBeUndefined();
    expect(() => molZinc.normalise({ firstBatch: 0 })).toThrow(/firstBatch/);
  });
});
