// The shipped mol-zinc networks (weights stored as float16) run on onnxruntime-web's WASM kernels in Node
// must reproduce the outputs recorded at export (card.reference: PyTorch's, models/mol_zinc/export.py; for the
// decoder pair, split_decoder.py's NumPy GRU step, which its pytest checks against PyTorch).
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OnnxEngine } from '../../../src/inference/onnx';
import type { ModelCard, TensorData } from '../../../src/inference/card';

const modelDir = new URL('../../../static/models/', import.meta.url);
const engine = new OnnxEngine({ modelBaseUrl: pathToFileURL(fileURLToPath(modelDir)).href, loadBytes: async (u) => readFileSync(new URL(u)) });

interface Spec {
  name: string;
  dtype: 'float32' | 'int64';
  shape: (number | string)[];
}
type Card = ModelCard & { inputs: Spec[]; reference: { inputs: Record<string, number[]>; outputs: Record<string, number[]> } };

/** Feeds from the recorded inputs; the one symbolic dimension ("batch") follows from the data's length. */
function feeds(card: Card): Record<string, TensorData> {
  return Object.fromEntries(
    card.inputs.map((s) => {
      const values = card.reference.inputs[s.name];
      const fixed = s.shape.reduce<number>((p, d) => (typeof d === 'number' ? p * d : p), 1);
      const dims = s.shape.map((d) => (typeof d === 'number' ? d : values.length / fixed));
      const data = s.dtype === 'int64' ? BigInt64Array.from(values, (v) => BigInt(v)) : Float32Array.from(values);
      return [s.name, { dtype: s.dtype, data, dims }];
    }),
  );
}

const ids = ['encoder', 'decoder-init', 'decoder', 'teacher', 'student-k4', 'student-k2', 'student-k1', 'latent-props'].map((k) => `mol-zinc-${k}`);

describe('mol-zinc ONNX models', () => {
  it.each(ids)('%s reproduces PyTorch within 1e-3 of the output scale', async (id) => {
    const card = JSON.parse(readFileSync(new URL(`${id}.json`, modelDir), 'utf8')) as Card;
    expect(card.weights).toBe('float16, computed in float32');
    const { outputs } = await engine.run(card, feeds(card));
    for (const [name, want] of Object.entries(card.reference.outputs)) {
      const got = outputs[name].data as Float32Array;
      expect(got.length, name).toBe(want.length);
      const scale = Math.max(1, ...want.map(Math.abs));
      const worst = Math.max(...want.map((w, i) => Math.abs(got[i] - w)));
      expect(worst / scale, `${id} ${name}`).toBeLessThan(1e-3); // float32 sums in a different order: 2e-4 seen
    }
  });
});
