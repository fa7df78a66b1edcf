// Issue 24's bars (molecules a medicinal chemist would keep) against eval JSONs from `npm run eval -- mol-zinc`,
// side by side as a markdown table: one column per file, its 4-step student's numbers, ✓ or ✗ per bar.
// Throughput is a bench's figure (`npm run bench`), not the eval's, and is not here.
//
// usage: npx tsx scripts/mol-bars.ts A.json [B.json ...] [--variant student-k4|student-k2|student-k1|teacher]
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

interface Variant {
  sampler: string;
  nfe: number;
  metrics: Record<string, number | null | undefined>;
  targets: Record<string, { hit_rate: number; hit_rate_data: number; unique_in_target?: number }>;
}

type Bar = { name: string; value: (v: Variant) => number | null | undefined; ok: (x: number) => boolean; digits?: number };
const metric = (key: string) => (v: Variant) => v.metrics[key];
const atMost = (limit: number) => (x: number) => x <= limit;
const atLeast = (limit: number) => (x: number) => x >= limit;

const BARS: Bar[] = [
  { name: 'ring of ≥ 8 atoms ≤ 1 %', value: metric('frac_ring_ge8'), ok: atMost(0.01) },
  { name: 'aromatic heterocycle ≥ 50 %', value: metric('frac_aromatic_heterocycle'), ok: atLeast(0.5) },
  { name: 'fr_allylic_oxid ≤ 0.2 per molecule', value: metric('allylic_per_molecule'), ok: atMost(0.2) },
  { name: 'stereocentre ≥ 45 %', value: metric('frac_stereocentre'), ok: atLeast(0.45) },
  { name: 'ring-size TVD ≤ 0.05', value: metric('ring_size_tvd'), ok: atMost(0.05) },
  { name: 'Frag ≥ 0.98', value: metric('frag_test'), ok: atLeast(0.98) },
  { name: 'Scaf ≥ 0.37', value: metric('scaf_test'), ok: atLeast(0.37) },
  { name: 'SNN ≥ 0.38', value: metric('snn_test'), ok: atLeast(0.38) },
  { name: 'W1 logP ≤ 0.10', value: metric('w1_logp'), ok: atMost(0.1) },
  { name: 'unique@10k ≥ 0.99', value: metric('unique@10k'), ok: atLeast(0.99) },
  { name: 'novelty ≥ 0.90', value: metric('novelty'), ok: atLeast(0.9) },
  { name: 'IntDiv1 ≥ 0.85', value: metric('intdiv1'), ok: atLeast(0.85) },
  { name: 'validity of what is emitted (1.0)', value: metric('validity'), ok: atLeast(1) },
  { name: 'decodes discarded (reported)', value: metric('discarded'), ok: () => true },
];
for (const t of ['T1', 'T2', 'T3', 'T4']) {
  BARS.push({
    name: `${t} hit rate ≥ 3× data's or ≥ 0.5 (exact)`,
    value: (v) => v.targets[t]?.hit_rate,
    ok: () => true, // judged with the data's rate below
  });
  BARS.push({ name: `${t} unique in target ≥ 0.95`, value: (v) => v.targets[t]?.unique_in_target, ok: atLeast(0.95) });
}

const args = process.argv.slice(2);
const vi = args.indexOf('--variant');
const want = vi >= 0 ? args[vi + 1] : 'student-k4';
const files = args.filter((a, i) => !a.startsWith('--') && (vi < 0 || i !== vi + 1));
if (!files.length) {
  console.error('usage: npx tsx scripts/mol-bars.ts A.json [B.json ...] [--variant student-k4]');
  process.exit(2);
}
const id = (v: Variant) => (v.sampler === 'teacher' ? 'teacher' : `student-k${v.nfe}`);
const columns = files.map((f) => {
  const ev = JSON.parse(readFileSync(f, 'utf8')) as { variants: Variant[] };
  const v = ev.variants.find((x) => id(x) === want);
  if (!v) throw new Error(`${f}: no ${want} (it has ${ev.variants.map(id).join(', ') || 'no variants'})`);
  return v;
});

const cell = (bar: Bar, v: Variant) => {
  const x = bar.value(v);
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  const target = /^(T\d) hit rate/.exec(bar.name)?.[1];
  const ok = target ? x >= Math.min(0.5, 3 * v.targets[target].hit_rate_data) : bar.ok(x);
  return `${Number(x.toFixed(bar.digits ?? 3))} ${bar.name.includes('reported') ? '' : ok ? '✓' : '✗'}`.trim();
};
console.log(`| ${want} | ${files.map((f) => basename(f)).join(' | ')} |`);
console.log(`|---|${files.map(() => '---').join('|')}|`);
for (const bar of BARS) console.log(`| ${bar.name} | ${columns.map((v) => cell(bar, v)).join(' | ')} |`);
