// A model card as a chemist reads it: one line (what it does, size, data, its main number) and the rest in plain
// names for the folded details. Cards differ by kind of model, so each part is read from what the card holds.
import { plural } from '../domain/words';
type Any = Record<string, unknown>;

export interface CardSummary {
  name: string;
  /** How the data were split: the card's sentence, or its parts (train, valid, test, a note) joined. */
  split: string;
  does: string | null;
  size: string;
  data: string;
  headline: string;
  cost: string | null;
  architecture: string | null;
  metrics: [string, string][];
  command: string | null;
}

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const obj = (v: unknown): Any | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Any) : undefined);
const pct = (v: number) => `${Number((v * 100).toPrecision(3))} %`;
const short = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Number(v.toPrecision(3)).toString());

export function scaled(n: number, unit = ''): string {
  for (const [f, p] of [[1e9, 'G'], [1e6, 'M'], [1e3, 'k']] as const) if (n >= f) return `${Number((n / f).toPrecision(3))} ${p}${unit}`;
  return `${n} ${unit}`.trim();
}

/** Metric names as a reader knows them; the rest keep the card's own name. */
const PLAIN: Record<string, string> = {
  validity: 'valid', 'unique@1k': 'unique in 1,000', 'unique@10k': 'unique in 10,000', novelty: 'novel (not in the training set)',
  intdiv1: 'internal diversity (p=1)', intdiv2: 'internal diversity (p=2)', snn_test: 'similarity to the nearest test molecule',
  filters: 'pass the MOSES filters', frechet_descriptor: 'Fréchet distance of descriptors', mae: 'mean absolute error', rmse: 'RMSE',
  r2: 'R²', coverage90: 'share inside the 90 % interval', spearman: 'rank correlation', rec: 'reconstruction loss (nats)',
  kl: 'KL divergence (nats)', recon_exact: 'reconstructed exactly', mu_std: 'spread of latent means',
};
const FRACTIONS = new Set(['validity', 'unique@1k', 'unique@10k', 'novelty', 'filters', 'coverage90', 'recon_exact', 'within_1sd']);
const plainName = (k: string) => PLAIN[k] ?? (k.startsWith('w1_') ? `Wasserstein-1 distance, ${k.slice(3)}` : k.startsWith('r2_') ? `R², ${k.slice(3)}` : k.replaceAll('_', ' '));
const shown = (k: string, v: number) => (FRACTIONS.has(k) ? pct(v) : short(v));

/** Every number in the metrics, one level of nesting named "group · metric"; histories and prose left out. */
export function flatMetrics(metrics: unknown, items = 'molecule'): [string, string][] {
  const out: [string, string][] = [];
  const walk = (o: Any, prefix: string, depth: number) => {
    for (const [k, v] of Object.entries(o)) {
      if (num(v)) out.push([`${prefix}${k === 'n' ? `${items}s` : plainName(k)}`, shown(k, v)]);
      else if (obj(v) && depth < 2) walk(obj(v)!, `${prefix}${k} · `, depth + 1);
    }
  };
  const m = obj(metrics);
  if (m) walk(m, '', 0);
  return out;
}

/** What one sample of the card's model is: a molecule, or a crystal for the crystal domains' models. */
const item = (c: Any) => (String(c.family ?? '').startsWith('crystal') || String(c.domain ?? '').startsWith('crystal') ? 'crystal' : 'molecule');

/** The teacher a student was distilled from: a model id, or (crystal cards) {teacher, teacher_steps}. */
export function distilledFrom(c: Any): string | null {
  const d = c.distilled_from;
  if (typeof d === 'string') return d;
  const o = obj(d);
  if (!o) return null;
  return num(o.teacher_steps) ? `the ${o.teacher_steps}-step teacher` : 'the teacher';
}

function splitText(split: unknown): string {
  if (typeof split === 'string') return split;
  const parts = obj(split);
  if (!parts) return '–';
  return Object.entries(parts).filter(([, v]) => typeof v === 'string').map(([k, v]) => (k === 'note' ? String(v) : `${k}: ${v}`)).join('; ');
}

