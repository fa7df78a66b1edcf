// Token rows -> SMILES strings, one line per row, as the app reads them: SELFIES rows through the app's SELFIES
// decoder (src/domain/selfies, as src/inference/mol-generator/generate.ts decodes), SMILES rows by joining their
// tokens. Python (decoder_profile.py) scores the lines with RDKit; the token meaning stays on this side.
// A row that is empty, or that the SELFIES decoder rejects, gives an empty line (counted as invalid).
//
// usage: npx tsx models/mol_zinc/tokens_to_smiles.ts --data data/mol --in rows.tok.u8 --out rows.smi
//   meta.json (vocab, max_len, tokens: 'selfies' | 'smiles'; absent = 'selfies') is read from --data
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode } from '../../src/domain/selfies/decoder';
import { joinSmiles } from '../../src/domain/smiles/tokens';

const args = process.argv.slice(2);
const opt = (name: string, dflt?: string) => {
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  if (dflt === undefined) throw new Error(`--${name} is required`);
  return dflt;
};
const dir = opt('data', 'data/mol');
const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { vocab: string[]; max_len: number; tokens?: string };
const kind = meta.tokens ?? 'selfies';
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
  let smiles = '';
  try {
    smiles = kind === 'smiles' ? joinSmiles(tokens) : decode(tokens);
  } catch {
    smiles = ''; // the SELFIES decoder rejected the row (it cannot for tokens of its own alphabet; kept for safety)
  }
  lines.push(smiles);
}
writeFileSync(opt('out'), lines.join('\n') + '\n');
console.log(`${kind}: ${N} rows -> ${opt('out')}`);
