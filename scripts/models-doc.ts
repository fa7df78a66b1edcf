// npm run docs:models — writes docs/models.md from the model cards (static/models/*.json).
// The cards are the source of truth; this page is their reading copy. tests/unit/docs.test.ts regenerates the
// text in memory and fails when the committed page differs, so a new or retrained model shows up here too.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

type Any = Record<string, unknown>;

export const MODELS_DIR = 'static/models';
export const MODELS_DOC = 'docs/models.md';

/** Plain names for the metric keys the cards use; any other key is shown as written. */
const METRIC_NAMES: Record<string, string> = {
  n: 'rows scored',
  mae: 'mean absolute error',
  rmse: 'root mean squared error',
  r2: 'R² (share of variance explained)',
  coverage90: 'share of true values inside the 90 % interval',
  spearman_std_abs_err: 'rank correlation of the predicted σ with the absolute error',
  mean_std: 'mean predicted σ',
  rec: 'reconstruction loss (token cross-entropy, nats per molecule)',
  kl: 'KL divergence of the posterior from the prior (nats)',
  recon_exact: 'share decoded back exactly (greedy, from the posterior mean)',
  mu_std: 'std of the posterior means, averaged over latent dimensions',
  validity: 'valid molecules',
  'unique@1k': 'unique in the first 1,000',
  'unique@10k': 'unique in the first 10,000',
  novelty: 'not in the training set',
  intdiv1: 'internal diversity (IntDiv1)',
  intdiv2: 'internal diversity (IntDiv2)',
  snn_test: 'similarity to the nearest test-set neighbour (SNN)',
  filters: 'passing the MOSES filters',
  w1_logp: 'Wasserstein-1 to the test set, logP',
  w1_qed: 'Wasserstein-1 to the test set, QED',
  w1_sa: 'Wasserstein-1 to the test set, SA',
  w1_mw: 'Wasserstein-1 to the test set, MW',
  frechet_descriptor: 'Fréchet distance of descriptors to the test set',
  spearman: "Spearman's rank correlation",
  'gain_keep_0.4': "share of the exact filter's gain in mean confidence when keeping the top 0.4",
  'overlap_keep_0.4': "overlap of the top 0.4 with the exact filter's",
  held_out_rows: 'held-out rows',
};
const PROP_NAMES: Record<string, string> = { logp: 'logP', qed: 'QED', sa: 'SA', mw: 'MW', tpsa: 'TPSA' };

function metricName(key: string): string {
  if (METRIC_NAMES[key]) return METRIC_NAMES[key];
  const r2 = /^r2_(\w+)$/.exec(key);
  if (r2) return `R² of ${PROP_NAMES[r2[1]] ?? r2[1]}`;
  const t = /^targets(_unscreened)?\.(T\d+)$/.exec(key);
  if (t) return `hit rate on target ${t[2]}${t[1] ? ', unscreened' : ' (latent screen on)'}`;
  return `\`${key}\``;
}

