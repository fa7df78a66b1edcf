// npx tsx scripts/profile-chemistry.ts [--n 2000] [--reps 3]
// Where the generator's "chemistry" time goes, per molecule, single-threaded in Node (RDKit.js WASM): the same
// calls MolGenerator makes for each decoded SMILES (parse, canonical SMILES, RDKit's descriptor table, exact
// properties with our QED), on the first n ZINC250k molecules. Prints each step's median over reps, in ms.
// For comparison (not a call MolGenerator makes): RDKit.js's molecule graph as JSON (get_json), what a
// TypeScript descriptor set would start from instead of the descriptor table.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import init from '@rdkit/rdkit';
import { descriptors, parseSmiles, type RDKitModule } from '../src/domain/chem/rdkit';
import { exactProps } from '../src/inference/analyse';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const n = Number(opt('n', '2000'));
const reps = Number(opt('reps', '3'));
const file = opt('smiles', '../shared/data/zinc250k/250k_rndm_zinc_drugs_clean.smi.gz');
const smiles = gunzipSync(readFileSync(file)).toString('utf8').split('\n').map((l) => l.trim()).filter(Boolean).slice(0, n);
const rdkit = (await init()) as RDKitModule;

const steps = ['parse', 'canonical', 'descriptors', 'exactProps (QED)'] as const;
const compared = 'graph as JSON (comparison)';
const runs: Record<string, number[]> = Object.fromEntries([...steps, compared].map((s) => [s, []]));
for (let r = 0; r < reps; r++) {
  const sum = [0, 0, 0, 0, 0];
  for (const s of smiles) {
    let t = performance.now();
    const mol = parseSmiles(rdkit, s);
    sum[0] += performance.now() - t;
    if (!mol) continue;
    t = performance.now();
    mol.get_smiles();
    sum[1] += performance.now() - t;
    t = performance.now();
    const d = descriptors(mol);
    sum[2] += performance.now() - t;
    t = performance.now();
    exactProps(rdkit, mol, d);
    sum[3] += performance.now() - t;
    t = performance.now();
    JSON.parse(mol.get_json());
    sum[4] += performance.now() - t;
    mol.delete();
  }
  [...steps, compared].forEach((s, i) => runs[s].push(sum[i] / smiles.length));
}
const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const ms = (s: string) => Number(median(runs[s]).toFixed(3));
const result = Object.fromEntries(steps.map((s) => [s, ms(s)]));
const total = Object.values(result).reduce((a, b) => a + b, 0);
console.log(JSON.stringify({ molecules: smiles.length, reps, ms_per_molecule: result, total_ms: Number(total.toFixed(3)), [compared]: ms(compared) }, null, 1));
