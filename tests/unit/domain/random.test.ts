import { describe, expect, it } from 'vitest';
import { Rng, sampleLogits, tokenLogProb } from '../../../src/domain/random';

describe('Rng', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = new Rng(42), b = new Rng(42), c = new Rng(43);
    const xs = Array.from({ length: 5 }, () => a.nextU32());
    expect(Array.from({ length: 5 }, () => b.nextU32())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.nextU32())).not.toEqual(xs);
  });
  it('gives uniforms in [0,1) and normals with mean 0, variance 1', () => {
    const r = new Rng(7);
    let s = 0, s2 = 0, lo = 1, hi = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const u = r.next();
      lo = Math.min(lo, u);
      hi = Math.max(hi, u);
      const z = r.normal();
      s += z;
      s2 += z * z;
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    expect(Math.abs(s / n)).toBeLessThan(0.01);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.02);
  });
  it('derives distinct streams', () => {
    expect(Rng.derive(1, 0).nextU32()).not.toBe(Rng.derive(1, 1).nextU32());
    expect(Rng.derive(1, 3).nextU32()).toBe(Rng.derive(1, 3).nextU32());
  });
});

describe('sampleLogits', () => {
  it('follows the softmax and never picks a banned index', () => {
    const r = new Rng(3);
    const logits = new Float32Array([0, Math.log(3), 10, 0]); // index 2 banned; p = [1/5, 3/5, 0, 1/5]
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 50_000; i++) counts[sampleLogits(logits, 0, 4, 1, r, [2])]++;
    expect(counts[2]).toBe(0);
    expect(counts[1] / 50_000).toBeCloseTo(0.6, 1);
    expect(counts[0] / 50_000).toBeCloseTo(0.2, 1);
  });
  it('a low temperature approaches argmax', () => {
    const r = new Rng(5);
    const logits = new Float32Array([1, 2, 1.5]);
    for (let i = 0; i < 100; i++) expect(sampleLogits(logits, 0, 3, 0.01, r)).toBe(1);
  });
  it('temperature 0 is argmax over the allowed indices and draws nothing from the generator', () => {
    const r = new Rng(5);
    const logits = new Float32Array([1, 2, 1.5, 9]);
    expect(sampleLogits(logits, 0, 4, 0, r, [3])).toBe(1);
    expect(sampleLogits(new Float32Array([0, 0, 4, 1, 2]), 1, 4, 0, r)).toBe(1); // offset: index within the row
    expect(r.nextU32()).toBe(new Rng(5).nextU32());
  });
});

describe('tokenLogProb', () => {
  it('is the log-softmax at temperature 1 over the allowed indices, wherever the row starts', () => {
    const logits = new Float32Array([9, 9, 0, Math.log(3), 10, 0]); // row at offset 2; its index 2 banned: p = [1/5, 3/5, 0, 1/5]
    expect(tokenLogProb(logits, 2, 4, 1, [2])).toBeCloseTo(Math.log(0.6), 6);
    expect(tokenLogProb(logits, 2, 4, 3, [2])).toBeCloseTo(Math.log(0.2), 6);
    expect(tokenLogProb(logits, 2, 4, 2)).toBeCloseTo(10 - Math.log(Math.exp(10) + 5), 5); // nothing banned
  });
});
