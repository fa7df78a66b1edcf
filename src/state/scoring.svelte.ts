// Scoring the user's own molecules: one run per request, candidates stored batch by batch as they
// arrive, cancellable; a newer request cancels the older one (latest request wins).
import { isAbort, streamed, type Progress } from '../bridge/worker-bridge';
import type { Analysed } from '../bridge/chem';
import type { Compute } from './compute.svelte';
import type { Projects } from './projects.svelte';
import type { NewCandidate } from './db-types';
import * as Comlink from 'comlink';

/** Files larger than this are refused before reading (the worker reads the rest). */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
/** The CIF reader's own limit (src/domain/crystal/cif.ts MAX_CIF_CHARS). */
export const MAX_CRYSTAL_BYTES = 5_000_000;
import { DOMAINS } from '../domains/registry';
import type { DomainSpec } from '../contract/domain';
import { plural } from '../domain/words';
import type { CrystalAnalysed } from '../bridge/chem';

export function crystalCandidate(r: CrystalAnalysed, index: number): NewCandidate {
  return r.ok
    ? { index, kind: 'crystal', repr: r.repr, input: r.input, name: r.name, props: { ...r.props }, predicted: { ...r.predicted }, tags: { ...r.tags } }
    : { index, kind: 'crystal', repr: '', input: r.input, name: r.name, props: {}, error: `${r.name}: ${r.error}` };
}

export function toCandidate(r: Analysed, index: number): NewCandidate {
  const name = r.name ? { name: r.name } : {};
  return r.ok
    ? { index, kind: 'molecule', repr: r.smiles, input: r.input, ...name, props: { ...r.props }, predicted: { ...r.predicted } }
    : { index, kind: 'molecule', repr: '', input: r.input, ...name, props: {}, error: r.error };
}

export class Scoring {
  input = $state('');
  progress = $state.raw<Progress | null>(null);
  error = $state<string | null>(null);
  summary = $state<string | null>(null);
  /** What an imported file held that could not be used, by line. */
  importProblems = $state.raw<{ line: number; message: string }[]>([]);
  /** When the worker's first scored batch of the latest run reached the page (performance.now(); the tests measure the wait up to it). */
  firstBatchAt: number | null = null;
  #controller: AbortController | null = null;
  readonly compute: Compute;
  readonly projects: Projects;

  /** The domain whose items are scored (the design panel's). */
  readonly domain: () => DomainSpec;

  constructor(compute: Compute, projects: Projects, domain: () => DomainSpec = () => DOMAINS[0]) {
    this.compute = compute;
    this.projects = projects;
    this.domain = domain;
  }

  get running(): boolean {
    return this.progress !== null;
  }

