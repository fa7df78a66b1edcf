// Property labels for decode_train.py's rows (SELFIES or SMILES tokens, as meta.json says), computed by the app's own code: logP, MW, TPSA by RDKit.js,
// QED by src/domain/chem/qed.ts, SA by the shipped SA model (as the eval scores hits). Rows that decode to
// nothing RDKit accepts get NaN, which train_prior.py treats as "no condition".
//
// usage: npx tsx models/mol_zinc/label_decoded.ts [--data data/mol] [--models static/models] [--rows NAME]
//   reads {data}/{NAME}.tok.u8 and meta.json; writes {data}/{NAME}.props.f32 [N, P] (NAME: train.decoded)
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import init from '@rdkit/rdkit';
import type { RDKitModule } from '../../src/domain/chem/rdkit';
import { tokenKind, tokensToSmiles } from '../../src/domain/chem/mol-tokens';
import { OnnxEngine } from '../../src/inference/onnx';
import type { ModelCard } from '../../src/contract/card';
import { PREDICTORS } from '../../src/domains/drug-like/predictors';
import { analyse } from '../../src/inference/analyse';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const dir = opt('data', 'data/mol');
const modelDir = pathToFileURL(`${resolve(opt('models', 'static/models'))}/`);
const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { vocab: string[]; max_len: number; props: string[]; tokens?: string };
const kind = tokenKind(meta.tokens);
const L = meta.max_len;
const P = meta.props.length;
const name = opt('rows', 'train.decoded');
const tok = readFileSync(join(dir, `${name}.tok.u8`));
const N = tok.length / L;
if (!Number.isInteger(N)) throw new Error(`${name}.tok.u8: ${tok.length} bytes is not a whole number of ${L}-token rows`);

const rdkit = (await init()) as RDKitModule;
const engine = new OnnxEngine({ modelBaseUrl: modelDir.href, loadBytes: async (u) => readFileSync(new URL(u)) });
const predictors = PREDICTORS.map((p) => ({ card: JSON.parse(readFileSync(new URL(`${p.model}.json`, modelDir), 'utf8')) as ModelCard, properties: p.properties }));
const [eos, pad] = [meta.vocab.indexOf('[eos]'), meta.vocab.indexOf('[pad]')];

// Row i's SMILES, entered as "line" i + 1 of the scoring the studio runs on pasted molecules.
const entries = Array.from({ length: N }, (_, i) => {
  const ids = [...tok.subarray(i * L, (i + 1) * L)];
  const end = ids.findIndex((t) => t === eos || t === pad);
  return { line: i + 1, input: tokensToSmiles(kind, ids.slice(0, end < 0 ? L : end).map((t) => meta.vocab[t])) };
});
const t0 = performance.now();
const progress = (done: number) => {
  if (done % 20480 < 256) console.log(`${done}/${N} ${((performance.now() - t0) / 1000).toFixed(0)}s`);
};
const { results } = await analyse(rdkit, engine, predictors, entries, progress);
const out = new Float32Array(N * P).fill(Number.NaN);
for (const r of results) {
  if (!r.ok) continue;
  const value: Record<string, number> = { ...r.props, sa: r.predicted.sa.mean };
  meta.props.forEach((key, j) => (out[(r.line - 1) * P + j] = value[key]));
}
writeFileSync(join(dir, `${name}.props.f32`), out);
console.log(`wrote ${join(dir, `${name}.props.f32`)}: ${N} rows, ${results.filter((r) => !r.ok).length} without a molecule (NaN)`);
