// Same-run comparison of this checkout against another (e.g. the commit before a refactor): the bench runs in
// each, alternately, `--rounds` times, and each result's median is reported as the ratio this / base, with the
// spread of the per-round ratios. The machine's speed drifts within the hour; alternating keeps both sides in it.
// usage: node scripts/bench-compare.js BASE_DIR [--rounds 2] [--only generator,ui] [--out FILE] [bench options]
// BASE_DIR: a checkout beside ../shared, with node_modules (git worktree add ../base REV && ln -s $PWD/node_modules ../base/).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const args = process.argv.slice(2);
const base = args[0];
if (!base || base.startsWith('--')) throw new Error('usage: node scripts/bench-compare.js BASE_DIR [--rounds N] [--only LIST] [--out FILE]');
const opt = (name, dflt) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : dflt);
const rounds = Number(opt('rounds', '2'));
const out = opt('out', 'bench-compare.json');
const pass = ['--only', opt('only', 'generator,ui'), ...['gen-count', 'teacher-count', 'gen-runs', 'runs'].flatMap((k) => (args.includes(`--${k}`) ? [`--${k}`, opt(k)] : []))];

function bench(dir, file) {
  execFileSync('node', ['scripts/bench.js', ...pass, '--out', file], { cwd: dir, stdio: 'inherit' });
  return JSON.parse(readFileSync(file, 'utf8')).results;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const pairs = [];
for (let r = 0; r < rounds; r++) {
  const old = bench(resolve(base), resolve(`/tmp/bench-base-${r}.json`));
  const now = bench(process.cwd(), resolve(`/tmp/bench-this-${r}.json`));
  pairs.push({ old, now });
}
const names = pairs[0].now.map((x) => x.name).filter((n) => pairs.every((p) => p.old.some((o) => o.name === n)));
const results = names.map((name) => {
  const ratios = pairs.map(({ old, now }) => now.find((x) => x.name === name).median / old.find((x) => x.name === name).median);
  return { name, unit: pairs[0].now.find((x) => x.name === name).unit, ratio_this_over_base: median(ratios), ratios };
});
writeFileSync(out, JSON.stringify({ base: resolve(base), rounds, results }, null, 1));
for (const r of results) console.log(`${r.ratio_this_over_base.toFixed(3)}  ${r.name} (${r.unit}; rounds ${r.ratios.map((x) => x.toFixed(3)).join(', ')})`);
