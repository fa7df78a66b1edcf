// npx tsx scripts/check-descriptors.ts [--n 250000] [--only name,name] [--set zinc|moses|qm9|all] [--show 5] [--time-rdkit]
// TypeScript descriptors (src/domain/chem/descriptors) against RDKit.js's descriptor table (get_descriptors),
// molecule by molecule: for each descriptor, how many molecules disagree (|a - b| > 1e-9 * max(1, |b|)) and
// the first few that do; and the time per molecule of ours (and of RDKit's table with --time-rdkit).
// RDKit's tables are cached in data/descriptor-cache, so reruns cost only our side.
// Exit code 1 if any disagree, so it can gate a change.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import init from '@rdkit/rdkit';
import { parseSmiles, rdkitDescriptors, withMol, type RDKitModule } from '../src/domain/chem/rdkit';
import { readMolGraph } from '../src/domain/chem/graph';
import { DESCRIPTOR_NAMES, partialGraphDescriptors } from '../src/domain/chem/descriptors';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const n = Number(opt('n', '250000'));
const only = opt('only', '').split(',').filter(Boolean);
const show = Number(opt('show', '5'));
const set = opt('set', 'zinc');
const timeRdkit = args.includes('--time-rdkit');

const lines = (file: string) => gunzipSync(readFileSync(file)).toString('utf8').split('\n').map((l) => l.trim()).filter(Boolean);
const sets: Record<string, () => string[]> = {
  zinc: () => lines('../shared/data/zinc250k/250k_rndm_zinc_drugs_clean.smi.gz'),
  moses: () => lines('../shared/data/moses/test.csv.gz').slice(1).map((l) => l.split(',')[0]),
  qm9: () => lines('../shared/data/qm9_partial/qm9_smiles_lapool.csv.gz').slice(1).map((l) => l.split(',')[0]),
};
const all = set === 'all' ? Object.values(sets).flatMap((f) => f()) : sets[set]();
const smiles = all.slice(0, n);
const rdkit = (await init()) as RDKitModule;

// RDKit's tables are the slow half: computed once per set into data/descriptor-cache (git-ignored), read after.
const cacheDir = 'data/descriptor-cache';
const cacheFile = `${cacheDir}/${set}-${all.length}.json`;
let reference: (Record<string, number> | null)[] | null = existsSync(cacheFile) ? JSON.parse(readFileSync(cacheFile, 'utf8')) : null;
if (reference === null) {
  console.log(`computing RDKit's table for all ${all.length} molecules of ${set} once (cached in ${cacheFile})`);
  reference = all.map((s) => withMol(rdkit, s, (m) => rdkitDescriptors(m)));
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(cacheFile, JSON.stringify(reference));
}

const bad: Record<string, { count: number; examples: string[] }> = {};
let checked = 0;
let msRdkit = 0;
let msOurs = 0;
let unsupported = 0;
const unsupportedExamples: string[] = [];
const t0 = performance.now();
for (const [index, s] of smiles.entries()) {
  const mol = parseSmiles(rdkit, s);
  if (!mol) continue;
  try {
    const want = reference[index];
    if (!want) continue;
    let t = performance.now();
    if (timeRdkit) {
      rdkitDescriptors(mol);
      msRdkit += performance.now() - t;
      t = performance.now();
    }
    const got = partialGraphDescriptors(readMolGraph(mol.get_json()));
    msOurs += performance.now() - t;
    if (got === null) {
      unsupported++;
      if (unsupportedExamples.length < show) unsupportedExamples.push(s);
      continue;
    }
    for (const name of only.length ? only : DESCRIPTOR_NAMES) {
      const value = got[name];
      const ref = want[name];
      if (ref === undefined) throw new Error(`RDKit's table has no ${name}`);
      // a name our table lacks counts as a disagreement, so a missing part cannot pass
      if (value === undefined || Math.abs(value - ref) > 1e-9 * Math.max(1, Math.abs(ref))) {
        const b = (bad[name] ??= { count: 0, examples: [] });
        b.count++;
        if (b.examples.length < show) b.examples.push(`${s}  ts=${value} rdkit=${ref}`);
      }
    }
    checked++;
  } finally {
    mol.delete();
  }
}
console.log(`${checked} molecules (${set}) in ${((performance.now() - t0) / 1000).toFixed(0)} s; ms per molecule: ${timeRdkit ? `RDKit's table ${(msRdkit / checked).toFixed(4)}, ` : ''}get_json + graph + ours ${(msOurs / checked).toFixed(4)}`);
if (unsupported) console.log(`${unsupported} left to RDKit (a part returned null), e.g.\n  ${unsupportedExamples.join('\n  ')}`);
for (const [name, b] of Object.entries(bad)) console.log(`${name}: ${b.count} disagree\n  ${b.examples.join('\n  ')}`);
if (Object.keys(bad).length === 0) console.log('all agree');
process.exit(Object.keys(bad).length ? 1 : 0);
