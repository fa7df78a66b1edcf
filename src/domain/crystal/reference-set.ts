// The training structures a crystal generator learnt from, as models/crystal/export.py writes them
// (crystal-<domain>-train.bin), for the novelty check: "LCTS", u32 version 1, u32 rows N, u32 max atoms A,
// f32 lattice [N, 6] (Å, degrees), f32 frac [N, A, 3], u8 species [N, A] (index into the vocabulary, 255 on
// padding); little-endian. Rows that cannot make a structure are skipped and counted.
import { latticeFromParams } from './lattice';
import { makeStructure, type Structure } from './structure';

export function readReferenceSet(bytes: Uint8Array, vocab: readonly string[]): { structures: Structure[]; skipped: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (bytes.byteLength < 16 || magic !== 'LCTS') throw new Error('not a crystal reference set (no "LCTS" header)');
  const version = view.getUint32(4, true);
  if (version !== 1) throw new Error(`crystal reference set version ${version}; this app reads version 1`);
  const n = view.getUint32(8, true);
  const a = view.getUint32(12, true);
  const need = 16 + n * 6 * 4 + n * a * 3 * 4 + n * a;
  if (bytes.byteLength !== need) throw new Error(`crystal reference set holds ${bytes.byteLength} bytes; ${n} rows of ${a} atoms need ${need}`);
  const f32 = (offset: number, count: number) => {
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = view.getFloat32(offset + 4 * i, true);
    return out;
  };
  const lat = f32(16, n * 6);
  const frac = f32(16 + n * 24, n * a * 3);
  const spec = bytes.subarray(16 + n * 24 + n * a * 12);
  const structures: Structure[] = [];
  let skipped = 0;
  for (let i = 0; i < n; i++) {
    const species: string[] = [];
    const coords: [number, number, number][] = [];
    for (let j = 0; j < a; j++) {
      const k = spec[i * a + j];
      if (k === 255) continue;
      species.push(vocab[k] ?? '?');
      const o = (i * a + j) * 3;
      coords.push([frac[o], frac[o + 1], frac[o + 2]]);
    }
    const [la, lb, lc, alpha, beta, gamma] = lat.subarray(i * 6, i * 6 + 6);
    try {
      structures.push(makeStructure(latticeFromParams({ a: la, b: lb, c: lc, alpha, beta, gamma }), species, coords));
    } catch {
      skipped++;
    }
  }
  return { structures, skipped };
}
