// Property-based tests over every importer, parser and writer of src/domain/io and over SELFIES, bounded for
// `npm test` (a few hundred inputs a target, seeded so a failure reproduces; FUZZ_SEED=n tries other inputs,
// FUZZ_RUNS=n more of them).
// `npm run fuzz -- --n 100000` runs the same targets at length.
import { describe, it } from 'vitest';
import fc from 'fast-check';
import { judgeTimed } from './harness';
import { allTargets } from './targets';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? 26);
// Far above what any input takes (microseconds), low enough to catch a loop that grows with the input badly.
const BOUND_MS = 250;

const targets = await allTargets();

describe('fuzz', () => {
  for (const t of targets) {
    it(t.name, () => {
      fc.assert(
        fc.property(t.arbitrary, (input) => {
          const r = judgeTimed(t, input, BOUND_MS);
          if (r.outcome !== 'ok') throw new Error(`${r.outcome}: ${r.detail}`);
          if (r.ms > BOUND_MS) throw new Error(`slow: ${r.ms.toFixed(0)} ms`);
        }),
        { numRuns: RUNS, seed: SEED },
      );
    });
  }
});
