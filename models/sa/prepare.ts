// Featurise the ZINC250k DD-VAE split for the SA-score predictor with the app's own featuriser.
// Writes data/sa/{split}.bits.u8 (N x morganBits, 0/1), {split}.desc.f32 (N x descriptors), {split}.y.f32 (N),
// {split}.smi (the N SMILES kept, in order)
// for split in train, valid, test, and data/sa/meta.json, for train.py.
// usage: npx tsx models/sa/prepare.ts [--limit N] [--out data/sa]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import init from '@rdkit/rdkit';
import { parseSmiles, descriptors, type RDKitModule } from '../../src/domain/chem/rdkit';
import { featureLength, featurize, type FeatureSpec } from '../../src/domain/chem/features';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const limit = Number(opt('limit', '0')); // 0 = all rows; the smoke test uses a few hundred
const outDir = opt('out', 'data/sa');
const zincDir = opt('zinc', '../shared/data/zinc250k');

const lines = (path: string) => gunzipSync(readFileSync(path)).toString('utf8').split('\n').filter((l) => l.trim() !== '');

// SAS by SMILES from the recomputed table (RDKit's Ertl-Schuffenhauer scorer).
const sas = new Map<string, number>();
for (const row of lines(join(zincDir, 'zinc250k_props_recomputed.csv.gz')).slice(1)) {
  const c = row.lastIndexOf(',');
  const smiles = row.slice(0, row.indexOf(','));
  sas.set(smiles, Number(row.slice(c + 1)));
}

const rdkit: RDKitModule = await init();
const probe = parseSmiles(rdkit, 'CCO')!;
const spec: FeatureSpec = { morganRadius: 2, morganBits: 2048, descriptors: Object.keys(descriptors(probe)) };
probe.delete();
const dim = featureLength(spec);
mkdirSync(outDir, { recursive: true });

const counts: Record<string, { rows: number; skipped: string[] }> = {};
for (const split of ['train', 'valid', 'test']) {
  let smilesList = lines(join(zincDir, 'dd_vae_split', `${split}.csv.gz`));
  if (limit > 0) smilesList = smilesList.slice(0, limit);
  const bits = new Uint8Array(smilesList.length * spec.morganBits); // [N, morganBits]
  const desc = new Float32Array(smilesList.length * spec.descriptors.length); // [N, descriptors]
  const row = new Float32Array(dim);
  const y = new Float32Array(smilesList.length);
  const skipped: string[] = [];
  const kept: string[] = [];
  let n = 0;
  const t0 = Date.now();
  for (const smiles of smilesList) {
    const target = sas.get(smiles);
    const mol = target === undefined ? null : parseSmiles(rdkit, smiles);
    if (mol === null || target === undefined) {
      skipped.push(smiles);
      continue;
    }
    featurize(mol, spec, row);
    bits.set(row.subarray(0, spec.morganBits), n * spec.morganBits);
    desc.set(row.subarray(spec.morganBits), n * spec.descriptors.length);
    mol.delete();
    y[n++] = target;
    kept.push(smiles);
    if (n % 20000 === 0) console.log(`${split}: ${n}/${smilesList.length} (${Math.round(n / ((Date.now() - t0) / 1000))} mol/s)`);
  }
  writeFileSync(join(outDir, `${split}.bits.u8`), bits.subarray(0, n * spec.morganBits));
  writeFileSync(join(outDir, `${split}.desc.f32`), desc.subarray(0, n * spec.descriptors.length));
  writeFileSync(join(outDir, `${split}.y.f32`), y.subarray(0, n));
  writeFileSync(join(outDir, `${split}.smi`), kept.join('\n') + '\n');
  counts[split] = { rows: n, skipped };
  console.log(`${split}: ${n} rows, ${skipped.length} skipped`);
}

writeFileSync(
  join(outDir, 'meta.json'),
  JSON.stringify({ features: spec, dim, target: 'SAS (RDKit Contrib SA_Score, zinc250k_props_recomputed.csv.gz)', rdkitjs: rdkit.version(), splits: counts }, null, 1),
);
