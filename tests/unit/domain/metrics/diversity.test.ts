// IntDiv and SNN against hand cases and the numpy/MOSES values in tests/fixtures/metrics.json.
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FingerprintSet, fingerprintFromBits, tanimoto } from '../../../../src/domain/metrics/fingerprints';
import { internalDiversity, sampleIndices, snn } from '../../../../src/domain/metrics/diversity';
import { Rng } from '../../../../src/domain/random';
import { parseSmiles } from '../../../../src/domain/chem/rdkit';
import { morganFingerprint } from '../../../../src/domain/metrics/fingerprints';
import { fingerprintSet, fixture, loadRDKit } from './fixture';

const rdkit = await loadRDKit();
const setA = fingerprintSet(rdkit, fixture.sets.A);
const setB = fingerprintSet(rdkit, fixture.sets.B);

describe('internalDiversity', () => {
  it('hand cases: the mean runs over all |G|² ordered pairs, i = j included', () => {
    const x = fingerprintFromBits([1, 2, 3, 4]);
    const y = fingerprintFromBits([3, 4, 5, 6]); // T(x, y) = 2/6
    const z = fingerprintFromBits([100]); // T = 0 with x and y
    const two = internalDiversity(FingerprintSet.from([x, y]));
    expect(two.n).toBe(2);
    expect(two.intDiv1).toBeCloseTo(1 - (2 * 1 + 2 * (1 / 3)) / 4, 14);
    expect(two.intDiv2).toBeCloseTo(1 - Math.sqrt((2 + 2 / 9) / 4), 14);
    // per molecule both rows are (1 + 1/9) / 2
    expect(two.intDiv2PerMolecule).toBeCloseTo(1 - Math.sqrt((1 + 1 / 9) / 2), 14);
    const three = internalDiversity(FingerprintSet.from([x, y, z]));
    expect(three.intDiv1).toBeCloseTo(1 - (3 + 2 / 3) / 9, 14);
    // rows: x, y → 1 + 1/9, z → 1; root per row then mean
    expect(three.intDiv2PerMolecule).toBeCloseTo(1 - (2 * Math.sqrt((1 + 1 / 9) / 3) + Math.sqrt(1 / 3)) / 3, 14);
    expect(internalDiversity(FingerprintSet.from([x])).intDiv1).toBe(0);
    expect(internalDiversity(FingerprintSet.from([x, x, x])).intDiv2).toBe(0);
    expect(internalDiversity(FingerprintSet.from([])).intDiv1).toBeNaN();
  });

  it(`equals the numpy/MOSES values for set A (${fixture.sets.A.length} molecules incl. a duplicate)`, () => {
    const d = internalDiversity(setA);
    console.log(`IntDiv set A: ours ${d.intDiv1.toFixed(10)} / ${d.intDiv2.toFixed(10)} / per-molecule ${d.intDiv2PerMolecule.toFixed(10)}; ` + `numpy ${fixture.sets.intDiv1} / ${fixture.sets.intDiv2} / ${fixture.sets.intDiv2MosesCode}`);
    expect(d.n).toBe(fixture.sets.A.length);
    expect(d.intDiv1).toBeCloseTo(fixture.sets.intDiv1, 9);
    expect(d.intDiv2).toBeCloseTo(fixture.sets.intDiv2, 9);
    expect(d.intDiv2PerMolecule).toBeCloseTo(fixture.sets.intDiv2MosesCode, 9);
  });

  it('equals a brute-force double loop over tanimoto() on random fingerprints (empty ones and duplicates included)', () => {
    const rng = new Rng(3);
    const fps = Array.from({ length: 120 }, (_, i) =>
      i % 17 === 0 ? fingerprintFromBits([]) : fingerprintFromBits(Array.from({ length: 5 + Math.floor(rng.next() * 60) }, () => Math.floor(rng.next() * 1024))),
    );
    fps.push(fps[5], fps[6]);
    const n = fps.length;
    let sum = 0;
    let sumSq = 0;
    let perMolecule = 0;
    for (let i = 0; i < n; i++) {
      let row = 0;
      for (let j = 0; j < n; j++) {
        const t = tanimoto(fps[i], fps[j]);
        sum += t;
        sumSq += t * t;
        row += t * t;
      }
      perMolecule += Math.sqrt(row / n) / n;
    }
    const d = internalDiversity(FingerprintSet.from(fps));
    expect(d.intDiv1).toBeCloseTo(1 - sum / n ** 2, 12);
    expect(d.intDiv2).toBeCloseTo(1 - Math.sqrt(sumSq / n ** 2), 12);
    expect(d.intDiv2PerMolecule).toBeCloseTo(1 - perMolecule, 12);
  });

  it('subsamples at most maxN molecules, reproducibly by seed', () => {
    const small = internalDiversity(setA, { maxN: 20, seed: 5 });
    expect(small.n).toBe(20);
    expect(internalDiversity(setA, { maxN: 20, seed: 5 })).toEqual(small);
    const direct = internalDiversity(setA.subset(sampleIndices(setA.size, 20, 5)));
    expect(small).toEqual(direct);
    expect(internalDiversity(setA, { maxN: 20, seed: 6 }).intDiv1).not.toBe(small.intDiv1);
    expect(internalDiversity(setA, { maxN: 1000 }).n).toBe(setA.size);
  });

  it('sampleIndices draws distinct indices in range, roughly uniformly', () => {
    const idx = sampleIndices(100, 30, 1);
    expect(idx.length).toBe(30);
    expect(new Set(idx).size).toBe(30);
    expect(Array.from(idx)).toEqual(Array.from(idx).sort((a, b) => a - b));
    expect(idx.every((i) => i >= 0 && i < 100)).toBe(true);
    expect(Array.from(sampleIndices(5, 10, 1))).toEqual([0, 1, 2, 3, 4]);
    const hits = new Float64Array(10);
    for (let s = 0; s < 2000; s++) for (const i of sampleIndices(10, 3, s)) hits[i]++;
    for (const h of hits) expect(Math.abs(h / 2000 - 0.3)).toBeLessThan(0.05);
  });
});

