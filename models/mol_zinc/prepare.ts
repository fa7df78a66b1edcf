// ZINC250k (DD-VAE split) -> SELFIES (or SMILES) token arrays, vocabulary and property labels for the mol-zinc
// models, made with the app's own code: SELFIES (src/domain/selfies), SMILES tokens (src/domain/smiles), RDKit.js
// descriptors and our QED.
// Writes data/mol/{split}.tok.u8 [N, max_len] (0 = [pad], 1 = [bos], 2 = [eos]), {split}.props.f32
// [N, 5] (logP, QED, SA, MW, TPSA), {split}.smi (canonical SMILES), meta.json; and the hashed training set
// static/models/mol-zinc-train.hashes (sorted 64-bit hashes of canonical SMILES, for novelty flags).
// usage: npx tsx models/mol_zinc/prepare.ts [--tokens selfies|smiles] [--limit N] [--out data/mol] [--hashes static/models/mol-zinc-train.hashes]
// --tokens smiles: RDKit's canonical aromatic SMILES split into tokens, default out data/mol_smiles (and its own
// train.hashes there: the shipped hashes are the same molecules either way). Aromatic rather than kekulised: a
// slip inside an aromatic ring then gives a ring RDKit cannot kekulise, which is discarded, where in Kekulé form
// a misplaced '=' is a valid non-aromatic C=C ring (the very bias issue 24 measures); and the strings are as
// short as the SELFIES ones (mean 38 tokens, max 67 on ZINC, against 43 and 77 kekulised).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import init from '@rdkit/rdkit';
import { descriptors, parseSmiles, type RDKitModule } from '../../src/domain/chem/rdkit';
import { qed } from '../../src/domain/chem/qed';
import { moleculeTokens, tokenKind } from '../../src/domain/chem/mol-tokens';
import { hashSmiles } from '../../src/domain/metrics/hashset';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const limit = Number(opt('limit', '0'));
const kind = tokenKind(opt('tokens', 'selfies'));
const outDir = opt('out', kind === 'smiles' ? 'data/mol_smiles' : 'data/mol');
const hashesOut = opt('hashes', limit || kind === 'smiles' ? join(outDir, 'train.hashes') : 'static/models/mol-zinc-train.hashes');
const zincDir = opt('zinc', '../shared/data/zinc250k');
export const PROPS = ['logp', 'qed', 'sa', 'mw', 'tpsa'] as const;
const SPECIALS = ['[pad]', '[bos]', '[eos]'];
const MAX_TOKENS = 72; // longer molecules (a handful in ZINC) are left out and counted

const lines = (path: string) => gunzipSync(readFileSync(path)).toString('utf8').split('\n').filter((l) => l.trim() !== '');
const sas = new Map<string, number>();
for (const row of lines(join(zincDir, 'zinc250k_props_recomputed.csv.gz')).slice(1)) {
  sas.set(row.slice(0, row.indexOf(',')), Number(row.slice(row.lastIndexOf(',') + 1)));
}

