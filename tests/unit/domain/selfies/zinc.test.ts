// SELFIES on real and random data: encode -> decode round trip on a seeded ZINC250k sample (RDKit canonical
// SMILES must match), and 100,000 random token sequences that must all decode to SMILES RDKit accepts.
// scripts/selfies-check.ts runs the same checks over all 249,456 molecules.
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import init from '@rdkit/rdkit';
import { canonicalSmiles, parseSmiles, withMol, type RDKitModule } from '../../../../src/domain/chem/rdkit';
import { BRANCH_TOKENS, NOP, RING_TOKENS, decode, encode, splitSelfies } from '../../../../src/domain/selfies';

const ZINC = fileURLToPath(new URL('../../../../../shared/data/zinc250k/250k_rndm_zinc_drugs_clean.smi.gz', import.meta.url));
const SAMPLE = 5_000;
const RANDOM_SEQUENCES = 100_000;

/** mulberry32 */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rdkit: RDKitModule = await init();
const canon = (smiles: string): string | null => canonicalSmiles(rdkit, smiles);

describe.skipIf(!existsSync(ZINC))('SELFIES on ZINC250k', () => {
  const all = gunzipSync(readFileSync(ZINC)).toString('utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const rand = prng(250_000);
  const idx = Array.from(all.keys());
  for (let i = 0; i < SAMPLE; i++) {
    const j = i + Math.floor(rand() * (idx.length - i));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  const sample = idx.slice(0, SAMPLE).map((i) => all[i]);
  const tokenCounts = new Map<string, number>();

  it(`round-trips a seeded sample of ${SAMPLE.toLocaleString('en')} molecules`, () => {
    const failures: string[] = [];
    let maxTokens = 0;
    for (const smiles of sample) {
      const forms = withMol(rdkit, smiles, (m) => [m.get_smiles(), m.get_smiles(JSON.stringify({ doKekule: true }))] as const);
      expect(forms, smiles).not.toBeNull();
      const [canonical, kekule] = forms as readonly [string, string];
      let selfies = '';
      try {
        selfies = encode(kekule);
      } catch (e) {
        failures.push(`${smiles}: ${(e as Error).message}`);
        continue;
      }
      const tokens = splitSelfies(selfies);
      maxTokens = Math.max(maxTokens, tokens.length);
      for (const t of tokens) tokenCounts.set(t, (tokenCounts.get(t) ?? 0) + 1);
      const decoded = decode(selfies);
      const back = canon(decoded);
      if (back !== canonical) failures.push(`${smiles}\n    selfies ${selfies}\n    decoded ${decoded}\n    canonical ${canonical} vs ${back}`);
    }
    const rate = 1 - failures.length / sample.length;
    console.log(`ZINC sample round trip: ${(100 * rate).toFixed(2)} % (${failures.length} failures), ${tokenCounts.size} tokens, max ${maxTokens} per molecule`);
    if (failures.length > 0) console.log(failures.join('\n'));
    expect(rate).toBeGreaterThanOrEqual(0.999);
  });

  it('keeps stereo when ring digits after a stereocentre are reordered', () => {
    // RDKit writes ring digits in the order the decoder rebuilds them, so canonical input never needs the
    // @/@@ swap. Swapping two digits after a chiral atom changes its neighbour order (and maybe its meaning):
    // the round trip must reproduce the swapped SMILES.
    const swapped: string[] = [];
    for (const smiles of sample) {
      const kekule = withMol(rdkit, smiles, (m) => m.get_smiles(JSON.stringify({ doKekule: true }))) as string;
      const s = kekule.replace(/(\[[^\]]*@[^\]]*\])(\d)(\d)/, '$1$3$2');
      if (s !== kekule && canon(s) !== null) swapped.push(s);
    }
    const wrong = swapped.filter((s) => canon(decode(encode(s))) !== canon(s));
    console.log(`reordered ring digits at a stereocentre: ${swapped.length} molecules, ${wrong.length} wrong`);
    expect(swapped.length).toBeGreaterThan(10);
    expect(wrong).toEqual([]);
  });

  it(`decodes ${RANDOM_SEQUENCES.toLocaleString('en')} random token sequences to valid molecules`, () => {
    expect(tokenCounts.size).toBeGreaterThan(30); // filled by the round trip above
    const pool = [...new Set([...tokenCounts.keys(), ...BRANCH_TOKENS, ...RING_TOKENS, NOP])].sort();
    // Half uniform over the pool (chains end early: many tokens are end atoms or branch/ring tokens), half
    // by ZINC frequency (molecules of realistic size, many rings and branches).
    const weights = [pool.map(() => 1), pool.map((t) => tokenCounts.get(t) ?? 1)];
    const rand = prng(72);
    const seqs: string[][] = [];
    for (let k = 0; k < RANDOM_SEQUENCES; k++) {
      const w = weights[k % 2];
      const total = w.reduce((a, b) => a + b, 0);
      const draw = () => {
        let x = rand() * total;
        for (let i = 0; i < pool.length; i++) if ((x -= w[i]) < 0) return pool[i];
        return pool[pool.length - 1];
      };
      seqs.push(Array.from({ length: 1 + Math.floor(rand() * 72) }, draw));
    }

    let t = performance.now();
    const out = seqs.map((s) => decode(s));
    const tDecode = performance.now() - t;
    t = performance.now();
    const bad: string[] = [];
    let empty = 0;
    for (const [k, smiles] of out.entries()) {
      if (smiles === '') {
        empty++;
        if (!seqs[k].every((tok) => tok === NOP || /Branch|Ring/.test(tok))) bad.push(`'' from ${seqs[k].join('')}`);
        continue;
      }
      const mol = parseSmiles(rdkit, smiles);
      if (mol === null) bad.push(`${seqs[k].join('')} -> ${smiles}`);
      else mol.delete();
    }
    const tValidate = performance.now() - t;
    const us = (ms: number) => ((1000 * ms) / seqs.length).toFixed(1);
    console.log(
      `random sequences: ${seqs.length.toLocaleString('en')} from ${pool.length} tokens, ${empty} without atoms; ` +
        `decode ${us(tDecode)} µs each (${Math.round((seqs.length / tDecode) * 1000).toLocaleString('en')}/s), with RDKit validation ${us(tDecode + tValidate)} µs`,
    );
    if (bad.length > 0) console.log(bad.slice(0, 20).join('\n'));
    expect(bad).toEqual([]);
  });
});
