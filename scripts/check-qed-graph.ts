// npx tsx scripts/check-qed-graph.ts [--set zinc|moses|qm9] [--n N] [--show 5]
// QED's properties with the molecule graph (qed-graph.ts answers HBA, ROTB, AROM and the alert gates) against
// the same properties from RDKit's SMARTS matcher alone, molecule by molecule; and both ways' ALERTS against
// every alert matched with no gate at all (the gates must only skip alerts that cannot match). Prints the
// disagreements per property and the time per molecule of each way. Exit code 1 if any disagree.
// (Molecules with explicit hydrogens are skipped for the ungated count, which QED takes without them.)
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import init from '@rdkit/rdkit';
import { parseSmiles, rdkitDescriptors, type RDKitModule } from '../src/domain/chem/rdkit';
import { readMolGraph } from '../src/domain/chem/graph';
import { QED_ALERT_SMARTS, qedProperties, type QedProperties } from '../src/domain/chem/qed';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const set = opt('set', 'zinc');
const show = Number(opt('show', '5'));
const lines = (file: string) => gunzipSync(readFileSync(file)).toString('utf8').split('\n').map((l) => l.trim()).filter(Boolean);
const sets: Record<string, () => string[]> = {
  zinc: () => lines('../shared/data/zinc250k/250k_rndm_zinc_drugs_clean.smi.gz'),
  moses: () => lines('../shared/data/moses/test.csv.gz').slice(1).map((l) => l.split(',')[0]),
  qm9: () => lines('../shared/data/qm9_partial/qm9_smiles_lapool.csv.gz').slice(1).map((l) => l.split(',')[0]),
};
const smiles = sets[set]().slice(0, Number(opt('n', '1000000')));
const rdkit = (await init()) as RDKitModule;

const alertQueries = QED_ALERT_SMARTS.map((s) => rdkit.get_qmol(s)!);
const bad: Record<string, { count: number; examples: string[] }> = {};
const disagree = (key: string, s: string, detail: string) => {
  const b = (bad[key] ??= { count: 0, examples: [] });
  b.count++;
  if (b.examples.length < show) b.examples.push(`${s}  ${detail}`);
};
let [checked, msSmarts, msGraph] = [0, 0, 0];
for (const s of smiles) {
  const mol = parseSmiles(rdkit, s);
  if (!mol) continue;
  try {
    const d = rdkitDescriptors(mol);
    let t = performance.now();
    const want = qedProperties(rdkit, mol, d);
    msSmarts += performance.now() - t;
    t = performance.now();
    const got = qedProperties(rdkit, mol, d, readMolGraph(mol.get_json()));
    msGraph += performance.now() - t;
    for (const key of Object.keys(want) as (keyof QedProperties)[]) {
      if (got[key] !== want[key]) disagree(key, s, `graph=${got[key]} smarts=${want[key]}`);
    }
    if (mol.get_num_atoms() === mol.get_num_atoms(true)) {
      const ungated = alertQueries.filter((q) => mol.get_substruct_match(q) !== '{}').length;
      if (want.ALERTS !== ungated) disagree('ALERTS (SMARTS gates vs none)', s, `gated=${want.ALERTS} ungated=${ungated}`);
      if (got.ALERTS !== ungated) disagree('ALERTS (graph gates vs none)', s, `gated=${got.ALERTS} ungated=${ungated}`);
    }
    checked++;
  } finally {
    mol.delete();
  }
}
console.log(`${checked} molecules (${set}); ms per molecule: SMARTS ${(msSmarts / checked).toFixed(4)}, graph (with get_json) ${(msGraph / checked).toFixed(4)}`);
for (const [key, b] of Object.entries(bad)) console.log(`${key}: ${b.count} disagree\n  ${b.examples.join('\n  ')}`);
if (Object.keys(bad).length === 0) console.log('all agree');
process.exit(Object.keys(bad).length ? 1 : 0);
