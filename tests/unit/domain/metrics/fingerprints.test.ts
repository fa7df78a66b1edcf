// Packed Morgan fingerprints and Tanimoto, against hand values and Debian RDKit's own numbers.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../../src/domain/random';
import { morganBits } from '../../../../src/domain/chem/rdkit';
import {
  FP_BITS,
  FP_WORDS,
  FingerprintSet,
  fingerprintFromBits,
  morganFingerprint,
  onBits,
  packBytes,
  popcount,
  popcount32,
  tanimoto,
} from '../../../../src/domain/metrics/fingerprints';
import { fixture, loadRDKit, withParsed } from './fixture';

const rdkit = await loadRDKit();
const fpOf = (smiles: string) => withParsed(rdkit, smiles, morganFingerprint);

describe('bit packing and popcount', () => {
  it('packs bit i of byte j as bit 8j + i', () => {
    const bytes = new Uint8Array(8);
    bytes[0] = 0b0000_0001; // bit 0
    bytes[1] = 0b0010_0000; // bit 13
    bytes[3] = 0b1000_0000; // bit 31
    bytes[4] = 0b0000_0100; // bit 34
    const fp = packBytes(bytes);
    expect(Array.from(fp)).toEqual([(1 | (1 << 13) | 2 ** 31) >>> 0, 1 << 2]);
    expect(onBits(fp)).toEqual([0, 13, 31, 34]);
    expect(fingerprintFromBits([0, 13, 31, 34], 64)).toEqual(fp);
  });

  it('popcount32 counts bits of edge words', () => {
    expect([0, 1, 0x80000000, 0xffffffff, 0x55555555, 0xf0f0f0f0, 0x12345678].map(popcount32)).toEqual([0, 1, 1, 32, 16, 16, 13]);
    const rng = new Rng(7);
    for (let k = 0; k < 200; k++) {
      const x = rng.nextU32();
      expect(popcount32(x)).toBe(x.toString(2).replaceAll('0', '').length);
    }
  });

  it('morganFingerprint has the bits of morganBits (RDKit.js bit string order)', () => {
    for (const s of ['CC(=O)Oc1ccccc1C(=O)O', 'c1ccccc1', 'C[N+](C)(C)CCOC(C)=O']) {
      const viaWrapper = withParsed(rdkit, s, (m) => morganBits(m, 2, FP_BITS));
      const viaString = withParsed(rdkit, s, (m) => m.get_morgan_fp(JSON.stringify({ radius: 2, nBits: FP_BITS })));
      const fp = fpOf(s);
      expect(fp.length).toBe(FP_WORDS);
      expect(onBits(fp)).toEqual(Array.from(viaWrapper.keys()).filter((i) => viaWrapper[i] === 1));
      expect(onBits(fp)).toEqual(Array.from(viaString).flatMap((c, i) => (c === '1' ? [i] : [])));
    }
  });
});

describe('tanimoto', () => {
  it('matches hand-computed values', () => {
    const a = fingerprintFromBits([1, 2, 3, 40]);
    const b = fingerprintFromBits([2, 3, 40, 1000, 1023]);
    expect(tanimoto(a, b)).toBeCloseTo(3 / 6, 15); // |a∧b| = 3, |a∨b| = 6
    expect(tanimoto(a, a)).toBe(1);
    expect(tanimoto(a, fingerprintFromBits([5, 6]))).toBe(0);
    expect(tanimoto(fingerprintFromBits([]), fingerprintFromBits([]))).toBe(1); // RDKit and MOSES: 0/0 = 1
    expect(tanimoto(fingerprintFromBits([]), a)).toBe(0);
    expect(popcount(b)).toBe(5);
    expect(() => tanimoto(a, new Uint32Array(4))).toThrow(/length/);
  });

  it(`RDKit.js Morgan bits equal Debian RDKit ${fixture.rdkit}'s for all ${fixture.molecules.length} fixture molecules`, () => {
    const differ = fixture.molecules.flatMap((m) => {
      const ours = onBits(fpOf(m.smiles));
      return ours.join() === m.bits.join() ? [] : [`${m.smiles}: RDKit.js ${rdkit.version()} [${ours.join()}] vs [${m.bits.join()}]`];
    });
    if (differ.length > 0) console.log(`Morgan bit differences:\n  ${differ.join('\n  ')}`);
    expect(differ).toEqual([]);
  });

  it(`equals DataStructs.TanimotoSimilarity on ${fixture.pairs.length} pairs`, () => {
    let maxDiff = 0;
    for (const p of fixture.pairs) {
      const t = tanimoto(fpOf(p.a), fpOf(p.b));
      maxDiff = Math.max(maxDiff, Math.abs(t - p.tanimoto));
      expect(t, `${p.a} vs ${p.b}`).toBeCloseTo(p.tanimoto, 9);
    }
    console.log(`Tanimoto vs RDKit ${fixture.rdkit}: max |diff| ${maxDiff.toExponential(2)} over ${fixture.pairs.length} pairs`);
  });
});

describe('FingerprintSet', () => {
  // Random fingerprints with popcounts spread like drug-like Morgan ones (~20-70 bits), some duplicated.
  function randomFps(n: number, seed: number): Uint32Array[] {
    const rng = new Rng(seed);
    return Array.from({ length: n }, () => fingerprintFromBits(Array.from({ length: 20 + Math.floor(rng.next() * 50) }, () => Math.floor(rng.next() * 200))));
  }

  it('stores, views and subsets fingerprints with their popcounts', () => {
    const fps = randomFps(10, 1);
    const set = FingerprintSet.from(fps);
    expect(set.size).toBe(10);
    for (let i = 0; i < 10; i++) {
      expect(set.get(i)).toEqual(fps[i]);
      expect(set.counts[i]).toBe(popcount(fps[i]));
    }
    expect(set.similarity(2, 7)).toBe(tanimoto(fps[2], fps[7]));
    const sub = set.subset([7, 2]);
    expect(sub.get(0)).toEqual(fps[7]);
    expect(sub.counts[1]).toBe(popcount(fps[2]));
    expect(() => new FingerprintSet(new Uint32Array(FP_WORDS + 1))).toThrow();
  });

  it('nearest() through the inverted index equals brute force (similarity and lowest index on ties)', () => {
    const ref = [...randomFps(300, 2), ...randomFps(5, 3)]; // duplicates via a repeated seed
    ref.push(...randomFps(5, 3));
    const set = FingerprintSet.from(ref);
    const queries = [...randomFps(100, 4), ...randomFps(5, 3), fingerprintFromBits([])];
    for (const q of queries) {
      let best = -1;
      let bestIndex = -1;
      ref.forEach((r, i) => {
        const t = tanimoto(q, r);
        if (t > best) [best, bestIndex] = [t, i];
      });
      expect(set.nearest(q)).toEqual({ index: bestIndex, similarity: best });
    }
    expect(new FingerprintSet(new Uint32Array(0)).nearest(queries[0]).index).toBe(-1);
  });
});