const isObj = (x: unknown): x is Any => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Thousands separated by commas, whatever the machine's locale. */
function int(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 2274824 → "2.27 M"; the unit follows. */
function si(n: number, unit: string): string {
  const [d, p] = n >= 1e9 ? [1e9, 'G'] : n >= 1e6 ? [1e6, 'M'] : n >= 1e3 ? [1e3, 'k'] : [1, ''];
  const v = n / d;
  return `${d === 1 ? String(v) : v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2)} ${p}${unit}`;
}

function value(v: number): string {
  if (Number.isInteger(v)) return int(v);
  return Math.abs(v) >= 100 ? v.toFixed(1) : String(Number(v.toPrecision(3)));
}

/** The headline metrics: the test split's when the card has one, else the validation split's, else the numbers at the top. */
function headline(metrics: unknown): { where: string; rows: [string, number][]; note?: string } {
  if (!isObj(metrics)) return { where: '', rows: [] };
  const split = isObj(metrics.test) ? 'test' : isObj(metrics.valid) ? 'valid' : null;
  const src = split ? (metrics[split] as Any) : metrics;
  const rows: [string, number][] = [];
  for (const [k, v] of Object.entries(src)) {
    if (typeof v === 'number') rows.push([k, v]);
    else if (!split && (k === 'targets' || k === 'targets_unscreened') && isObj(v))
      for (const [t, x] of Object.entries(v)) if (typeof x === 'number') rows.push([`${k}.${t}`, x]);
  }
  const where = split === 'test' ? 'on the test split' : split === 'valid' ? 'on the validation split' : '';
  return { where, rows, note: typeof metrics.what === 'string' ? metrics.what : undefined };
}

/** How a generator's metrics were measured (the card's metrics.eval), in one line. */
function evalLine(metrics: unknown): string | null {
  const e = isObj(metrics) && isObj(metrics.eval) ? metrics.eval : null;
  if (!e) return null;
  const parts = ['samples', 'guidance', 'temperature', 'noise', 'aim', 'screen', 'pick', 'confident', 'seed']
    .filter((k) => typeof e[k] === 'number')
    .map((k) => `${k} ${value(e[k] as number)}`);
  const file = typeof e.file === 'string' ? `\`${e.file}\`` : 'the eval';
  return `Measured by \`npm run eval\` (${file}): ${parts.join(', ')}${typeof e.condition === 'string' ? `, conditioned on ${e.condition}` : ''}${typeof e.onnx === 'string' ? `; ${e.onnx}` : ''}.`;
}

function dataLine(data: unknown): string {
  if (!isObj(data)) return '–';
  const rows = isObj(data.rows) ? data.rows : null;
  const counts = rows ? ` (${Object.entries(rows).map(([k, v]) => `${k} ${typeof v === 'number' ? int(v) : String(v)}`).join(', ')})` : '';
  return `${String(data.name ?? '–')}, split ${String(data.split ?? '–')}${counts}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function command(cmd: string): string {
  return cmd.split(' && ').join(' && \\\n  ');
}

export function readCards(dir = MODELS_DIR): Any[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Any)
    .filter((c) => typeof c.id === 'string' && typeof c.file === 'string'); // stats files beside the cards are not cards
}

export function modelsDoc(cards: Any[] = readCards()): string {
  const out: string[] = [];
  out.push('# Models');
  out.push('');
  out.push('<!-- Generated by `npm run docs:models` (scripts/models-doc.ts) from static/models/*.json. Do not edit: change the cards and run it again. -->');
  out.push('');
  out.push('Every model the studio ships, read from its card (`static/models/<id>.json`, next to the ONNX file). The app');
  out.push('checks each ONNX session against its card when it loads it. The Model cards page in the studio shows the same cards.');
  out.push('');
  out.push('| id | what | parameters | FLOPs per sample | file |');
  out.push('|---|---|---|---|---|');
  let total = 0;
  for (const c of cards) {
    const bytes = typeof c.bytes === 'number' ? c.bytes : 0;
    total += bytes;
    out.push(`| [\`${String(c.id)}\`](#${String(c.id)}) | ${String(c.name ?? '–')} | ${typeof c.params === 'number' ? si(c.params, '') : '–'} | ${typeof c.flops_per_sample === 'number' ? si(c.flops_per_sample, 'FLOP') : '–'} | ${si(bytes, 'B')} |`);
  }
  out.push('');
  out.push(`All files together: ${si(total, 'B')}.`);
  for (const c of cards) {
    const id = String(c.id);
    out.push('');
    out.push(`## ${id}`);
    out.push('');
    out.push(`**${String(c.name ?? id)}**`);
    out.push('');
    out.push('| | |');
    out.push('|---|---|');
    out.push(`| family · domain | ${String(c.family ?? '–')} · ${String(c.domain ?? '–')} |`);
    const arch = c.architecture ?? (isObj(c.training) ? c.training.architecture : undefined);
    if (typeof arch === 'string') out.push(`| architecture | ${arch} |`);
    if (isObj(c.property) && typeof c.property.what === 'string') out.push(`| predicts | ${c.property.what} |`);
    if (Array.isArray(c.props)) out.push(`| properties | ${c.props.map((p) => PROP_NAMES[String(p)] ?? String(p)).join(', ')} |`);
    out.push(`| data | ${dataLine(c.data)} |`);
    const config = isObj(c.training) && isObj(c.training.config) ? c.training.config : null;
    if (config) out.push(`| training config | ${Object.entries(config).map(([k, v]) => `${k}=${String(v)}`).join(', ')} |`);
    if (isObj(c.data) && typeof c.data.target === 'string') out.push(`| label | ${c.data.target} |`);
    out.push(`| parameters | ${typeof c.params === 'number' ? `${int(c.params)} (${si(c.params, '')})` : '–'} |`);
    const flops = c.flops_per_sample === 0 ? '0 (the card counts none)' : typeof c.flops_per_sample === 'number' ? si(c.flops_per_sample, 'FLOP') : '–';
    const steps = typeof c.steps === 'number' ? ` (${plural(c.steps, 'step')} × ${plural(typeof c.nfe_per_step === 'number' ? c.nfe_per_step : 1, 'network evaluation')})` : '';
    out.push(`| FLOPs per sample | ${flops}${steps} |`);
    if (typeof c.flops_note === 'string') out.push(`| FLOPs note | ${c.flops_note} |`);
    out.push(`| file | \`${String(c.file)}\`, ${typeof c.bytes === 'number' ? `${si(c.bytes, 'B')} (${int(c.bytes)} bytes)` : '–'}, ONNX opset ${String(c.opset ?? '–')} |`);
    if (typeof c.distilled_from === 'string') out.push(`| distilled from | \`${c.distilled_from}\` |`);
    const h = headline(c.metrics);
    if (h.rows.length) {
      out.push('');
      out.push(`Metrics${h.where ? ` ${h.where}` : ''}:`);
      out.push('');
      out.push('| metric | value |');
      out.push('|---|---|');
      for (const [k, v] of h.rows) out.push(`| ${metricName(k)} | ${value(v)} |`);
      const e = evalLine(c.metrics);
      if (e) out.push('', e);
      if (h.note) out.push('', `What they measure: ${h.note}.`);
      if (h.rows.some(([k]) => k.startsWith('targets'))) out.push('', 'Hit rates: the share of molecules inside a fixed design target box; docs/experiments.md lists the targets.');
    }
    const t = isObj(c.training) ? c.training : {};
    if (typeof t.command === 'string') {
      const when = [typeof t.seconds === 'number' ? `${int(t.seconds)} s of training` : '', typeof t.date === 'string' ? `made ${t.date}` : '', typeof t.torch === 'string' ? `PyTorch ${t.torch}` : '']
        .filter(Boolean)
        .join(', ');
      out.push('');
      out.push('<details><summary>Training command' + (when ? ` (${when})` : '') + '</summary>');
      out.push('');
      out.push('```sh');
      out.push(command(t.command));
      out.push('```');
      out.push('');
      out.push('</details>');
    }
  }
  return out.join('\n') + '\n';
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(MODELS_DOC, modelsDoc());
  console.log(`wrote ${MODELS_DOC}`);
}
