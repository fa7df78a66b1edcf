// Runs an exported ONNX file on onnxruntime-web's WASM kernels in Node (the browser's kernels, set up as
// src/inference/onnx.ts does) on its card's reference inputs and prints, per output, the largest absolute
// difference from the PyTorch outputs stored in the card (JSON on stdout).
// usage: node tests/python/onnx_reference.mjs MODEL.onnx CARD.json
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';

const [model, cardPath] = process.argv.slice(2);
if (!model || !cardPath) throw new Error('usage: node tests/python/onnx_reference.mjs MODEL.onnx CARD.json');
const card = JSON.parse(readFileSync(cardPath, 'utf8'));
const ref = card.reference;
ort.env.wasm.numThreads = 1;
ort.env.wasm.proxy = false;
const session = await ort.InferenceSession.create(readFileSync(model), { executionProviders: ['wasm'], graphOptimizationLevel: 'all', logSeverityLevel: 3 });
const feeds = {};
for (const [name, values] of Object.entries(ref.inputs)) feeds[name] = new ort.Tensor('float32', Float32Array.from(values), ref.shapes[name]);
const out = await session.run(feeds);
const diff = {};
for (const [name, values] of Object.entries(ref.outputs)) {
  if (!out[name]) throw new Error(`${name}: not among the model's outputs (${session.outputNames.join(', ')})`);
  const got = out[name].data;
  if (got.length !== values.length) throw new Error(`${name}: ${got.length} values, expected ${values.length}`);
  let worst = 0;
  for (let i = 0; i < values.length; i++) worst = Math.max(worst, Math.abs(values[i] - got[i]));
  diff[name] = worst;
}
console.log(JSON.stringify(diff));
