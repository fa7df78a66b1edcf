// npx tsx scripts/profile-chemistry.ts [--n 2000] [--reps 3]
// Where the generator's "chemistry" time goes, per molecule, single-threaded in Node (RDKit.js WASM): the same
// calls MolGenerator makes for each decoded SMILES (parse, canonical SMILES, the molecule graph from RDKit's
// JSON, the descriptor table in TypeScript, exact properties with our QED), on the first n ZINC250k molecules.
// Prints each step's median over reps, in ms. For comparison (no longer a call MolGenerator makes): RDKit.js's
// own descriptor table, and QED without the graph (RDKit's SMARTS matcher for every pattern).
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import init from '@rdkit/rdkit';
import { descriptors, molGraph, parseSmiles, rdkitDescriptors, type RDKitModule } from '../src/domain/chem/rdkit';
import { qed } from '../src/domain/chem/qed';
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

const steps = ['parse', 'canonical', 'graph (get_json)', 'descriptors (TypeScript)', 'exactProps (QED)'] as const;
const compared = ["RDKit.js's descriptor table", 'QED without the graph'] as const;
const names = [...steps, ...compared];
const runs: Record<string, number[]> = Object.fromEntries(names.map((s) => [s, []]));
for (let r = 0; r < reps; r++) {
  const sum = names.map(() => 0);
  const time = (k: number, f: () => unknown) => {
    const t = performance.now();
    const out = f();
    sum[k] += performance.now() - t;
    return out;
  };
  for (const s of smiles) {
    const mol = time(0, () => parseSmiles(rdkit, s)) as ReturnType<typeof parseSmiles>;
    if (!mol) continue;
    time(1, () => mol.get_smiles());
    const graph = time(2, () => molGraph(mol)) as ReturnType<typeof molGraph>;
    const d = time(3, () => descriptors(mol, graph)) as ReturnType<typeof descriptors>;
    time(4, () => exactProps(rdkit, mol, graph, d));
    time(5, () => rdkitDescriptors(mol));
    time(6, () => qed(rdkit, mol, d));
    mol.delete();
  }
  names.forEach((s, i) => runs[s].push(sum[i] / smiles.length));
}
const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const ms = (s: string) => Number(median(runs[s]).toFixed(3));
const result = Object.fromEntries(steps.map((s) => [s, ms(s)]));
const total = Object.values(result).reduce((a, b) => a + b, 0);
console.log(JSON.stringify({ molecules: smiles.length, reps, ms_per_molecule: result, total_ms: Number(total.toFixed(3)), compared: Object.fromEntries(compared.map((s) => [s, ms(s)])) }, null, 1));
