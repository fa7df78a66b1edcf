// Exports of what is on screen: CSV (every property), SDF (V2000/V3000, with the 3D conformer where one
// was computed), a SMILES list, and a run file that reproduces a run in another browser.
import { toCsv } from '../domain/io/csv';
import { toSdf } from '../domain/io/sdf';
import { toSmilesList } from '../domain/io/smiles-list';
import { makeRunFile } from '../domain/io/run-file';
import type { DomainSpec } from '../contract/domain';
import { readCif, writeCif } from '../domain/crystal/cif';
import { writePoscar } from '../domain/crystal/poscar';
import { writeExtxyz } from '../domain/crystal/xyz';
import type { Structure } from '../domain/crystal/structure';
import { zipStore } from '../domain/io/zip';
import { readRun } from './run-settings';
import type { WorkerBridge } from '../bridge/worker-bridge';
import type { ChemAPI } from '../bridge/chem';
import type { Candidate, Run } from './db-types';
import type { Cards } from './cards.svelte';

export function download(name: string, text: string | Uint8Array, type = 'text/plain'): void {
  const url = URL.createObjectURL(new Blob([text as BlobPart], { type }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * One flat record per candidate, its columns from the domain: exact properties, predicted ones with their
 * uncertainty (`<key>_predicted`, `<key>_std`), flags. Numbers are rounded to a few more digits than shown, so
 * 3.391000000000002 is written 3.391.
 */
export function flatten(domain: Pick<DomainSpec, 'properties'> & Pick<Partial<DomainSpec>, 'labels' | 'representation'>, c: Candidate, rank?: number): Record<string, string | number | boolean | null> {
  // A crystal's CIF does not fit a CSV cell: its text facts (formula, space group) stand for it there.
  const identity = domain.representation === 'cif' ? Object.fromEntries((domain.labels ?? []).map((l) => [l.key, c.tags?.[l.key] ?? null])) : { smiles: c.repr };
  const row: Record<string, string | number | boolean | null> = { ...identity, run: c.runId, index: c.index, ...(c.name ? { name: c.name } : {}) };
  const round = (x: number | null | undefined, digits: number) => (typeof x === 'number' && Number.isFinite(x) ? Number(x.toFixed(digits + 3)) : null);
  for (const p of domain.properties) {
    if (p.source === 'exact') row[p.key] = round(c.props[p.key], p.digits);
    else {
      row[`${p.key}_predicted`] = round(c.predicted?.[p.key]?.mean, p.digits);
      row[`${p.key}_std`] = round(c.predicted?.[p.key]?.std, p.digits);
    }
  }
  row.novel = c.novel ?? null;
  row.pareto_rank = rank ?? null;
  row.starred = !!c.starred;
  if (c.input !== undefined) row.input = c.input;
  return row;
}

export function candidatesCsv(domain: Pick<DomainSpec, 'properties'> & Pick<Partial<DomainSpec>, 'labels' | 'representation'>, cands: readonly Candidate[], rankOf: (c: Candidate) => number | undefined): string {
  const rows = cands.filter((c) => c.repr).map((c) => flatten(domain, c, rankOf(c)));
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return toCsv(keys.map((k) => ({ key: k, label: k })), rows);
}

/** A crystal's structure from its stored CIF, named for the export (unique per run and index). */
function crystalOf(c: Candidate): { s: Structure; name: string } {
  const name = `${c.tags?.formula ?? 'crystal'}_${c.runId.slice(0, 8)}_${c.index + 1}`;
  return { s: readCif(c.repr), name };
}

/** Every crystal as one CIF with a data block each (pymatgen, ASE, VESTA read them all). */
export function candidatesCif(cands: readonly Candidate[]): string {
  return cands.filter((c) => c.repr).map((c) => {
    const { s, name } = crystalOf(c);
    return writeCif(s, name);
  }).join('\n');
}

/** Every crystal as a frame of one extended XYZ file, its name and predicted values in the comment line. */
export function candidatesExtxyz(domain: Pick<DomainSpec, 'properties'>, cands: readonly Candidate[]): string {
  return cands.filter((c) => c.repr).map((c) => {
    const { s, name } = crystalOf(c);
    const extra: Record<string, string | number> = { name };
    for (const p of domain.properties) {
      const v = p.source === 'predicted' ? c.predicted?.[p.key]?.mean : c.props[p.key];
      if (typeof v === 'number' && Number.isFinite(v)) extra[p.key] = Number(v.toFixed(p.digits + 3));
    }
    return writeExtxyz(s, extra);
  }).join('');
}

/** Each crystal as its own POSCAR, in one zip (a POSCAR holds one structure). */
export function candidatesPoscarZip(cands: readonly Candidate[]): Uint8Array {
  const enc = new TextEncoder();
  return zipStore(cands.filter((c) => c.repr).map((c) => {
    const { s, name } = crystalOf(c);
    return { name: `${name}.vasp`, bytes: enc.encode(writePoscar(s, name)) };
  }));
}

export function candidatesSmiles(cands: readonly Candidate[]): string {
  return toSmilesList(cands.filter((c) => c.repr).map((c) => ({ smiles: c.repr, name: c.name ?? `${c.runId.slice(0, 8)}-${c.index}` })));
}

export async function candidatesSdf(
  domain: Pick<DomainSpec, 'properties'>,
  chem: WorkerBridge<ChemAPI>,
  cands: readonly Candidate[],
  version: 'V2000' | 'V3000',
  conformers: ReadonlyMap<string, string>,
  rankOf: (c: Candidate) => number | undefined,
): Promise<{ text: string; skipped: number; with3d: number }> {
  const ok = cands.filter((c) => c.repr);
  const items = ok.map((c) => ({ smiles: c.repr, molblock3d: conformers.get(c.repr) }));
  const blocks = await chem.call((api) => api.molblocks(items, version));
  const records = ok.flatMap((c, i) => (blocks[i] ? [{ molblock: blocks[i]!, name: c.name ?? `${c.runId.slice(0, 8)}-${c.index}`, props: flatten(domain, c, rankOf(c)) }] : []));
  return { text: toSdf(records), skipped: ok.length - records.length, with3d: items.filter((x) => x.molblock3d).length };
}

/** A run file: the run's settings (with seed) and the cards' hashes of every model it used. */
export function runFileOf(run: Run, cards: Cards): string {
  const r = readRun(run);
  if (!r.ok) throw new Error(run.kind === 'generate' ? `this run's settings cannot be read (${r.error})` : 'only generation runs can be saved as run files');
  const models = r.meta.modelsUsed(r.settings).map((id) => {
    const c = cards.byId[id];
    if (!c) throw new Error(`model card ${id} is not loaded; cannot fingerprint the run`);
    return { id, cardSha256: c.sha256 };
  });
  return JSON.stringify(makeRunFile({ generator: r.meta.id, settings: { ...r.settings }, models, createdAt: run.startedAt }), null, 2);
}
