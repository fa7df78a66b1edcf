// SELFIES check over ZINC250k: encode every molecule, decode it again, and compare RDKit canonical SMILES;
// then decode random token sequences and check that RDKit accepts every result.
//
//   npx tsx scripts/selfies-check.ts [--limit N] [--random N] [--seed S]
//
// --limit N   only the first N molecules of the file (default: all 249,456)
// --random N  random sequences to decode (default 100,000; lengths 1-72, tokens from the alphabet seen in
//             the encoded molecules plus every branch/ring token and [nop])
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import init from '@rdkit/rdkit';
import { parseSmiles, withMol, type RDKitModule } from '../src/domain/chem/rdkit';
import { BRANCH_TOKENS, NOP, RING_TOKENS, SelfiesEncodeError, decode, encode, splitSelfies } from '../src/domain/selfies';

const ZINC = new URL('../../shared/data/zinc250k/250k_rndm_zinc_drugs_clean.smi.gz', import.meta.url);

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v) || v < 0) throw new Error(`--${name} needs a non-negative number`);
  return v;
}

/** mulberry32: small, seeded, good enough for sampling. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Failure {
  smiles: string;
  selfies?: string;
  decoded?: string;
  detail?: string;
}

class Groups {
  readonly map = new Map<string, Failure[]>();
  add(cause: string, f: Failure): void {
    const list = this.map.get(cause) ?? [];
    list.push(f);
    this.map.set(cause, list);
  }
  get total(): number {
    let n = 0;
    for (const l of this.map.values()) n += l.length;
    return n;
  }
  print(examples: number): void {
    for (const [cause, list] of [...this.map].sort((a, b) => b[1].length - a[1].length)) {
      console.log(`  ${list.length.toLocaleString('en')}  ${cause}`);
      for (const f of list.slice(0, examples)) {
        console.log(`      smiles   ${f.smiles}`);
        if (f.selfies !== undefined) console.log(`      selfies  ${f.selfies}`);
        if (f.decoded !== undefined) console.log(`      decoded  ${f.decoded}`);
        if (f.detail !== undefined) console.log(`      ${f.detail}`);
      }
    }
  }
}

const flat = (rdkit: RDKitModule, smi: string): string | null => withMol(rdkit, smi, (m) => m.get_smiles(JSON.stringify({ doIsomericSmiles: false })));

function classifyMismatch(rdkit: RDKitModule, original: string, decoded: string): string {
  if (flat(rdkit, original) !== flat(rdkit, decoded)) return 'different constitution';
  const chiral = (s: string) => (s.match(/@+/g) ?? []).join('');
  const ez = (s: string) => (s.match(/[/\\]/g) ?? []).length;
  if (chiral(original) !== chiral(decoded) || ez(original) !== ez(decoded)) {
    return ez(original) !== ez(decoded) ? 'double-bond stereo differs' : 'tetrahedral stereo differs';
  }
  return 'stereo differs (same marks, different canonical form)';
}

async function main(): Promise<void> {
  const limit = arg('limit', Infinity);
  const nRandom = arg('random', 100_000);
  const seed = arg('seed', 20200101);
  const rdkit: RDKitModule = await init();
  console.log(`RDKit.js ${rdkit.version()}`);

  const lines = gunzipSync(readFileSync(ZINC)).toString('utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const molecules = lines.slice(0, Math.min(limit, lines.length));
  console.log(`ZINC250k: ${lines.length.toLocaleString('en')} SMILES, checking ${molecules.length.toLocaleString('en')}`);

  // --- round trip ---
  const failures = new Groups();
  const counts = new Map<string, number>();
  let ok = 0;
  let maxTokens = 0;
  let maxTokensSmiles = '';
  let tKekule = 0;
  let tEncode = 0;
  let tDecode = 0;
  let tokensTotal = 0;
  const started = performance.now();
  for (const [i, smi] of molecules.entries()) {
    let t = performance.now();
    const forms = withMol(rdkit, smi, (m) => [m.get_smiles(), m.get_smiles(JSON.stringify({ doKekule: true }))] as const);
    tKekule += performance.now() - t;
    if (forms === null) {
      failures.add('RDKit cannot read the input', { smiles: smi });
      continue;
    }
    const [canonical, kekule] = forms;
    let selfies: string;
    t = performance.now();
    try {
      selfies = encode(kekule);
    } catch (e) {
      if (!(e instanceof SelfiesEncodeError)) throw e;
      failures.add(`encode refused: ${e.feature.replace(/\d+/g, 'N')}`, { smiles: smi, detail: e.message });
      continue;
    }
    tEncode += performance.now() - t;
    t = performance.now();
    const decoded = decode(selfies);
    tDecode += performance.now() - t;

    const tokens = splitSelfies(selfies);
    tokensTotal += tokens.length;
    if (tokens.length > maxTokens) [maxTokens, maxTokensSmiles] = [tokens.length, smi];
    for (const tok of tokens) counts.set(tok, (counts.get(tok) ?? 0) + 1);

    const back = withMol(rdkit, decoded, (m) => m.get_smiles());
    if (back === null) failures.add('RDKit rejects the decoded SMILES', { smiles: smi, selfies, decoded });
    else if (back !== canonical) failures.add(classifyMismatch(rdkit, canonical, back), { smiles: smi, selfies, decoded, detail: `canonical ${canonical} vs ${back}` });
    else ok++;
    if ((i + 1) % 50_000 === 0) console.log(`  ... ${(i + 1).toLocaleString('en')} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  const n = molecules.length;
  console.log(`\nRound trip: ${ok.toLocaleString('en')} / ${n.toLocaleString('en')} = ${((100 * ok) / n).toFixed(4)} % identical canonical SMILES`);
  console.log(`Failures: ${failures.total}`);
  failures.print(5);

  const alphabet = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  console.log(`\nAlphabet: ${alphabet.length} tokens (by frequency)`);
  console.log(alphabet.map(([t, c]) => `${t} ${c}`).join('  '));
  console.log(`Tokens per molecule: max ${maxTokens} (${maxTokensSmiles}), mean ${(tokensTotal / Math.max(1, n - failures.total)).toFixed(1)}`);
  const per = (ms: number) => `${Math.round((n / ms) * 1000).toLocaleString('en')}/s (${((1000 * ms) / n).toFixed(1)} µs each)`;
  console.log(`Throughput: encode ${per(tEncode)}, decode ${per(tDecode)}, RDKit parse+canonical+kekulé ${per(tKekule)}`);

  // --- non-canonical input ---
  // RDKit's canonical SMILES lists ring digits in the order the decoder rebuilds them, so the round trip above
  // never needs the encoder's @/@@ swap. Random SMILES (RDKit doRandom; MinimalLib takes no seed, so this part
  // varies between runs) put ring digits in other orders.
  const stereoFailures = new Groups();
  let stereoTried = 0;
  const t0 = performance.now();
  for (const smi of molecules) {
    if (!smi.includes('@')) continue;
    const forms = withMol(rdkit, smi, (m) => [m.get_smiles(), m.get_smiles(JSON.stringify({ doKekule: true, doRandom: true }))] as const);
    if (forms === null) continue;
    stereoTried++;
    const [canonical, random] = forms;
    let selfies = '';
    try {
      selfies = encode(random);
    } catch (e) {
      if (!(e instanceof SelfiesEncodeError)) throw e;
      stereoFailures.add(`encode refused: ${e.feature.replace(/\d+/g, 'N')}`, { smiles: random });
      continue;
    }
    const decoded = decode(selfies);
    const back = withMol(rdkit, decoded, (m) => m.get_smiles());
    if (back !== canonical) stereoFailures.add(back === null ? 'RDKit rejects the decoded SMILES' : classifyMismatch(rdkit, canonical, back), { smiles: random, selfies, decoded });
  }
  console.log(
    `\nRandom-order SMILES of the ${stereoTried.toLocaleString('en')} molecules with tetrahedral stereo: ` +
      `${(stereoTried - stereoFailures.total).toLocaleString('en')} identical (${((performance.now() - t0) / 1000).toFixed(0)} s)`,
  );
  stereoFailures.print(5);

  // --- random sequences ---
  if (nRandom === 0) return;
  const pool = [...new Set([...counts.keys(), ...BRANCH_TOKENS, ...RING_TOKENS, NOP])].sort();
  const uniform = pool.map(() => 1);
  // Uniform draws end chains early (a third of the pool are [F]-like end atoms or branch/ring tokens), so also
  // draw by ZINC frequency (every pool token at least once): realistic sizes, many more rings and branches.
  const weighted = pool.map((tok) => counts.get(tok) ?? 1);
  randomCheck('uniform', pool, uniform, Math.ceil(nRandom / 2), seed, rdkit);
  randomCheck('ZINC-frequency', pool, weighted, Math.floor(nRandom / 2), seed + 1, rdkit);
}

function randomCheck(name: string, pool: readonly string[], weights: readonly number[], count: number, seed: number, rdkit: RDKitModule): void {
  const cumulative: number[] = [];
  let sum = 0;
  for (const w of weights) cumulative.push((sum += w));
  const rand = prng(seed);
  const draw = (): string => {
    const x = rand() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return pool[lo];
  };
  const seqs: string[][] = [];
  for (let k = 0; k < count; k++) seqs.push(Array.from({ length: 1 + Math.floor(rand() * 72) }, draw));

  let t = performance.now();
  const outs = seqs.map((s) => decode(s));
  const tDecode = performance.now() - t;
  t = performance.now();
  const bad = new Groups();
  let empty = 0;
  let atomsTotal = 0;
  const isAtomless = (s: string[]) => s.every((tok) => tok === NOP || /Branch|Ring/.test(tok));
  for (const [k, smi] of outs.entries()) {
    if (smi === '') {
      empty++;
      if (!isAtomless(seqs[k])) bad.add("'' from a sequence with atoms", { smiles: smi, selfies: seqs[k].join('') });
      continue;
    }
    const mol = parseSmiles(rdkit, smi);
    if (mol === null) {
      bad.add('RDKit rejects', { smiles: smi, selfies: seqs[k].join('') });
      continue;
    }
    atomsTotal += mol.get_num_atoms(true);
    mol.delete();
  }
  const tValidate = performance.now() - t;
  const rate = (ms: number) => `${Math.round((count / ms) * 1000).toLocaleString('en')}/s (${((1000 * ms) / count).toFixed(1)} µs each)`;
  console.log(`\nRandom sequences, ${name} draws: ${count.toLocaleString('en')} from ${pool.length} tokens, lengths 1-72, seed ${seed}`);
  console.log(
    `  RDKit-valid ${(count - bad.total).toLocaleString('en')} / ${count.toLocaleString('en')}; '' (no atom) ${empty}; mean heavy atoms ${(atomsTotal / Math.max(1, count - empty - bad.total)).toFixed(1)}`,
  );
  console.log(`  decode ${rate(tDecode)}; decode + RDKit validation ${rate(tDecode + tValidate)}`);
  bad.print(5);
  if (bad.total > 0) process.exitCode = 1;
}

await main();
