// Token rows -> SMILES strings, one line per row, as the app reads them: SELFIES rows through the app's SELFIES
// decoder (src/domain/selfies, as src/inference/mol-generator/generate.ts decodes), SMILES rows by joining their
// tokens. Python (decoder_profile.py) scores the lines with RDKit; the token meaning stays on this side.
// A row that is empty, or that the SELFIES decoder rejects, gives an empty line (counted as invalid).
// --valid OUT also writes a byte per row, 1 where RDKit.js accepts the SMILES as the studio does (parseSmiles) and
// 0 where a run would discard it: decode_confidence.py reads it as NAME.valid.u8.
//
// usage: npx tsx models/mol_zinc/tokens_to_smiles.ts --data data/mol --in rows.tok.u8 [--out rows.smi] [--valid rows.valid.u8]
//   meta.json (vocab, max_len, tokens: 'selfies' | 'smiles'; absent = 'selfies') is read from --data
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import init from '@rdkit/rdkit';
import { tokenKind, tokensToSmiles } from '../../src/domain/chem/mol-tokens';
import { parseSmiles, type RDKitModule } from '../../src/domain/chem/rdkit';

const args = process.argv.slice(2);
const opt = (name: string, dflt?: string) => {
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  if (dflt === undefined) throw new Error(`--${name} is required`);
  return dflt;
};
const [out, validOut] = [opt('out', ''), opt('valid', '')];
if (!out && !validOut) throw new Error('nothing to write: give --out, --valid or both');
const dir = opt('data', 'data/mol');
const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { vocab: string[]; max_len: number; tokens?: string };
const kind = tokenKind(meta.tokens);
const L = meta.max_len;
const tok = readFileSync(opt('in'));
const N = tok.length / L;
if (!Number.isInteger(N)) throw new Error(`${opt('in')}: ${tok.length} bytes is not a whole number of ${L}-token rows`);
const [eos, pad] = [meta.vocab.indexOf('[eos]'), meta.vocab.indexOf('[pad]')];

const lines: string[] = [];
for (let i = 0; i < N; i++) {
  const ids = [...tok.subarray(i * L, (i + 1) * L)];
  const end = ids.findIndex((t) => t === eos || t === pad);
  const tokens = ids.slice(0, end < 0 ? L : end).map((t) => meta.vocab[t]);
  lines.push(tokensToSmiles(kind, tokens));
}
if (out) writeFileSync(out, lines.join('\n') + '\n');
let report = '';
if (validOut) {
  const rdkit = (await init()) as RDKitModule;
  const valid = Uint8Array.from(lines, (smiles) => {
    const mol = parseSmiles(rdkit, smiles);
    mol?.delete();
    return mol ? 1 : 0;
  });
  writeFileSync(validOut, valid);
  report = `, ${valid.reduce((a, b) => a + b, 0)} valid -> ${validOut}`;
}
console.log(`${kind}: ${N} rows${out ? ` -> ${out}` : ''}${report}`);
