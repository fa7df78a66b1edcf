// Exports of what is on screen: CSV (every property), SDF (V2000/V3000, with the 3D conformer where one
// was computed), a SMILES list, and a run file that reproduces a run in another browser.
import { toCsv } from '../domain/io/csv';
import { toSdf } from '../domain/io/sdf';
import { toSmilesList } from '../domain/io/smiles-list';
import { makeRunFile } from '../domain/io/run-file';
import { generatorEntry } from '../inference/registry';
import { latentsPerDecode, pickFraction } from '../inference/mol-generator/defaults';
import type { WorkerBridge } from '../bridge/worker-bridge';
import type { ChemAPI } from '../bridge/chem';
import type { Candidate, Run } from './db-types';
import type { Cards } from './cards.svelte';

const PROPS = ['logp', 'mw', 'tpsa', 'hbd', 'hba', 'rotb', 'qed'] as const;

export function download(name: string, text: string, type = 'text/plain'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** One flat record per candidate: exact properties, predicted ones with their uncertainty, flags. */
export function flatten(c: Candidate, rank?: number): Record<string, string | number | boolean | null> {
  const row: Record<string, string | number | boolean | null> = { smiles: c.smiles, run: c.runId, index: c.index };
  for (const k of PROPS) row[k] = c.props[k] ?? null;
  for (const [k, v] of Object.entries(c.predicted ?? {})) {
    row[`${k}_predicted`] = v.mean;
    row[`${k}_std`] = v.std;
  }
  row.novel = c.novel ?? null;
  row.pareto_rank = rank ?? null;
  row.starred = !!c.starred;
  if (c.input !== undefined) row.input = c.input;
  return row;
}

export function candidatesCsv(cands: readonly Candidate[], rankOf: (c: Candidate) => number | undefined): string {
  const rows = cands.filter((c) => c.smiles).map((c) => flatten(c, rankOf(c)));
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return toCsv(keys.map((k) => ({ key: k, label: k })), rows);
}

export function candidatesSmiles(cands: readonly Candidate[]): string {
  return toSmilesList(cands.filter((c) => c.smiles).map((c) => ({ smiles: c.smiles, name: `${c.runId.slice(0, 8)}-${c.index}` })));
}

export async function candidatesSdf(
  chem: WorkerBridge<ChemAPI>,
  cands: readonly Candidate[],
  version: 'V2000' | 'V3000',
  conformers: ReadonlyMap<string, string>,
  rankOf: (c: Candidate) => number | undefined,
): Promise<{ text: string; skipped: number; with3d: number }> {
  const ok = cands.filter((c) => c.smiles);
  const items = ok.map((c) => ({ smiles: c.smiles, molblock3d: conformers.get(c.smiles) }));
  const blocks = await chem.call((api) => api.molblocks(items, version));
  const records = ok.flatMap((c, i) => (blocks[i] ? [{ molblock: blocks[i]!, name: `${c.runId.slice(0, 8)}-${c.index}`, props: flatten(c, rankOf(c)) }] : []));
  return { text: toSdf(records), skipped: ok.length - records.length, with3d: items.filter((x) => x.molblock3d).length };
}

/** A run file: the run's settings (with seed) and the cards' hashes of every model it used. */
export function runFileOf(run: Run, cards: Cards): string {
  const s = run.settings as { generator?: string; sampler?: string; screen?: number; pick?: number; targets?: unknown[] };
  if (run.kind !== 'generate' || !s.generator) throw new Error('only generation runs can be saved as run files');
  const g = generatorEntry(s.generator);
  const ids = [g.encoder, g.decoderInit, g.decoder, g.samplers[s.sampler as keyof typeof g.samplers], g.predictors.sa, ...(latentsPerDecode(s) > 1 ? [g.screen] : []), ...(pickFraction(s) < 1 ? [g.confidence] : [])];
  const models = ids.map((id) => {
    const c = cards.byId[id];
    if (!c) throw new Error(`model card ${id} is not loaded; cannot fingerprint the run`);
    return { id, cardSha256: c.sha256 };
  });
  const { generator, ...settings } = run.settings as Record<string, unknown> & { generator: string };
  return JSON.stringify(makeRunFile({ generator, settings, models, createdAt: run.startedAt }), null, 2);
}
