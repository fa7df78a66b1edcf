// Property labels for decode_train.py's rows, computed by the app's own code: logP, MW, TPSA by RDKit.js,
// QED by src/domain/chem/qed.ts, SA by the shipped SA model (as the eval scores hits). Rows that decode to
// nothing RDKit accepts get NaN, which train_prior.py treats as "no condition".
//
// usage: npx tsx models/mol_zinc/label_decoded.ts [--data data/mol] [--models static/models]
//   reads {data}/train.decoded.tok.u8 and meta.json; writes {data}/train.decoded.props.f32 [N, P]
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import init from '@rdkit/rdkit';
import { descriptors, parseSmiles, type Mol, type RDKitModule } from '../../src/domain/chem/rdkit';
import { decode } from '../../src/domain/selfies/decoder';
import { OnnxEngine } from '../../src/inference/onnx';
import type { ModelCard } from '../../src/inference/card';
import { generatorEntry } from '../../src/inference/registry';
import { exactProps } from '../../src/inference/analyse';
import { predictSA } from '../../src/inference/predictors/sa';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const dir = opt('data', 'data/mol');
const modelDir = pathToFileURL(`${resolve(opt('models', 'static/models'))}/`);
const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { vocab: string[]; max_len: number; props: string[] };
const L = meta.max_len;
const P = meta.props.length;
const tok = readFileSync(join(dir, 'train.decoded.tok.u8'));
const N = tok.length / L;
if (!Number.isInteger(N)) throw new Error(`train.decoded.tok.u8: ${tok.length} bytes is not a whole number of ${L}-token rows`);

const rdkit = (await init()) as RDKitModule;
const engine = new OnnxEngine({ modelBaseUrl: modelDir.href, loadBytes: async (u) => readFileSync(new URL(u)) });
const saCard = JSON.parse(readFileSync(new URL(`${generatorEntry('mol-zinc').predictors.sa}.json`, modelDir), 'utf8')) as ModelCard;
const [eos, pad] = [meta.vocab.indexOf('[eos]'), meta.vocab.indexOf('[pad]')];

const out = new Float32Array(N * P).fill(Number.NaN);
const t0 = performance.now();
let invalid = 0;
for (let start = 0; start < N; start += 1024) {
  const rows: { i: number; mol: Mol }[] = [];
  for (let i = start; i < Math.min(N, start + 1024); i++) {
    const ids = [...tok.subarray(i * L, (i + 1) * L)];
    const end = ids.findIndex((t) => t === eos || t === pad);
    const mol = parseSmiles(rdkit, decode(ids.slice(0, end < 0 ? L : end).map((t) => meta.vocab[t])));
    if (mol) rows.push({ i, mol });
    else invalid++;
  }
  try {
    const tables = rows.map((r) => descriptors(r.mol));
    const sa = rows.length ? (await predictSA(engine, saCard, rows.map((r) => r.mol), tables)).predictions : [];
    rows.forEach((r, k) => {
      const p = exactProps(rdkit, r.mol, tables[k]);
      const value: Record<string, number> = { logp: p.logp, qed: p.qed, sa: sa[k].mean, mw: p.mw, tpsa: p.tpsa };
      meta.props.forEach((key, j) => (out[r.i * P + j] = value[key]));
    });
  } finally {
    for (const r of rows) r.mol.delete();
  }
  if ((start / 1024) % 20 === 0) console.log(`${start + 1024}/${N} ${((performance.now() - t0) / 1000).toFixed(0)}s`);
}
writeFileSync(join(dir, 'train.decoded.props.f32'), out);
console.log(`wrote ${join(dir, 'train.decoded.props.f32')}: ${N} rows, ${invalid} without a molecule (NaN)`);
