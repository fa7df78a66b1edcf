import { describe, expect, it } from 'vitest';
import { hashSmiles, hashSmilesReference, SmilesHashSet } from '../../../../src/domain/metrics/hashset';

describe('hashSmiles', () => {
  it('is 64-bit FNV-1a (known vectors) and matches the BigInt reference', () => {
    expect(hashSmilesReference('')).toBe(0xcbf29ce484222325n);
    expect(hashSmilesReference('a')).toBe(0xaf63dc4c8601ec8cn); // published FNV-1a 64 test vector
    for (const s of ['', 'a', 'CCO', 'c1ccccc1', 'CC(=O)Oc1ccccc1C(=O)O', 'C[C@@H](N)C(=O)O', 'x'.repeat(300)])
      expect(hashSmiles(s)).toBe(hashSmilesReference(s));
  });
});

describe('SmilesHashSet', () => {
  it('finds members, rejects others, round-trips through bytes', () => {
    const members = ['CCO', 'c1ccccc1', 'CC(=O)O', 'CN1CCC[C@H]1c1cccnc1'];
    const sorted = new BigUint64Array(members.map(hashSmiles)).sort();
    const set = SmilesHashSet.fromBytes(new Uint8Array(sorted.buffer));
    expect(set.size).toBe(4);
    for (const m of members) expect(set.has(m)).toBe(true);
    for (const m of ['CCN', 'c1ccncc1', '', 'OCC']) expect(set.has(m)).toBe(false);
  });
  it("reads a small file's Node Buffer, which is a view of Node's shared pool", () => {
    // Buffer.from of a few bytes, like readFileSync of a small file, sits at an offset in an 8 KB pool
    const sorted = new BigUint64Array(['CCO', 'CCN'].map(hashSmiles)).sort();
    const small = Buffer.from(new Uint8Array(sorted.buffer));
    expect(small.buffer.byteLength).toBeGreaterThan(small.byteLength);
    const set = SmilesHashSet.fromBytes(small);
    expect(set.size).toBe(2);
    expect(set.has('CCO') && set.has('CCN') && !set.has('OCC')).toBe(true);
  });
  it('refuses unsorted or truncated input', () => {
    expect(() => new SmilesHashSet(new BigUint64Array([3n, 1n]))).toThrow('not sorted');
    expect(() => SmilesHashSet.fromBytes(new Uint8Array(12))).toThrow('multiple of 8');
  });
});
