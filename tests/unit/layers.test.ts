// The layer rules (.dependency-cruiser.cjs, `npm run check:layers`) see violations where they are: this tree of
// fixtures breaks four rules on purpose, in TypeScript and in a Svelte component, and each must be reported.
import { describe, expect, it } from 'vitest';
import { cruise } from 'dependency-cruiser';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const config = require('../../.dependency-cruiser.cjs');
const fixtures = fileURLToPath(new URL('../fixtures/layers/', import.meta.url));

describe('layer rules', () => {
  it('report each violation in the fixture tree by rule, from .ts and .svelte files alike', async () => {
    const result = await cruise(['src', 'workers'], { ruleSet: { forbidden: config.forbidden }, baseDir: fixtures, tsPreCompilationDeps: true, validate: true });
    const out = typeof result.output === 'string' ? JSON.parse(result.output) : result.output;
    const found = out.summary.violations.map((v: { rule: { name: string }; from: string; to: string }) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
    expect(found).toEqual([
      'domain-is-pure: src/domain/pure.ts → src/ui/label.ts',
      'ui-not-compute: src/ui/Steps.svelte → src/inference/sampler.ts',
      'ui-not-compute: src/ui/label.ts → src/inference/sampler.ts',
      'workers-not-upward: workers/w.worker.ts → src/state/progress.ts',
    ]);
  }, 60_000);
});
