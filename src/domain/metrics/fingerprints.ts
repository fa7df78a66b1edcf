// Morgan fingerprints as packed bits, Tanimoto similarity, and a flat fingerprint set for nearest-neighbour
// search. MOSES fixes the fingerprint: Morgan radius 2, 1,024 bits, no chirality, no features.
import type { Mol } from '../chem/rdkit';

export const FP_RADIUS = 2;
export const FP_BITS = 1024;
/** 32-bit words per fingerprint. */
export const FP_WORDS = FP_BITS / 32;
const FP_BYTES = FP_BITS / 8;
const MORGAN_DETAILS = JSON.stringify({ radius: FP_RADIUS, nBits: FP_BITS });

/** Morgan r2 1024-bit fingerprint of a molecule, packed: bit k of word w is fingerprint bit 32w + k. */
export function morganFingerprint(mol: Mol): Uint32Array {
  // RDKit.js packs bit i of byte j as fingerprint bit 8j + i (checked against get_morgan_fp's bit string).
  const bytes = mol.get_morgan_fp_as_uint8array(MORGAN_DETAILS) as Uint8Array;
  if (bytes.length !== FP_BYTES) throw new Error(`Morgan fingerprint has ${bytes.length} bytes, expected ${FP_BYTES}`);
  return packBytes(bytes);
}

/** Pack little-endian bytes (bit i of byte j = bit 8j + i) into 32-bit words, independent of platform endianness. */
export function packBytes(bytes: Uint8Array): Uint32Array {
  const out = new Uint32Array(bytes.length >> 2);
  for (let w = 0; w < out.length; w++) {
    const j = w << 2;
    out[w] = (bytes[j] | (bytes[j + 1] << 8) | (bytes[j + 2] << 16) | (bytes[j + 3] << 24)) >>> 0;
  }
  return out;
}

/** Packed fingerprint with exactly the given bits set. */
export function fingerprintFromBits(bits: Iterable<number>, nBits: number = FP_BITS): Uint32Array {
  const out = new Uint32Array(Math.ceil(nBits / 32));
  for (const b of bits) {
    if (!Number.isInteger(b) || b < 0 || b >= nBits) throw new RangeError(`bit ${b} outside 0..${nBits - 1}`);
    out[b >>> 5] |= 1 << (b & 31);
  }
  return out;
}

/** Indices of the set bits, ascending. */
export function onBits(fp: Uint32Array): number[] {
  const out: number[] = [];
  for (let w = 0; w < fp.length; w++) for (let k = 0; k < 32; k++) if ((fp[w] >>> k) & 1) out.push(32 * w + k);
  return out;
}

/** Number of set bits in a 32-bit word (SWAR). */
export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Number of set bits in a packed fingerprint. */
export function popcount(fp: Uint32Array): number {
  let n = 0;
  for (let w = 0; w < fp.length; w++) n += popcount32(fp[w]);
  return n;
}

/** Tanimoto |a ∧ b| / |a ∨ b| of two packed fingerprints; two empty ones count as identical (1), as RDKit and MOSES do. */
export function tanimoto(a: Uint32Array, b: Uint32Array): number {
  if (a.length !== b.length) throw new Error(`fingerprints differ in length: ${a.length} vs ${b.length} words`);
  let both = 0;
  let either = 0;
  for (let w = 0; w < a.length; w++) {
    both += popcount32(a[w] & b[w]);
    either += popcount32(a[w] | b[w]);
  }
  return either === 0 ? 1 : both / either;
}

/** Tanimoto from the intersection count and the two popcounts (0/0 = 1). */
export function tanimotoFromCounts(both: number, countA: number, countB: number): number {
  const union = countA + countB - both;
  return union === 0 ? 1 : both / union;
}

/**
 * Write the indices of the set bits of the FP_WORDS-word fingerprint at words[start..] into out (ascending);
 * returns how many. out needs room for FP_BITS entries.
 */
export function onBitsInto(words: Uint32Array, start: number, out: Int32Array): number {
  let n = 0;
  for (let w = 0; w < FP_WORDS; w++) {
    let x = words[start + w] | 0;
    while (x !== 0) {
      const low = x & -x;
      out[n++] = 32 * w + 31 - Math.clz32(low);
      x ^= low;
    }
  }
  return n;
}

/**
 * Many fingerprints in one Uint32Array (FP_WORDS words each) with their popcounts: a compact form that can be
 * sent between workers. Nearest-neighbour search uses an inverted index (for every bit, the members that set
 * it), built on first use: a query adds up its intersections with all members by walking the lists of its
 * own ~40 bits instead of ANDing 32 words per member. The index holds one int32 per set bit (~160 B a member).
 */
export class FingerprintSet {
  readonly words: Uint32Array;
  readonly counts: Uint16Array;
  readonly size: number;
  #index: { starts: Int32Array; members: Int32Array } | null = null;

