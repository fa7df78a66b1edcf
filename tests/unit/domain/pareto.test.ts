// Non-dominated ranks and hypervolume against hand-worked fixtures and brute-force checkers.
import { describe, expect, it } from 'vitest';
import { crowdingDistance, defaultReference, hypervolume, objectiveValues, paretoRanks } from '../../../src/domain/pareto';
import { Rng } from '../../../src/domain/random';

/** Deb's fast non-dominated sort, O(n² d): slow but obviously right. */
function bruteRanks(points: number[][]): number[] {
  const n = points.length;
  const dominates = (p: number[], q: number[]) => p.every((v, j) => v <= q[j]) && p.some((v, j) => v < q[j]);
  const beats: number[][] = Array.from({ length: n }, () => []);
  const count = new Array(n).fill(0);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      if (dominates(points[i], points[k])) beats[i].push(k);
      else if (dominates(points[k], points[i])) count[i]++;
    }
  }
  const rank = new Array(n).fill(0);
  let current = points.map((_, i) => i).filter((i) => count[i] === 0);
  for (let r = 1; current.length > 0; r++) {
    const next: number[] = [];
    for (const i of current) {
      rank[i] = r;
      for (const k of beats[i]) if (--count[k] === 0) next.push(k);
    }
    current = next;
  }
  return rank;
}

/** Exact volume for integer points in [0, g)^d with reference (g, ..., g): count the dominated unit cells. */
function cellVolume(points: number[][], g: number): number {
  const d = points[0].length;
  let count = 0;
  const cell = new Array(d).fill(0);
  for (let c = 0; c < g ** d; c++) {
    for (let j = 0, r = c; j < d; j++, r = Math.floor(r / g)) cell[j] = r % g;
    if (points.some((p) => p.every((v, j) => v <= cell[j]))) count++;
  }
  return count;
}

function randomPoints(rng: Rng, n: number, d: number, grid?: number): number[][] {
  return Array.from({ length: n }, () => Array.from({ length: d }, () => (grid ? Math.floor(rng.next() * grid) : rng.next())));
}

const FIXTURE_2D = [[1, 5], [2, 3], [3, 4], [4, 1], [5, 5]];

describe('objectiveValues', () => {
  const objectives = [
    { key: 'qed', sense: 'max' as const },
    { key: 'logP', sense: 'target' as const, target: 2.5 },
    { key: 'sa', sense: 'min' as const },
  ];
  it('maps max → −v, min → v, target → |v − target|', () => {
    expect(objectiveValues({ qed: 0.8, logP: 2, sa: 3 }, objectives)).toEqual([-0.8, 0.5, 3]);
    expect(objectiveValues({ qed: 0.8, logP: 3.5, sa: 3, extra: 9 }, objectives)).toEqual([-0.8, 1, 3]);
  });
  it('is null when a value is missing or not finite', () => {
    expect(objectiveValues({ qed: 0.8, logP: 2 }, objectives)).toBeNull();
    expect(objectiveValues({ qed: 0.8, logP: null, sa: 3 }, objectives)).toBeNull();
    expect(objectiveValues({ qed: NaN, logP: 2, sa: 3 }, objectives)).toBeNull();
    expect(objectiveValues({ qed: 0.8, logP: 2, sa: Infinity }, objectives)).toBeNull();
  });
  it('refuses a target objective without a target', () => {
    expect(() => objectiveValues({ logP: 2 }, [{ key: 'logP', sense: 'target' }])).toThrow(/target/);
  });
});

