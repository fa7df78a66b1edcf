// A decoder that may fail (SMILES tokens): a run parses every decode, discards and counts the ones RDKit rejects,
// draws extra latents for them by the share the decoder card measured, and keeps the surest of the rest.
// The networks are stand-ins with known outputs (the shipped models are SELFIES); the generator is the real one.
import init from '@rdkit/rdkit';
import { describe, expect, it } from 'vitest';
import type { RDKitModule } from '../../../src/domain/chem/rdkit';
import type { ModelCard, TensorData } from '../../../src/contract/card';
import { SmilesHashSet } from '../../../src/domain/metrics/hashset';
import { MIN_VALID_SHARE, MolGenerator } from '../../../src/inference/mol-generator/generate';
import type { OnnxEngine } from '../../../src/inference/onnx';
import type { MolZincSettings } from '../../../src/domains/drug-like/mol-zinc';

const [Z, H] = [2, 2];
const VOCAB = ['[pad]', '[bos]', '[eos]', 'C', 'O', 'N', '1'];
// A latent whose first coordinate is positive spells ethanol or ethylamine (by the second coordinate's sign);
// a negative one spells C1CC, a ring left open that RDKit rejects.
const spelling = (a: number, b: number) => (a > 0 ? ['C', 'C', b > 0 ? 'O' : 'N'] : ['C', '1', 'C', 'C']);

const card = (id: string, extra: Record<string, unknown> = {}) => ({ id, name: id, inputs: [], outputs: [], ...extra }) as unknown as ModelCard;
const f32 = (data: Float32Array, dims: number[]): TensorData => ({ dtype: 'float32', data, dims });

/** The stand-in networks: a sampler that leaves the latent's signs alone, a decoder that spells by them. */
const engine = {
  async run(c: ModelCard, feeds: Record<string, TensorData>) {
    if (c.id === 'encoder') return { outputs: { mu: f32(new Float32Array(Z), [1, Z]) }, backend: 'wasm' };
    if (c.id === 'sampler') return { outputs: { v: f32(new Float32Array(feeds.z.data.length), feeds.z.dims) }, backend: 'wasm' };
    if (c.id === 'init') {
      // h0 carries the two signs and a step counter the decoder reads; zx is unused
      const z = feeds.z.data as Float32Array;
      const n = z.length / Z;
      const h0 = new Float32Array(n * H);
      for (let i = 0; i < n; i++) h0[i * H] = Math.sign(z[i * Z]) * (1 + (z[i * Z + 1] > 0 ? 1 : 0));
      return { outputs: { h0: f32(h0, [n, H]), zx: f32(new Float32Array(n * 3 * H), [n, 3 * H]) }, backend: 'wasm' };
    }
    const h = feeds.h.data as Float32Array;
    const n = h.length / H;
    const [logits, hNext] = [new Float32Array(n * VOCAB.length), new Float32Array(n * H)];
    for (let j = 0; j < n; j++) {
      const [code, step] = [h[j * H], h[j * H + 1]];
      const word = spelling(code, Math.abs(code) - 1.5);
      logits[j * VOCAB.length + VOCAB.indexOf(word[step] ?? '[eos]')] = 10;
      hNext[j * H] = code;
      hNext[j * H + 1] = step + 1;
    }
    return { outputs: { logits: f32(logits, [n, VOCAB.length]), h_next: f32(hNext, [n, H]) }, backend: 'wasm' };
  },
} as unknown as OnnxEngine;

const rdkit = (await init()) as RDKitModule;
const generator = (vocab: Record<string, unknown>, decodes?: { valid: number }) =>
  new MolGenerator(
    rdkit,
    engine,
    {
      encoder: card('encoder', { max_len: 8 }),
      decoderInit: card('init'),
      decoder: card('decoder', { vocab: { ...vocab, tokens: VOCAB, pad: 0, bos: 1, eos: 2 }, hidden: H, latent: Z, max_len: 8, ...(decodes ? { decodes } : {}) }),
      sampler: card('sampler', { props: ['logp'], steps: 2, latent_norm: { mean: [0, 0], std: [1, 1] }, prop_norm: { mean: [0], std: [1] } }),
      predictors: [],
    },
    SmilesHashSet.fromBytes(new Uint8Array(0)),
  );

const settings: MolZincSettings = { count: 40, seed: 11, sampler: 'student-k4', guidance: 1, temperature: 0, noise: 1, aim: 0, screen: 1, confident: 1, pick: 1, condition: 'auto', targets: [] };

describe('a SMILES decoder in a run', () => {
  it('discards the decodes RDKit rejects, counts them, and draws extra latents for them', async () => {
    const gen = generator({ kind: 'smiles' }, { valid: 0.5 });
    expect(gen.validShare).toBe(0.5);
    const reports = [];
    for await (const b of gen.run(settings, { keepDecoded: true })) reports.push(b);
    expect(reports).toHaveLength(1);
    const [b] = reports;
    // 80 decodes for 40 molecules at a valid share of 0.5; about half of N(0, 1)'s first coordinates are negative
    expect(b.invalid).toBeGreaterThan(20);
    expect(b.invalid).toBeLessThan(60);
    const parsed = 80 - b.invalid;
    const kept = Math.min(parsed, 40);
    expect(b.decoded).toHaveLength(kept);
    expect(new Set(b.decoded)).toEqual(new Set(['CCO', 'CCN'])); // only molecules go on
    expect(b.sampled).toBe(b.invalid + kept);
    expect(b.unsure).toBe(parsed - kept); // the valid decodes past the 40 asked for, the least sure
    expect(b.candidates.map((c) => c.key).sort()).toEqual(['CCN', 'CCO']);
    expect(b.duplicates).toBe(kept - 2);
  });

  it('plans for the card\'s valid share, floored; a SELFIES decoder cannot fail and plans for none; an unknown kind is an error', () => {
    expect(generator({ kind: 'smiles' }, { valid: 0.01 }).validShare).toBe(MIN_VALID_SHARE);
    expect(generator({ kind: 'smiles' }).validShare).toBe(1);
    expect(generator({}, { valid: 0.5 }).validShare).toBe(1);
    expect(() => generator({ kind: 'inchi' }).validShare).toThrow(/unknown token kind "inchi"/);
  });

  it('checks a start molecule before a run: RDKit must read it, the model must know its tokens and its length', async () => {
    const gen = generator({ kind: 'smiles' });
    const start = (smiles: string) => ({ ...settings, start: { smiles, strength: 0.5 } });
    await expect(gen.check(start('CCO'))).resolves.toBeUndefined();
    await expect(gen.check(start('C1CC('))).rejects.toThrow('RDKit cannot read "C1CC(" as a molecule');
    await expect(gen.check(start('CCS'))).rejects.toThrow('the model never saw the SMILES token S in training');
    await expect(gen.check(start('CCOCCOCC'))).rejects.toThrow(/too long for the model \(8 SMILES tokens, at most 7\)/);
    await expect(gen.check(settings)).resolves.toBeUndefined(); // nothing to check without a start
    // a run given one anyway fails before making anything, saying what was wrong with what
    await expect(gen.run(start('CCS')).next()).rejects.toThrow('start molecule: the model never saw the SMILES token S in training');
  });
});