  constructor(words: Uint32Array, counts?: Uint16Array) {
    if (words.length % FP_WORDS) throw new Error(`${words.length} words is not a whole number of ${FP_WORDS}-word fingerprints`);
    this.words = words;
    this.size = words.length / FP_WORDS;
    if (counts === undefined) {
      counts = new Uint16Array(this.size);
      for (let i = 0; i < this.size; i++) counts[i] = popcount(this.get(i));
    } else if (counts.length !== this.size) throw new Error(`${counts.length} popcounts for ${this.size} fingerprints`);
    this.counts = counts;
  }

  /** A set from single packed fingerprints (each FP_WORDS words). */
  static from(fps: readonly Uint32Array[]): FingerprintSet {
    const words = new Uint32Array(fps.length * FP_WORDS);
    fps.forEach((fp, i) => {
      if (fp.length !== FP_WORDS) throw new Error(`fingerprint ${i} has ${fp.length} words, expected ${FP_WORDS}`);
      words.set(fp, i * FP_WORDS);
    });
    return new FingerprintSet(words);
  }

  /** The i-th fingerprint (a view, not a copy). */
  get(i: number): Uint32Array {
    return this.words.subarray(i * FP_WORDS, (i + 1) * FP_WORDS);
  }

  /** The fingerprints at the given positions, as a new set. */
  subset(indices: ArrayLike<number>): FingerprintSet {
    const words = new Uint32Array(indices.length * FP_WORDS);
    const counts = new Uint16Array(indices.length);
    for (let k = 0; k < indices.length; k++) {
      words.set(this.get(indices[k]), k * FP_WORDS);
      counts[k] = this.counts[indices[k]];
    }
    return new FingerprintSet(words, counts);
  }

  /** Tanimoto between members i and j. */
  similarity(i: number, j: number): number {
    const w = this.words;
    let both = 0;
    for (let a = i * FP_WORDS, b = j * FP_WORDS, end = a + FP_WORDS; a < end; a++, b++) both += popcount32(w[a] & w[b]);
    return tanimotoFromCounts(both, this.counts[i], this.counts[j]);
  }

  /** The member most similar to a query fingerprint (lowest index on ties) and its Tanimoto; index −1 and NaN when empty. */
  nearest(query: Uint32Array): { index: number; similarity: number } {
    if (query.length !== FP_WORDS) throw new Error(`query has ${query.length} words, expected ${FP_WORDS}`);
    return this.#nearest(query, 0, new Uint16Array(this.size), new Int32Array(FP_BITS));
  }

  /** Highest Tanimoto of each member of queries to this set. */
  maxSimilarities(queries: FingerprintSet): Float64Array {
    const out = new Float64Array(queries.size);
    const both = new Uint16Array(this.size);
    const bits = new Int32Array(FP_BITS);
    for (let q = 0; q < queries.size; q++) out[q] = this.#nearest(queries.words, q * FP_WORDS, both, bits).similarity;
    return out;
  }

  /** Nearest member to the fingerprint at words[start..]; both (zeroed, size entries) and bits are scratch. */
  #nearest(words: Uint32Array, start: number, both: Uint16Array, bits: Int32Array): { index: number; similarity: number } {
    if (this.size === 0) return { index: -1, similarity: Number.NaN };
    const { starts, members } = this.#postings();
    const nq = onBitsInto(words, start, bits);
    for (let k = 0; k < nq; k++) {
      const b = bits[k];
      for (let p = starts[b], end = starts[b + 1]; p < end; p++) both[members[p]]++;
    }
    const counts = this.counts;
    let best = -1;
    let bestIndex = -1;
    for (let j = 0; j < this.size; j++) {
      const t = tanimotoFromCounts(both[j], nq, counts[j]);
      both[j] = 0; // leave the scratch zeroed for the next query
      if (t > best) {
        best = t;
        bestIndex = j;
      }
    }
    return { index: bestIndex, similarity: best };
  }

  #postings(): { starts: Int32Array; members: Int32Array } {
    if (this.#index === null) {
      const starts = postingStarts(this);
      const bits = new Int32Array(FP_BITS);
      const fill = starts.slice(0, FP_BITS);
      const members = new Int32Array(starts[FP_BITS]);
      for (let i = 0; i < this.size; i++) {
        const n = onBitsInto(this.words, i * FP_WORDS, bits);
        for (let k = 0; k < n; k++) members[fill[bits[k]]++] = i;
      }
      this.#index = { starts, members };
    }
    return this.#index;
  }
}

/** Where each bit's member list starts in an inverted index of the set (FP_BITS + 1 offsets; the last is the total). */
export function postingStarts(set: FingerprintSet): Int32Array {
  const starts = new Int32Array(FP_BITS + 1);
  const bits = new Int32Array(FP_BITS);
  for (let i = 0; i < set.size; i++) {
    const n = onBitsInto(set.words, i * FP_WORDS, bits);
    for (let k = 0; k < n; k++) starts[bits[k] + 1]++;
  }
  for (let b = 0; b < FP_BITS; b++) starts[b + 1] += starts[b];
  return starts;
}