describe('paretoRanks', () => {
  it('hand fixture in 2D', () => {
    // (3,4) is dominated by (2,3) only → rank 2; (5,5) by (1,5), (2,3), (3,4), (4,1) → 1 + rank of (3,4) = 3
    expect(Array.from(paretoRanks(FIXTURE_2D))).toEqual([1, 1, 2, 1, 3]);
  });
  it('hand fixture in 3D', () => {
    // A=(1,1,3), B=(2,2,1), C=(3,1,2) are mutually non-dominated; D=(2,2,2) is dominated by B only;
    // E=(3,3,3) by all of A..D, so 1 + rank(D) = 3.
    expect(Array.from(paretoRanks([[1, 1, 3], [2, 2, 1], [3, 1, 2], [2, 2, 2], [3, 3, 3]]))).toEqual([1, 1, 1, 2, 3]);
  });
  it('gives equal points equal ranks and handles ties in one coordinate', () => {
    const pts = [[1, 1], [1, 1], [1, 2], [2, 1], [2, 2], [0, 3], [0, 3], [3, 0]];
    // duplicates do not dominate each other; (1,2) and (2,1) are beaten by (1,1); (2,2) also by (1,2)
    expect(Array.from(paretoRanks(pts))).toEqual([1, 1, 2, 2, 3, 1, 1, 1]);
    expect(Array.from(paretoRanks([[1, 3], [1, 2], [1, 2]]))).toEqual([2, 1, 1]);
    expect(Array.from(paretoRanks([[1, 2, 3], [1, 2, 3], [1, 2, 4], [0, 5, 5]]))).toEqual([1, 1, 2, 1]);
    expect(Array.from(paretoRanks([[2], [1], [2], [3]]))).toEqual([2, 1, 2, 3]);
  });
  it('handles empty input and a single point', () => {
    expect(paretoRanks([]).length).toBe(0);
    expect(Array.from(paretoRanks([[4, 2]]))).toEqual([1]);
  });
  it('refuses points of different lengths', () => {
    expect(() => paretoRanks([[1, 2], [1, 2, 3]])).toThrow();
  });
  for (const d of [2, 3, 4]) {
    it(`agrees with brute force on 2,000 seeded random points in ${d}D (continuous and on a coarse grid)`, () => {
      const rng = new Rng(1000 + d);
      for (const grid of [undefined, 6]) {
        const pts = randomPoints(rng, 2000, d, grid);
        expect(Array.from(paretoRanks(pts))).toEqual(bruteRanks(pts));
      }
    });
  }
  it('agrees with brute force when every point is on one front (a plane in 3D)', () => {
    const rng = new Rng(9);
    const pts = Array.from({ length: 2000 }, () => {
      const a = rng.next(), b = rng.next() * (1 - a);
      return [a, b, 1 - a - b];
    });
    expect(Array.from(paretoRanks(pts))).toEqual(bruteRanks(pts));
  });
  it('ranks 100,000 points in 2D and 3D', () => {
    const rng = new Rng(5);
    for (const d of [2, 3]) {
      const ranks = paretoRanks(randomPoints(rng, 100_000, d));
      expect(ranks.length).toBe(100_000);
      expect(ranks.reduce((a, b) => Math.min(a, b), Infinity)).toBe(1);
    }
  });
});

describe('hypervolume', () => {
  it('hand fixture in 2D', () => {
    // Sweep in x with reference (6,6): (1,5) adds (6−1)(6−5) = 5; (2,3) adds (6−2)(5−3) = 8; (3,4) nothing
    // (4 ≥ 3); (4,1) adds (6−4)(3−1) = 4; (5,5) nothing. 5 + 8 + 4 = 17.
    expect(hypervolume(FIXTURE_2D, [6, 6])).toBe(17);
    expect(hypervolume([[1, 5], [2, 3], [4, 1]], [6, 6])).toBe(17);
  });
  it('hand fixture in 3D', () => {
    // Slices in z with reference (4,4,4); boxes A=[1,4]²×[3,4], B=[2,4]²×[1,4], C=[3,4]×[1,4]×[2,4]:
    //   z∈[1,2]: B alone, 2·2 = 4;  z∈[2,3]: B ∪ C = 4 + 3 − 2 = 5;  z∈[3,4]: A covers B and C, 3·3 = 9.
    // 4 + 5 + 9 = 18; D=(2,2,2) and E=(3,3,3) are dominated and add nothing.
    expect(hypervolume([[1, 1, 3], [2, 2, 1], [3, 1, 2], [2, 2, 2], [3, 3, 3]], [4, 4, 4])).toBe(18);
  });
  it('ignores points that do not strictly dominate the reference', () => {
    expect(hypervolume([[1, 7], [6, 1], [7, 7]], [6, 6])).toBe(0);
    expect(hypervolume([[1, 5], [1, 7], [6, 1]], [6, 6])).toBe(5);
    expect(hypervolume([], [1, 1, 1])).toBe(0);
  });
  it('agrees with counting cells on seeded random integer sets', () => {
    const rng = new Rng(77);
    for (let t = 0; t < 20; t++) {
      for (const d of [2, 3]) {
        const pts = randomPoints(rng, 1 + Math.floor(rng.next() * 30), d, 12);
        expect(hypervolume(pts, new Array(d).fill(12))).toBe(cellVolume(pts, 12));
      }
    }
  });
  it('refuses other dimensions', () => {
    expect(() => hypervolume([[1, 2, 3, 4]], [5, 5, 5, 5])).toThrow(/2 and 3/);
  });
});

describe('defaultReference', () => {
  it('is the worst value plus 10 % of the range', () => {
    const [x, y] = defaultReference([[1, 5], [2, 3], [4, 1]]);
    expect(x).toBeCloseTo(4 + 0.3, 12);
    expect(y).toBeCloseTo(5 + 0.4, 12);
  });
  it('keeps a margin when the range is zero', () => {
    expect(defaultReference([[2, 0]])).toEqual([2.2, 1]);
  });
});

describe('crowdingDistance', () => {
  it('gives the extremes Infinity and the rest the normalised neighbour gaps', () => {
    const pts = [[0, 3], [1, 2], [2, 1], [3, 0], [9, 9]];
    // (1,2): x gap (2 − 0)/3, y gap (3 − 1)/3 → 4/3; likewise (2,1). Index 4 is not passed in.
    const d = crowdingDistance(pts, [3, 1, 2, 0]);
    expect(d[0]).toBe(Infinity);
    expect(d[3]).toBe(Infinity);
    expect(d[1]).toBeCloseTo(4 / 3, 12);
    expect(d[2]).toBeCloseTo(4 / 3, 12);
  });
});
