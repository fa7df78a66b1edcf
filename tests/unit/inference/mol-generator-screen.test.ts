// Screening latents by the probability that their decode lands in every target box (screen.ts).
import { describe, expect, it } from 'vitest';
import { erfc, logBoxProbability, screenScores, topIndices, upperTail } from '../../../src/inference/mol-generator/screen';

describe('erfc', () => {
  // reference values: Python's math.erfc
  const known: [number, number][] = [
    [0, 1],
    [0.5, 0.4795001221869534],
    [1, 0.15729920705028513],
    [-1, 1.8427007929497148],
    [3, 2.209049699858544e-5],
    [5, 1.5374597944280349e-12],
    [10, 2.088487583762545e-45],
  ];
  it.each(known)('erfc(%d) within 2e-7 relative', (x, want) => {
    expect(Math.abs(erfc(x) - want) / want).toBeLessThan(2e-7);
  });
});

describe('logBoxProbability', () => {
  it('is the Gaussian mass inside the box', () => {
    expect(Math.exp(logBoxProbability(0, 1, -1, 1))).toBeCloseTo(0.6826894921, 6);
    expect(Math.exp(logBoxProbability(2, 0.5, 2, 10))).toBeCloseTo(0.5, 6);
    // mass of N(0,1) in [5, 6]: Q(5) - Q(6) = 2.8665157e-7 - 9.8658765e-10
    expect(Math.exp(logBoxProbability(0, 1, 5, 6)) / 2.8566498e-7).toBeCloseTo(1, 5);
    expect(Math.exp(logBoxProbability(0, 1, -6, -5)) / 2.8566498e-7).toBeCloseTo(1, 5);
  });
  it('keeps boxes far in the tail in order instead of rounding them all to 0', () => {
    const scores = [6, 8, 10, 12].map((lo) => logBoxProbability(0, 1, lo, lo + 1));
    for (let i = 1; i < scores.length; i++) expect(scores[i]).toBeLessThan(scores[i - 1]);
    expect(scores.every(Number.isFinite)).toBe(true);
    expect(upperTail(8)).toBeGreaterThan(0);
  });
  it('treats a zero sd as a point', () => {
    expect(logBoxProbability(2.5, 0, 2, 3)).toBe(0);
    expect(logBoxProbability(3.5, 0, 2, 3)).toBe(-Infinity);
  });
});

describe('screenScores and topIndices', () => {
  const props = ['logp', 'qed', 'sa', 'mw', 'tpsa'];
  // three latents: on target for logP and QED, on target for logP only, off target
  const mean = Float32Array.from([2.5, 0.85, 3, 300, 60, 2.5, 0.5, 3, 300, 60, 5, 0.5, 3, 300, 60]);
  const sd = new Float32Array(15).fill(0.1);
  const targets = [
    { key: 'logp' as const, min: 2, max: 3 },
    { key: 'qed' as const, min: 0.8, max: 1 },
  ];
  it('sums the log-probabilities of the targeted properties only', () => {
    const s = screenScores(mean, sd, props, targets);
    expect(s[0]).toBeGreaterThan(s[1]);
    expect(s[1]).toBeGreaterThan(s[2]);
    const f = Math.fround; // the head's outputs are float32
    expect(s[0]).toBeCloseTo(logBoxProbability(2.5, f(0.1), 2, 3) + logBoxProbability(f(0.85), f(0.1), 0.8, 1), 10);
    expect(screenScores(mean, sd, props, [])).toEqual(new Float64Array(3));
  });
  it('names a property the head does not predict', () => {
    expect(() => screenScores(mean, sd, ['logp'], targets)).toThrow(/no "qed"/);
  });
  it('keeps the best in index order, ties to the earlier index', () => {
    expect([...topIndices([0.1, 0.9, 0.5, 0.9], 2)]).toEqual([1, 3]);
    expect([...topIndices([0.2, 0.2, 0.2], 2)]).toEqual([0, 1]);
    expect([...topIndices([3, 1, 2], 3)]).toEqual([0, 1, 2]);
  });
});