describe('snn', () => {
  it('hand case: mean of each sample’s best Tanimoto to the reference', () => {
    const x = fingerprintFromBits([1, 2, 3, 4]);
    const y = fingerprintFromBits([3, 4, 5, 6]);
    const z = fingerprintFromBits([100, 101]);
    const ref = FingerprintSet.from([y, z]);
    expect(snn(FingerprintSet.from([x, z]), ref)).toBeCloseTo((1 / 3 + 1) / 2, 15);
    expect(snn(FingerprintSet.from([]), ref)).toBeNaN();
  });

  it('equals the numpy/MOSES values for A→B and B→A', () => {
    expect(snn(setA, setB)).toBeCloseTo(fixture.sets.snnAtoB, 9);
    expect(snn(setB, setA)).toBeCloseTo(fixture.sets.snnBtoA, 9);
  });

  const zinc = new URL('../../../../../shared/data/zinc250k/dd_vae_split/', import.meta.url);
  it.skipIf(!existsSync(new URL('test.csv.gz', zinc)))('times SNN of 1,000 ZINC samples against 5,000 references (printed) and matches brute force', () => {
    const read = (name: string, n: number) => gunzipSync(readFileSync(new URL(name, zinc))).toString('utf8').split('\n').filter(Boolean).slice(0, n);
    const toSet = (smiles: string[]) =>
      FingerprintSet.from(
        smiles.flatMap((s) => {
          const m = parseSmiles(rdkit, s);
          if (m === null) return [];
          try {
            return [morganFingerprint(m)];
          } finally {
            m.delete();
          }
        }),
      );
    let t = performance.now();
    const ref = toSet(read('test.csv.gz', 5000));
    const samples = toSet(read('valid.csv.gz', 1000));
    const tFps = performance.now() - t;
    t = performance.now();
    const value = snn(samples, ref);
    const tSnn = performance.now() - t;
    t = performance.now();
    let brute = 0;
    for (let i = 0; i < samples.size; i++) {
      let best = 0;
      for (let j = 0; j < ref.size; j++) best = Math.max(best, tanimoto(samples.get(i), ref.get(j)));
      brute += best;
    }
    brute /= samples.size;
    const tBrute = performance.now() - t;
    t = performance.now();
    const d = internalDiversity(samples);
    const tIntDiv = performance.now() - t;
    t = performance.now();
    const dRef = internalDiversity(ref);
    const tIntDivRef = performance.now() - t;
    console.log(
      `SNN ${samples.size} × ${ref.size}: ${tSnn.toFixed(0)} ms indexed, ${tBrute.toFixed(0)} ms brute force (value ${value.toFixed(4)}); ` +
        `IntDiv over ${d.n}: ${tIntDiv.toFixed(0)} ms (${d.intDiv1.toFixed(4)} / ${d.intDiv2.toFixed(4)}), over ${dRef.n}: ${tIntDivRef.toFixed(0)} ms; ` +
        `RDKit.js fingerprints of ${samples.size + ref.size} SMILES: ${tFps.toFixed(0)} ms`,
    );
    expect(value).toBeCloseTo(brute, 12);
    expect(samples.size).toBe(1000);
  });

  it('indexed search agrees with brute force on random fingerprints', () => {
    const rng = new Rng(11);
    const rand = (n: number) => FingerprintSet.from(Array.from({ length: n }, () => fingerprintFromBits(Array.from({ length: 10 + Math.floor(rng.next() * 60) }, () => Math.floor(rng.next() * 300)))));
    const ref = rand(400);
    const q = rand(50);
    let brute = 0;
    for (let i = 0; i < q.size; i++) {
      let best = 0;
      for (let j = 0; j < ref.size; j++) best = Math.max(best, tanimoto(q.get(i), ref.get(j)));
      brute += best / q.size;
    }
    expect(snn(q, ref)).toBeCloseTo(brute, 12);
  });
});
