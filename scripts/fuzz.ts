// npm run fuzz -- [--n N] [--out FILE] [--seed S] [--only NAME,NAME]
// Runs every fuzz target of tests/unit/fuzz (the importers, parsers and writers of src/domain/io, run files,
// SELFIES) on N generated inputs each (default 10,000) and writes
//   {"targets": [{"name", "inputs", "uncaught", "slow", "failed", "slowMs", "examples"}], "seed", "ms"}
// uncaught: inputs that threw anything but the code's own documented Error (a TypeError, a RangeError such as
//           a stack overflow, a non-Error); failed: a checked property did not hold (wrong line number, a round
//           trip that changed data); slow: over slowMs even at the fastest of three timings.
// Exits 1 when any input is uncaught, failed or slow.
import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { clip, judgeTimed, SLOW_MS, type Outcome } from '../tests/unit/fuzz/harness';
import { allTargets } from '../tests/unit/fuzz/targets';

function args(argv: string[]): { n: number; out: string | null; seed: number; only: string[] | null } {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const n = Number(get('n') ?? 10_000);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--n must be a positive integer, got ${get('n')}`);
  const seed = Number(get('seed') ?? Date.now() % 2 ** 31);
  return { n, out: get('out') ?? null, seed, only: get('only')?.split(',') ?? null };
}

interface TargetReport {
  name: string;
  inputs: number;
  uncaught: number;
  slow: number;
  failed: number;
  slowMs: number;
  /** Up to 5 inputs that were not ok, each with what happened (clipped). */
  examples: { outcome: Outcome | 'slow'; detail: string; input: string }[];
}

const { n, out, seed, only } = args(process.argv.slice(2));
const t0 = performance.now();
const report: { targets: TargetReport[]; seed: number; ms: number } = { targets: [], seed, ms: 0 };
for (const t of await allTargets()) {
  if (only !== null && !only.includes(t.name)) continue;
  const r: TargetReport = { name: t.name, inputs: 0, uncaught: 0, slow: 0, failed: 0, slowMs: SLOW_MS, examples: [] };
  const started = performance.now();
  // Drawn in batches from one seeded stream, so a run with the same --seed and --n sees the same inputs.
  const batch = 1000;
  for (let done = 0; done < n; done += batch) {
    const inputs = fc.sample(t.arbitrary, { numRuns: Math.min(batch, n - done), seed: seed + done });
    for (const input of inputs) {
      const j = judgeTimed(t, input, SLOW_MS);
      r.inputs++;
      const slow = j.ms > SLOW_MS;
      if (j.outcome === 'uncaught') r.uncaught++;
      if (j.outcome === 'failed') r.failed++;
      if (slow) r.slow++;
      if ((j.outcome !== 'ok' || slow) && r.examples.length < 5)
        r.examples.push({ outcome: j.outcome === 'ok' ? 'slow' : j.outcome, detail: j.detail ?? `${j.ms.toFixed(0)} ms`, input: clip(JSON.stringify(input), 400) });
    }
  }
  report.targets.push(r);
  console.error(`${t.name}: ${r.inputs} inputs, ${r.uncaught} uncaught, ${r.failed} failed, ${r.slow} slow (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
report.ms = Math.round(performance.now() - t0);
const text = JSON.stringify(report, null, 2);
if (out !== null) writeFileSync(out, text + '\n');
console.log(text);
process.exitCode = report.targets.some((r) => r.uncaught + r.failed + r.slow > 0) ? 1 : 0;
