// Training-set property statistics for the studio: a histogram per property (drawn behind each target
// slider) and a seeded random sample of property vectors (background density of the scatter plot and the
// training set's Pareto front). Reads prepare.ts's output; writes static/models/mol-zinc-stats.json, and
// static/models/mol-zinc-conditions.f32: a larger seeded sample of distinct training molecules' property
// vectors (float32 rows in meta.props order) that the generator conditions its prior on.
//
// usage: npx tsx models/mol_zinc/stats.ts [data/mol] [static/models/mol-zinc-stats.json]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Rng } from '../../src/domain/random';
import { sampleIndices } from '../../src/domain/metrics/diversity';

const dir = process.argv[2] ?? 'data/mol';
const out = process.argv[3] ?? 'static/models/mol-zinc-stats.json';
const BINS = 40;
const SAMPLE = 5000;
const CONDITION_ROWS = 50000;

const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { props: string[] };
const P = meta.props.length;
const buf = readFileSync(join(dir, 'train.props.f32'));
const props = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4); // [N, P]
const N = props.length / P;

const round = (x: number, d: number) => Number(x.toFixed(d));
const histograms = meta.props.map((key, j) => {
  const col = Array.from({ length: N }, (_, i) => props[i * P + j]).filter(Number.isFinite).sort((a, b) => a - b);
  // 0.5–99.5 % range: a few extreme molecules would otherwise squash every bar into one.
  const lo = col[Math.floor(0.005 * col.length)];
  const hi = col[Math.ceil(0.995 * col.length) - 1];
  const counts = new Array<number>(BINS).fill(0);
  for (const x of col) if (x >= lo && x <= hi) counts[Math.min(BINS - 1, Math.floor(((x - lo) / (hi - lo)) * BINS))]++;
  return { key, lo: round(lo, 3), hi: round(hi, 3), counts, mean: round(col.reduce((a, b) => a + b, 0) / col.length, 4) };
});

const rng = new Rng(20261201);
const rows: number[][] = [];
for (let k = 0; k < SAMPLE; k++) {
  const i = Math.floor(rng.next() * N);
  rows.push(meta.props.map((_, j) => round(props[i * P + j], 3)));
}
// Distinct rows, so no training molecule is asked for twice as often.
const conditions = new Float32Array(CONDITION_ROWS * P);
sampleIndices(N, CONDITION_ROWS, 20261202).forEach((i, k) => conditions.set(props.subarray(i * P, (i + 1) * P), k * P));
const conditionsOut = join(dirname(out), 'mol-zinc-conditions.f32');
writeFileSync(conditionsOut, conditions);
console.log(`wrote ${conditionsOut}: ${CONDITION_ROWS} of ${N} training molecules (${meta.props.join(', ')})`);
writeFileSync(out, JSON.stringify({ source: `${dir}/train.props.f32 (${N} training molecules)`, props: meta.props, histograms, sample: { n: SAMPLE, rows } }));
console.log(`wrote ${out}: ${N} molecules, ${BINS} bins, sample of ${SAMPLE}`);