const rdkit: RDKitModule = await init();
interface Row {
  smiles: string;
  tokens: string[];
  props: number[];
}
const splits: Record<string, Row[]> = {};
const dropped: Record<string, Record<string, string[]>> = {};
for (const split of ['train', 'valid', 'test']) {
  let list = lines(join(zincDir, 'dd_vae_split', `${split}.csv.gz`));
  if (limit) list = list.slice(0, limit);
  const rows: Row[] = [];
  const drop: Record<string, string[]> = {};
  const note = (why: string, s: string) => (drop[why] ??= []).push(s);
  const t0 = Date.now();
  for (const input of list) {
    const mol = parseSmiles(rdkit, input);
    const sa = sas.get(input);
    if (!mol || sa === undefined) {
      note(mol ? 'no SA label' : 'RDKit.js cannot parse', input);
      mol?.delete();
      continue;
    }
    try {
      const tokens = moleculeTokens(kind, (kekule) => (kekule ? mol.get_smiles(JSON.stringify({ doKekule: true })) : mol.get_smiles()));
      if (tokens.length > MAX_TOKENS) {
        note(`longer than ${MAX_TOKENS} tokens`, input);
        continue;
      }
      const d = descriptors(mol);
      rows.push({ smiles: mol.get_smiles(), tokens, props: [d.CrippenClogP, qed(rdkit, mol, d), sa, d.amw, d.tpsa] });
    } catch (e) {
      note(`${kind === 'smiles' ? 'SMILES tokenizer' : 'SELFIES encoder'}: ${e instanceof Error ? e.message.split(':')[0] : String(e)}`, input);
    } finally {
      mol.delete();
    }
    if (rows.length % 20000 === 0) console.log(`${split}: ${rows.length}/${list.length} (${Math.round(rows.length / ((Date.now() - t0) / 1000))} mol/s)`);
  }
  splits[split] = rows;
  dropped[split] = drop;
  console.log(`${split}: ${rows.length} kept; dropped ${Object.entries(drop).map(([k, v]) => `${v.length} (${k})`).join(', ') || 'none'}`);
}

// Vocabulary from the training split, most frequent first; molecules with tokens unseen in training are dropped.
const freq = new Map<string, number>();
for (const r of splits.train) for (const t of r.tokens) freq.set(t, (freq.get(t) ?? 0) + 1);
const vocab = [...SPECIALS, ...[...freq.entries()].sort((a, b) => b[1] - a[1]).map(([t]) => t)];
if (vocab.length > 255) throw new Error(`vocabulary of ${vocab.length} does not fit uint8`);
const index = new Map(vocab.map((t, i) => [t, i]));
const maxLen = MAX_TOKENS + 1; // + [eos]

mkdirSync(outDir, { recursive: true });
const counts: Record<string, number> = {};
for (const [split, all] of Object.entries(splits)) {
  const rows = all.filter((r) => r.tokens.every((t) => index.has(t)));
  if (rows.length < all.length) (dropped[split]['token not in the training vocabulary'] ??= []).push(...all.filter((r) => !rows.includes(r)).map((r) => r.smiles));
  const tok = new Uint8Array(rows.length * maxLen); // zeros = [pad]
  const props = new Float32Array(rows.length * PROPS.length);
  rows.forEach((r, i) => {
    r.tokens.forEach((t, j) => (tok[i * maxLen + j] = index.get(t)!));
    tok[i * maxLen + r.tokens.length] = 2; // [eos]
    props.set(r.props, i * PROPS.length);
  });
  writeFileSync(join(outDir, `${split}.tok.u8`), tok);
  writeFileSync(join(outDir, `${split}.props.f32`), props);
  writeFileSync(join(outDir, `${split}.smi`), rows.map((r) => r.smiles).join('\n') + '\n');
  counts[split] = rows.length;
}

const hashes = new BigUint64Array(splits.train.map((r) => hashSmiles(r.smiles))).sort();
writeFileSync(hashesOut, new Uint8Array(hashes.buffer));
writeFileSync(
  join(outDir, 'meta.json'),
  JSON.stringify(
    {
      tokens: kind, // how the token lists turn back into SMILES: SELFIES decoding, or joining
      vocab,
      max_len: maxLen,
      props: PROPS,
      rows: counts,
      dropped: Object.fromEntries(Object.entries(dropped).map(([s, d]) => [s, Object.fromEntries(Object.entries(d).map(([k, v]) => [k, { count: v.length, examples: v.slice(0, 5) }]))])),
      rdkitjs: rdkit.version(),
      made_by: `npx tsx models/mol_zinc/prepare.ts ${args.join(' ')}`.trim(),
    },
    null,
    1,
  ),
);
console.log(`vocab ${vocab.length}, max_len ${maxLen}; wrote ${outDir} and ${hashesOut}`);
