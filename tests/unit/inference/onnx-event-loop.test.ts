// A sampler chains many network runs per batch; the worker's heartbeat and a cancel message are timers and
// messages, which only run when the engine lets the event loop have a turn. Without it the page's watchdog
// took a worker running the teacher for dead (no sign of life for 15 s).
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OnnxEngine } from '../../../src/inference/onnx';
import type { ModelCard } from '../../../src/contract/card';

const modelDir = new URL('../../../static/models/', import.meta.url);
const card = JSON.parse(readFileSync(new URL('sa-mlp.json', modelDir), 'utf8')) as ModelCard;
const engine = new OnnxEngine({ modelBaseUrl: pathToFileURL(fileURLToPath(modelDir)).href, loadBytes: async (u) => readFileSync(new URL(u)) });

describe('OnnxEngine.run', () => {
  it('lets timers run during a long chain of network runs', async () => {
    const input = card.inputs[0];
    const dim = Number(input.shape[input.shape.length - 1]);
    const rows = 256;
    const feeds = { [input.name]: { dtype: 'float32' as const, data: new Float32Array(rows * dim), dims: [rows, dim] } };
    await engine.run(card, feeds); // session made
    let ticks = 0;
    const timer = setInterval(() => ticks++, 20);
    const t0 = performance.now();
    let runs = 0;
    while (performance.now() - t0 < 1500) {
      await engine.run(card, feeds);
      runs++;
    }
    clearInterval(timer);
    expect(runs).toBeGreaterThan(10);
    // at least one turn per 200 ms of runs: 1.5 s gives 7; a chain that never yields gives 0
    expect(ticks).toBeGreaterThanOrEqual(5);
  });
});