function does(c: Any): string | null {
  const prop = obj(c.property);
  if (prop) return `Predicts ${prop.label ?? prop.key}${prop.what ? ` (${prop.what})` : ''}, with its uncertainty.`;
  // a predictor of several properties (the crystal ensembles): [{key, unit}]
  const props = Array.isArray(c.properties) ? (c.properties as Any[]).filter((p) => typeof p?.key === 'string') : [];
  if (props.length) return `Predicts ${props.map((p) => `${p.key}${typeof p.unit === 'string' ? ` (${p.unit})` : ''}`).join(', ')} from a structure, with their uncertainty.`;
  if (item(c) === 'crystal' && (Array.isArray(c.steps) || num(c.steps) || num(obj(c.sampler)?.steps))) {
    const ks = Array.isArray(c.steps) ? (c.steps as unknown[]).filter(num) : [num(c.steps) ? c.steps : (obj(c.sampler)!.steps as number)];
    const steps = ks.length > 1 ? `${ks.slice(0, -1).join(', ')} or ${ks.at(-1)} steps` : plural(ks[0], 'step');
    return `Generates crystals (cell, atom positions and elements) toward the targets in ${steps}${distilledFrom(c) ? `; distilled from ${distilledFrom(c)}` : ''}.`;
  }
  if (num(c.steps)) {
    const calls = num(c.nfe_per_step) && c.nfe_per_step > 1 ? `, ${c.nfe_per_step} model calls a step` : '';
    return `Samples ${item(c)}s toward the targets in ${plural(c.steps, 'step')}${calls}${distilledFrom(c) ? `; distilled from ${distilledFrom(c)}` : ''}.`;
  }
  return null;
}

function headline(c: Any): string {
  const m = obj(c.metrics) ?? {};
  const test = obj(m.test);
  if (test && num(test.mae)) return `test: mean absolute error ${short(test.mae)}${num(test.r2) ? ` · R² ${short(test.r2)}` : ''}`;
  if (num(m.validity) && num(m.novelty))
    return `valid ${pct(m.validity)}${num(m['unique@10k']) ? ` · unique ${pct(m['unique@10k'])}` : ''} · novel ${pct(m.novelty)}${num(m.intdiv1) ? ` · diversity ${short(m.intdiv1)}` : ''}`;
  const r2s = Object.entries(m).filter(([k, v]) => k.startsWith('r2_') && num(v)) as [string, number][];
  if (r2s.length) return `R² on held-out molecules: ${r2s.map(([k, v]) => `${k.slice(3)} ${short(v)}`).join(' · ')}`;
  if (num(m.r2)) return `held out: R² ${short(m.r2)}${num(m.spearman) ? ` · rank correlation ${short(m.spearman)}` : ''}`;
  const valid = obj(m.valid);
  if (valid && num(valid.recon_exact)) return `validation: ${pct(valid.recon_exact)} of molecules reconstructed exactly`;
  const first = flatMetrics(m).slice(0, 3);
  return first.length ? first.map(([k, v]) => `${k} ${v}`).join(' · ') : 'no metrics on the card';
}

export function summarise(card: Any): CardSummary {
  const data = obj(card.data) ?? {};
  const rows = obj(data.rows);
  const flops = num(card.flops_per_sample) && card.flops_per_sample > 0 ? `${scaled(card.flops_per_sample, 'FLOP')} per ${item(card)}` : null;
  const steps = num(card.steps) ? `${plural(card.steps, 'step')} × ${plural(num(card.nfe_per_step) ? card.nfe_per_step : 1, 'model call')}` : null;
  const arch = card.architecture ?? obj(card.training)?.architecture;
  return {
    name: String(card.name ?? card.id ?? 'model'),
    split: splitText(data.split),
    does: does(card),
    size: [num(card.params) ? `${scaled(card.params)} parameters` : null, num(card.bytes) ? scaled(card.bytes, 'B') : null].filter(Boolean).join(' · '),
    data: `${data.name ?? 'unknown data'}${rows && num(rows.train) ? `, ${rows.train.toLocaleString('en')} training rows` : ''}`,
    headline: headline(card),
    cost: [flops, steps].filter(Boolean).join(' · ') || null,
    architecture: typeof arch === 'string' ? arch : null,
    metrics: flatMetrics(card.metrics, item(card)),
    command: typeof obj(card.training)?.command === 'string' ? (obj(card.training)!.command as string) : null,
  };
}
