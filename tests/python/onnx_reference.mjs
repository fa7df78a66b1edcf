// Runs an exported ONNX file with onnxruntime-node on its card's reference inputs and prints, per output, the
// largest absolute difference from the PyTorch outputs stored in the card (JSON on stdout).
// usage: node tests/python/onnx_reference.mjs MODEL.onnx CARD.json
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';

const [model, cardPath] = process.argv.slice(2);
const card = JSON.parse(readFileSync(cardPath, 'utf8'));
const ref = card.reference;
const session = await ort.InferenceSession.create(model);
const feeds = {};
for (const [name, values] of Object.entries(ref.inputs)) feeds[name] = new ort.Tensor('float32', Float32Array.from(values), ref.shapes[name]);
const out = await session.run(feeds);
const diff = {};
for (const [name, values] of Object.entries(ref.outputs)) {
  const got = out[name].data;
  if (got.length !== values.length) throw new Error(`${name}: ${got.length} values, expected ${values.length}`);
  diff[name] = Math.max(...values.map((v, i) => Math.abs(v - got[i])));
}
console.log(JSON.stringify(diff));