  /**
   * Score pasted text (one SMILES per line, a name after it), or the entries read from a file: those keep the
   * file's line numbers and names, and the run records the file's name and size, not its text again.
   */
  async score(source: string | { file: string; bytes: Uint8Array } = this.input): Promise<void> {
    const text = typeof source === 'string' ? source : null;
    const file = typeof source === 'string' ? null : source;
    if (text !== null && !text.trim()) {
      this.#controller?.abort();
      this.error = 'Paste or type at least one SMILES (one per line).';
      this.summary = null;
      return;
    }
    const domain = DOMAINS.find((d) => d.kind === 'molecule')!;
    const settings = file ? { file: file.file, bytes: file.bytes.byteLength } : { input: text ?? '' };
    const total = file ? 0 : (text ?? '').split(/\r\n|\r|\n/).filter((l) => l.trim()).length;
    await this.#inRun(domain, settings, total, 'molecule', async (run) => {
      const onBatch = streamed(async (batch: Analysed[]) => {
        this.firstBatchAt ??= performance.now();
        if (run.signal.aborted) return;
        await run.store(batch.map((r, i) => toCandidate(r, run.stored() + i)), batch.filter((r) => !r.ok).length);
      });
      // the file's bytes move to the worker (transferred, not copied); it parses them there
      const input = file ? Comlink.transfer({ name: file.file, bytes: file.bytes }, [file.bytes.buffer]) : (text ?? '');
      const out = await this.compute.chem.call((api, progress) => api.analyse(input, progress, onBatch, domain.id), {
        signal: run.signal,
        onProgress: (p) => (this.progress = p),
      });
      this.compute.setBackend(out.backendInfo);
      await run.done(out.backend, { chemistryMs: out.timings.chemistryMs, modelMs: out.timings.modelMs });
      this.importProblems = out.problems;
      const skipped = out.problemCount ? `; ${plural(out.problemCount, 'row')} of the file not imported (listed below${out.problemCount > out.problems.length ? `, the first ${out.problems.length}` : ''})` : '';
      this.summary = `${out.count - out.invalid} scored, ${out.invalid} invalid${skipped}, on ${out.backend === 'webgpu' ? 'WebGPU' : 'WASM'} in ${run.seconds()} s`;
      if (file && out.count === 0) this.error = `No molecules could be read from ${file.file}${out.problemCount ? ` (${plural(out.problemCount, 'problem')}, listed below)` : ''}.`;
    });
  }

  /**
   * Score the items in a user's file: molecules (.smi/.txt, .csv, .sdf; unusable rows are listed by line), or
   * crystals (.cif with any number of blocks, POSCAR) when the panel's domain holds crystals.
   */
  async importFile(file: File): Promise<void> {
    this.error = null;
    this.importProblems = [];
    const limit = this.domain().kind === 'crystal' ? MAX_CRYSTAL_BYTES : MAX_IMPORT_BYTES;
    if (file.size > limit) {
      this.error = `${file.name} is ${(file.size / 1e6).toFixed(1)} MB; files up to ${limit / 1e6} MB can be imported.`;
      return;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    // Read, parsed and scored in the worker; the page only stores what comes back.
    if (this.domain().kind === 'crystal') await this.scoreCrystals(file.name, bytes);
    else await this.score({ file: file.name, bytes });
  }

  /** Score the crystals of a CIF or POSCAR file with the panel's crystal domain; unreadable blocks become rows naming the problem. */
  async scoreCrystals(fileName: string, bytes: Uint8Array): Promise<void> {
    const domain = this.domain();
    await this.#inRun(domain, { file: fileName, bytes: bytes.byteLength, domain: domain.id }, 0, 'crystal', async (run) => {
      const input = Comlink.transfer({ name: fileName, bytes }, [bytes.buffer]);
      const out = await this.compute.chem.call((api) => api.analyseCrystals(input, domain.id), { signal: run.signal });
      this.firstBatchAt ??= performance.now();
      this.compute.setBackend(out.backendInfo);
      const bad = out.results.filter((r) => !r.ok).length;
      await run.store(out.results.map((r, i) => crystalCandidate(r, i)), bad);
      await run.done(out.backendInfo.backend);
      const notes = out.results.filter((r) => r.ok && r.note).map((r) => `${r.name}: ${(r as { note?: string }).note}`);
      this.importProblems = [
        ...out.results.filter((r) => !r.ok).map((r) => ({ line: r.line, message: `${r.name}: ${(r as { error: string }).error}` })),
        ...notes.map((message, i) => ({ line: i + 1, message })),
      ];
      const good = out.results.length - bad;
      this.summary = `${plural(good, 'crystal')} scored${bad ? `, ${bad} could not be read` : ''} from ${fileName} in ${run.seconds()} s`;
      if (!good) this.error = `No crystal could be read from ${fileName}${bad ? ' (the problems are listed below)' : ''}.`;
    }, `${fileName}: `);
  }

  /**
   * What every scoring run shares: a newer request cancels the older (latest wins); the run is created and opened
   * (or, on a read-only tab or a full disk, nothing starts and the message says why); `body` stores rows through
   * `store` and marks the run done; a failure or a cancel is written on the run; a run that stored nothing is not
   * kept (#dropEmpty) and the run open before comes back.
   */
  async #inRun(
    domain: DomainSpec,
    settings: Record<string, unknown>,
    total: number,
    /** What a row holds, for the cancel message ("Cancelled: 12 molecules kept."). */
    item: string,
    body: (run: {
      signal: AbortSignal;
      store: (cands: NewCandidate[], invalid: number) => Promise<void>;
      stored: () => number;
      done: (backend: 'webgpu' | 'wasm', timings?: { chemistryMs?: number; modelMs?: number }) => Promise<void>;
      seconds: () => string;
    }) => Promise<void>,
    errorPrefix = '',
  ): Promise<void> {
    this.#controller?.abort();
    const ctl = new AbortController();
    this.#controller = ctl;
    this.error = null;
    this.summary = null;
    this.firstBatchAt = null;
    const db = this.projects.db;
    let project, run;
    try {
      project = await this.projects.ensure();
      run = await db.createRun({ projectId: project.id, kind: 'predict', modelIds: domain.predictors.map((p) => p.model), settings });
    } catch (e) {
      // read-only (another tab writes) or a full disk: nothing started, say why
      this.error = e instanceof Error ? e.message : String(e);
      if (this.#controller === ctl) this.#controller = null;
      return;
    }
    const before = this.projects.openRunId;
    await this.projects.refreshRuns();
    this.projects.openRunId = run.id;
    this.projects.candidates = [];
    this.progress = { done: 0, total };
    const t0 = performance.now();
    let stored = 0;
    try {
      await body({
        signal: ctl.signal,
        store: async (cands, invalid) => {
          await db.addCandidates(run.id, cands, { invalid });
          stored += cands.length;
          if (this.projects.openRunId === run.id)
            this.projects.candidates = [...this.projects.candidates, ...cands.map((c) => ({ ...c, runId: run.id, projectId: project.id }))];
        },
        stored: () => stored,
        done: async (backend, timings = {}) => {
          await db.updateRun(run.id, { status: 'done', finishedAt: Date.now(), backend, timings: { wallMs: performance.now() - t0, ...timings } });
        },
        seconds: () => ((performance.now() - t0) / 1000).toFixed(2),
      });
    } catch (e) {
      const cancelled = isAbort(e);
      if (!cancelled) this.error = `${errorPrefix}${e instanceof Error ? e.message : String(e)}`;
      try {
        await db.updateRun(run.id, { status: cancelled ? 'cancelled' : 'failed', finishedAt: Date.now(), error: cancelled ? undefined : (this.error ?? undefined) });
      } catch (e2) {
        // A full disk can refuse even this small write: say so; the next start marks the run interrupted.
        this.error = `${this.error ?? 'Cancelled'}; the run could not be marked ${cancelled ? 'cancelled' : 'failed'}: ${e2 instanceof Error ? e2.message : String(e2)}`;
      }
      if (cancelled) this.summary = `Cancelled: ${plural(stored, item)} kept.`;
    } finally {
      if (this.#controller === ctl) {
        this.#controller = null;
        this.progress = null;
      }
      if (stored === 0) await this.#dropEmpty(run.id, before);
      await this.projects.refreshRuns();
    }
  }

  /**
   * A scoring run that stored nothing (a file with nothing readable, an error before the first row) is not kept:
   * the message on screen says what went wrong, and the run list stays a list of results. The run open before
   * comes back. If the delete fails (a full disk allows deletes, so rarely), the run stays, marked as it is.
   */
  async #dropEmpty(runId: string, before: string | null): Promise<void> {
    try {
      await this.projects.deleteRun(runId);
      if (before && before !== runId && this.projects.runs.some((r) => r.id === before)) await this.projects.openRun(before);
    } catch {
      // kept: it is listed failed or done with nothing in it
    }
  }

  cancel(): void {
    this.#controller?.abort();
  }
}
