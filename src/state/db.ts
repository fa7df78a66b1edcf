// Lodestone's storage: projects, runs and candidates in IndexedDB (through idb). Everything the studio makes
// persists here, so the rules are: every change is one transaction that commits or aborts as a whole; nothing
// is ever overwritten by accident (new records use add, not put); anything that cannot be exported as JSON
// is refused before it is written; and a schema change is one function appended to MIGRATIONS.
import { openDB as openIDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type {
  BatchTally,
  Candidate,
  NewCandidate,
  PageOptions,
  Project,
  ProjectExport,
  Run,
  RunInit,
  RunPatch,
  RunStatus,
} from './db-types';
import { checkCandidate, checkExport, checkProject, checkRun, checkTally, EXPORT_FORMAT, ImportError, upgradeCandidate, valid, withFreshIds } from './db-validate';

export { EXPORT_FORMAT, ImportError };

export interface LodestoneSchema extends DBSchema {
  projects: { key: string; value: Project };
  runs: { key: string; value: Run; indexes: { projectId: string; status: RunStatus } };
  candidates: { key: [string, number]; value: Candidate; indexes: { runId: string; projectId: string } };
  meta: { key: string; value: unknown };
}

/**
 * Upgrades the schema by one version, inside the upgrade transaction. It may be async, but must then only await
 * requests on that transaction. If it throws, the whole upgrade is rolled back and openDB rejects.
 */
export type Migration = (
  db: IDBPDatabase<unknown>,
  tx: IDBPTransaction<unknown, string[], 'versionchange'>,
) => void | Promise<void>;

/** MIGRATIONS[i] upgrades version i to i + 1; the schema version is MIGRATIONS.length. Only ever append. */
export const MIGRATIONS: readonly Migration[] = [
  (db) => {
    db.createObjectStore('projects', { keyPath: 'id' });
    const runs = db.createObjectStore('runs', { keyPath: 'id' });
    runs.createIndex('projectId', 'projectId');
    runs.createIndex('status', 'status');
    const candidates = db.createObjectStore('candidates', { keyPath: ['runId', 'index'] });
    candidates.createIndex('runId', 'runId');
    candidates.createIndex('projectId', 'projectId');
    db.createObjectStore('meta');
  },
  // 2: candidates of any kind — `smiles` becomes `repr`, with the kind it is (every schema-1 candidate a molecule).
  async (_db, tx) => {
    let cursor = await tx.objectStore('candidates').openCursor();
    while (cursor) {
      await cursor.update(upgradeCandidate(cursor.value));
      cursor = await cursor.continue();
    }
  },
];


/** An IndexedDB failure, with what was being done in the message and the original error as cause. */
export class StorageError extends Error {
  override name = 'StorageError';
}

/** The browser refused to store more. The transaction was rolled back; earlier ones are intact. */
export class StorageFullError extends StorageError {
  override name = 'StorageFullError';
  constructor(notSaved: string, options?: ErrorOptions) {
    super(
      `Browser storage is full: ${notSaved}; everything saved before is intact. ` +
        'Export or delete old runs to free space.',
      options,
    );
  }
}

/** A write from a tab that does not hold the project (another tab does). */
export class ReadOnlyError extends StorageError {
  override name = 'ReadOnlyError';
}

export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

export interface OpenOptions {
  /** Defaults to MIGRATIONS. */
  migrations?: readonly Migration[];
  /**
   * Called when this connection stops working: another tab opened a newer schema (this one closes so that the
   * upgrade is not blocked) or the browser closed the database. Every later call throws a StorageError.
   */
  onLost?: (reason: string) => void;
  /**
   * Mark runs left 'running' as interrupted on open (default). A tab that is not the writer must not: the run may be
   * live in another tab. A failure to mark them (a full disk) does not stop the database from opening.
   */
  recover?: boolean;
}

export async function openDB(name = 'lodestone', opts: OpenOptions = {}): Promise<LodestoneDB> {
  const migrations = opts.migrations ?? MIGRATIONS;
  if (migrations.length === 0) throw new RangeError('openDB: at least one migration is needed');
  let failed: { version: number; error: unknown } | undefined;
  const migrationError = ({ version, error }: { version: number; error: unknown }) =>
    new StorageError(`Upgrading database "${name}" to schema version ${version} failed: ${message(error)}`, {
      cause: error,
    });
  let raw: IDBPDatabase<LodestoneSchema>;
  try {
    raw = await openIDB<LodestoneSchema>(name, migrations.length, {
      upgrade(db, oldVersion, _newVersion, tx) {
        tx.done.catch(noop); // the open request reports an aborted upgrade
        let version = oldVersion;
        (async () => {
          for (; version < migrations.length; version++) {
            const pending = migrations[version](db as unknown as IDBPDatabase, tx as unknown as UpgradeTx);
            if (pending) await pending; // sync migrations stay synchronous
          }
        })().catch((error: unknown) => {
          failed = { version: version + 1, error };
          try {
            tx.abort();
          } catch {
            // the migration awaited something else and the transaction already ended
          }
        });
      },
    });
  } catch (e) {
    if (failed) throw migrationError(failed);
    if (e instanceof DOMException && e.name === 'VersionError') {
      throw new StorageError(
        `Database "${name}" was written by a newer version of Lodestone than this one ` +
          `(which knows schema version ${migrations.length}); reload the page.`,
        { cause: e },
      );
    }
    throw explain(e, null, `Opening database "${name}"`, 'the database could not be opened');
  }
  try {
    if (failed) throw migrationError(failed); // it failed after the upgrade had already committed
    let interrupted: Run[] = [];
    let problem: string | null = null;
    if (opts.recover ?? true) {
      try {
        interrupted = await interruptRunning(raw);
      } catch (e) {
        problem = `Runs cut off last time could not be marked interrupted (${message(e)}); they show as running until space is freed.`;
      }
    }
    const db = new LodestoneDB(raw, interrupted, opts.onLost);
    db.openProblem = problem;
    return db;
  } catch (e) {
    raw.close();
    throw e;
  }
}

/** A run still 'running' at open was cut off by a reload or crash: mark it, keep its candidates. */
function interruptRunning(raw: IDBPDatabase<LodestoneSchema>): Promise<Run[]> {
  return within('Marking interrupted runs', () => raw.transaction('runs', 'readwrite'), async (tx) => {
    const now = Date.now();
    const runs = (await tx.store.index('status').getAll('running')).map(
      (run): Run => ({ ...run, status: 'interrupted', finishedAt: now }),
    );
    await Promise.all(runs.map((run) => quiet(tx.store.put(run))));
    return runs;
  });
}

export class LodestoneDB {
  private lost: string | null = null;
  /** What went wrong while opening that did not stop it (shown to the user), or null. */
  openProblem: string | null = null;

  constructor(
    /** The idb connection, for migrations and tests. Prefer the methods. */
    readonly raw: IDBPDatabase<LodestoneSchema>,
    /** Runs that were still 'running' when this connection opened, now 'interrupted'. */
    readonly interrupted: readonly Run[],
    private readonly onLost?: (reason: string) => void,
  ) {
    raw.addEventListener('versionchange', () => {
      raw.close();
      this.lose('Lodestone was upgraded (or its storage deleted) in another tab; reload this page.');
    });
    raw.addEventListener('close', () => this.lose('The browser closed the database; reload this page.'));
  }

  get schemaVersion(): number {
    return this.raw.version;
  }

  close(): void {
    this.raw.close();
    this.lost ??= 'The database connection was closed.';
  }

  private lose(reason: string): void {
    if (this.lost) return;
    this.lost = reason;
    this.onLost?.(reason);
  }

  /** The connection, or a StorageError saying why it is gone. */
  private get db(): IDBPDatabase<LodestoneSchema> {
    if (this.lost) throw new StorageError(this.lost);
    return this.raw;
  }

  /**
   * Why this connection may not write (another tab holds the project: state/tab-lock.svelte.ts), or null. Reads
   * go on; every write throws a ReadOnlyError with the reason.
   */
  readOnly: string | null = null;

  private writeTx<Name extends StoreNames<LodestoneSchema>>(store: Name): IDBPTransaction<LodestoneSchema, [Name], 'readwrite'>;
  private writeTx<Names extends ArrayLike<StoreNames<LodestoneSchema>>>(stores: Names): IDBPTransaction<LodestoneSchema, Names, 'readwrite'>;
  private writeTx(stores: StoreNames<LodestoneSchema> | ArrayLike<StoreNames<LodestoneSchema>>): unknown {
    if (this.readOnly) throw new ReadOnlyError(this.readOnly);
    return this.db.transaction(stores as StoreNames<LodestoneSchema>[], 'readwrite');
  }

  /** Marks runs left 'running' as interrupted (a tab that opened without doing so, and now may write). */
  async recoverInterrupted(): Promise<Run[]> {
    return interruptRunning(this.db);
  }

  // ---- projects ----

  async createProject(name: string, notes?: string): Promise<Project> {
    const now = Date.now();
    const draft = { id: crypto.randomUUID(), name, createdAt: now, updatedAt: now, notes };
    const project = valid(checkProject, draft, 'project', 'createProject');
    await within(
      `Creating project "${name}"`,
      () => this.writeTx('projects'),
      (tx) => tx.store.add(project),
      'the new project was not saved',
    );
    return project;
  }

  /** Newest first. */
  listProjects(): Promise<Project[]> {
    return within('Listing projects', () => this.db.transaction('projects'), async (tx) =>
      (await tx.store.getAll()).sort((a, b) => b.createdAt - a.createdAt),
    );
  }

  getProject(id: string): Promise<Project | undefined> {
    return within(`Reading project ${id}`, () => this.db.transaction('projects'), (tx) => tx.store.get(id));
  }

  renameProject(id: string, name: string): Promise<Project> {
    return within(`Renaming project ${id}`, () => this.writeTx('projects'), async (tx) => {
      const stored = await mustGet(tx.store, id, 'project');
      const project = valid(checkProject, { ...stored, name }, 'project', 'renameProject');
      project.updatedAt = Math.max(Date.now(), project.updatedAt);
      await tx.store.put(project);
      return project;
    });
  }

  /** Deletes the project with all its runs and candidates, in one transaction. A missing project is no error. */
  deleteProject(id: string): Promise<void> {
    const stores = ['projects', 'runs', 'candidates'] as const;
    return within(`Deleting project ${id}`, () => this.writeTx(stores), async (tx) => {
      const runs = tx.objectStore('runs');
      const candidates = tx.objectStore('candidates');
      const runIds = await runs.index('projectId').getAllKeys(id);
      await Promise.all([
        ...runIds.flatMap((runId) => [quiet(candidates.delete(runRange(runId))), quiet(runs.delete(runId))]),
        quiet(tx.objectStore('projects').delete(id)),
      ]);
    });
  }

  // ---- runs ----

  async createRun(init: RunInit): Promise<Run> {
    const now = Date.now();
    const draft = {
      ...init,
      id: crypto.randomUUID(),
      modelIds: init.modelIds ?? [],
      settings: init.settings ?? {},
      status: init.status ?? 'running',
      startedAt: init.startedAt ?? now,
      timings: init.timings ?? {},
      counts: { candidates: 0, invalid: 0, duplicates: 0 },
    };
    const run = valid(checkRun, draft, 'run', 'createRun');
    const stores = ['projects', 'runs'] as const;
    return within(
      `Creating a run in project ${run.projectId}`,
      () => this.writeTx(stores),
      async (tx) => {
        const projects = tx.objectStore('projects');
        const project = await mustGet(projects, run.projectId, 'project');
        await Promise.all([
          quiet(tx.objectStore('runs').add(run)),
          quiet(projects.put({ ...project, updatedAt: Math.max(now, project.updatedAt) })),
        ]);
        return run;
      },
      'the new run was not saved',
    );
  }

  /**
   * Applies the patch (see RunPatch) and returns the stored run. A run that leaves 'running' without a finishedAt
   * gets one.
   */
  async updateRun(id: string, patch: RunPatch): Promise<Run> {
    if ('id' in patch || 'projectId' in patch) throw new TypeError('updateRun: id and projectId cannot change');
    return within(`Updating run ${id}`, () => this.writeTx('runs'), async (tx) => {
      const run = await mustGet(tx.store, id, 'run');
      const next: Record<string, unknown> = { ...run };
      for (const [key, value] of Object.entries(patch)) {
        if (value === undefined) delete next[key];
        else next[key] = value;
      }
      if (patch.timings) next.timings = { ...run.timings, ...patch.timings };
      if (patch.counts) next.counts = { ...run.counts, ...patch.counts, candidates: run.counts.candidates };
      if (next.status !== 'running' && next.finishedAt === undefined) next.finishedAt = Date.now();
      const updated = valid(checkRun, next, 'run', `updateRun ${id}`);
      await tx.store.put(updated);
      return updated;
    });
  }

  /** Newest first. */
  listRuns(projectId: string): Promise<Run[]> {
    return within(`Listing runs of project ${projectId}`, () => this.db.transaction('runs'), async (tx) =>
      newestFirst(await tx.store.index('projectId').getAll(projectId)),
    );
  }

  getRun(id: string): Promise<Run | undefined> {
    return within(`Reading run ${id}`, () => this.db.transaction('runs'), (tx) => tx.store.get(id));
  }

  /** Deletes the run and its candidates. A missing run is no error. */
  deleteRun(id: string): Promise<void> {
    const stores = ['runs', 'candidates'] as const;
    return within(`Deleting run ${id}`, () => this.writeTx(stores), async (tx) => {
      await Promise.all([
        quiet(tx.objectStore('candidates').delete(runRange(id))),
        quiet(tx.objectStore('runs').delete(id)),
      ]);
    });
  }

  // ---- candidates ----

  /**
   * Stores a batch and adds its size (and the tally) to the run's counts, in one transaction: if anything fails
   * (storage full, an index already taken...) none of the batch is stored. runId/projectId are taken from the run.
   * Returns the updated run.
   */
  addCandidates(runId: string, batch: readonly NewCandidate[], tally: BatchTally = {}): Promise<Run> {
    const n = batch.length;
    const stores = ['runs', 'candidates'] as const;
    return within(
      `Saving ${n} candidates to run ${runId}`,
      () => this.writeTx(stores),
      async (tx) => {
        const runs = tx.objectStore('runs');
        const run = await mustGet(runs, runId, 'run');
        const context = `addCandidates to run ${runId}`;
        const seen = new Set<number>();
        const rows = batch.map((c, i) => {
          if ((c.runId ?? runId) !== runId || (c.projectId ?? run.projectId) !== run.projectId) {
            throw new TypeError(`${context}: batch[${i}] belongs to another run or project`);
          }
          const row = valid(checkCandidate, { ...c, runId, projectId: run.projectId }, `batch[${i}]`, context);
          if (seen.has(row.index)) {
            throw new TypeError(`${context}: batch[${i}].index ${row.index} is twice in the batch`);
          }
          seen.add(row.index);
          return row;
        });
        const { invalid = 0, duplicates = 0 } = valid(checkTally, tally, 'tally', context);
        const counts = {
          candidates: run.counts.candidates + n,
          invalid: run.counts.invalid + invalid,
          duplicates: run.counts.duplicates + duplicates,
        };
        const updated: Run = { ...run, counts };
        const candidates = tx.objectStore('candidates');
        await Promise.all([...rows.map((row) => quiet(candidates.add(row))), quiet(runs.put(updated))]);
        return updated;
      },
      n === 1 ? '1 candidate of this batch was not saved' : `${n} candidates of this batch were not saved`,
    );
  }

  /** The run's candidates in index order, skipping `offset` of them and returning at most `limit`. */
  async getCandidates(runId: string, { offset = 0, limit = Infinity }: PageOptions = {}): Promise<Candidate[]> {
    if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError(`getCandidates: bad offset ${offset}`);
    if (!(Number.isSafeInteger(limit) || limit === Infinity) || limit < 0) {
      throw new RangeError(`getCandidates: bad limit ${limit}`);
    }
    return within(`Reading candidates of run ${runId}`, () => this.db.transaction('candidates'), async (tx) => {
      if (limit === 0) return []; // getAll treats a count of 0 as "all"
      let range = runRange(runId);
      if (offset > 0) {
        const cursor = await (await tx.store.openKeyCursor(range))?.advance(offset);
        if (!cursor) return [];
        range = IDBKeyRange.bound(cursor.primaryKey, [runId, Infinity]);
      }
      return tx.store.getAll(range, limit === Infinity ? undefined : limit);
    });
  }

  countCandidates(runId: string): Promise<number> {
    return within(`Counting candidates of run ${runId}`, () => this.db.transaction('candidates'), (tx) =>
      tx.store.count(runRange(runId)),
    );
  }

  setStarred(runId: string, index: number, starred: boolean): Promise<void> {
    const what = `Starring candidate ${index} of run ${runId}`;
    return within(what, () => this.writeTx('candidates'), async (tx) => {
      const candidate = await mustGet(tx.store, [runId, index], 'candidate');
      if (starred) candidate.starred = true;
      else delete candidate.starred;
      await tx.store.put(candidate);
    });
  }

  /** The project's starred candidates: runs newest first, each in index order. */
  starred(projectId: string): Promise<Candidate[]> {
    const stores = ['runs', 'candidates'] as const;
    return within(`Reading starred candidates of ${projectId}`, () => this.db.transaction(stores), async (tx) => {
      const runs = newestFirst(await tx.objectStore('runs').index('projectId').getAll(projectId));
      const store = tx.objectStore('candidates');
      const out: Candidate[] = [];
      const getAll = (range: IDBKeyRange, n: number) => store.getAll(range, n);
      for (const run of runs) await scanRun(getAll, run.id, (c) => c.starred === true, out);
      return out;
    });
  }

  // ---- export / import ----

  /** A consistent snapshot of the project as plain JSON data. */
  exportProject(id: string): Promise<ProjectExport> {
    const stores = ['projects', 'runs', 'candidates'] as const;
    return within(`Exporting project ${id}`, () => this.db.transaction(stores), async (tx) => {
      const project = await mustGet(tx.objectStore('projects'), id, 'project');
      const runs = newestFirst(await tx.objectStore('runs').index('projectId').getAll(id));
      const store = tx.objectStore('candidates');
      const candidates: Candidate[] = [];
      const getAll = (range: IDBKeyRange, n: number) => store.getAll(range, n);
      for (const run of runs) await scanRun(getAll, run.id, () => true, candidates);
      const schemaVersion = this.raw.version;
      return { format: EXPORT_FORMAT, schemaVersion, exportedAt: Date.now(), project, runs, candidates };
    });
  }

  /**
   * Checks the whole file (throwing an ImportError that names the first problem) and stores it in one transaction.
   * If its project or any of its runs already exists here, everything gets fresh ids and the name gets
   * " (imported)"; nothing existing is ever overwritten. Returns the stored project.
   */
  async importProject(data: unknown): Promise<Project> {
    const file = checkExport(data, this.db.version);
    const stores = ['projects', 'runs', 'candidates'] as const;
    return within(
      `Importing project "${file.project.name}"`,
      () => this.writeTx(stores),
      async (tx) => {
        const projects = tx.objectStore('projects');
        const runs = tx.objectStore('runs');
        const candidates = tx.objectStore('candidates');
        const counts = await Promise.all([
          quiet(projects.count(file.project.id)),
          ...file.runs.map((run) => quiet(runs.count(run.id))),
        ]);
        const records = counts.some((n) => n > 0) ? withFreshIds(file) : file;
        await Promise.all([
          quiet(projects.add(records.project)),
          ...records.runs.map((run) => quiet(runs.add(run))),
          ...records.candidates.map((c) => quiet(candidates.add(c))),
        ]);
        return records.project;
      },
      'the imported project was not saved',
    );
  }

  // ---- meta (small app-wide values) ----

  getMeta(key: string): Promise<unknown> {
    return within(`Reading setting ${key}`, () => this.db.transaction('meta'), (tx) => tx.store.get(key));
  }

  async setMeta(key: string, value: unknown): Promise<void> {
    const open = () => this.writeTx('meta');
    await within(`Saving setting ${key}`, open, (tx) => tx.store.put(value, key));
  }
}

// ---- transactions and errors ----

type UpgradeTx = IDBPTransaction<unknown, string[], 'versionchange'>;

interface TxLike {
  readonly done: Promise<void>;
  readonly error: DOMException | null;
  abort(): void;
}

const noop = () => {};

/** Marks a request's promise as observed, so that if the transaction aborts it is no unhandled rejection. */
function quiet<T>(p: Promise<T>): Promise<T> {
  p.catch(noop);
  return p;
}

/**
 * Runs body in a fresh transaction and waits for it to commit. On any failure the transaction is aborted (so it
 * is all or nothing) and the error is explained: storage full becomes StorageFullError(unsaved), other IndexedDB
 * errors a StorageError naming `what`; errors of our own pass through. The body may only await requests of tx.
 */
async function within<T, Tx extends TxLike>(
  what: string,
  open: () => Tx,
  body: (tx: Tx) => Promise<T>,
  unsaved = 'this change was not saved',
): Promise<T> {
  let tx: Tx | undefined;
  try {
    tx = open();
    quiet(tx.done);
    const value = await body(tx);
    await tx.done;
    return value;
  } catch (e) {
    const txError = tx?.error ?? null;
    try {
      tx?.abort();
    } catch {
      // already aborted or committed
    }
    throw explain(e, txError, what, unsaved);
  }
}

function explain(e: unknown, txError: DOMException | null, what: string, unsaved: string): unknown {
  const quota = [e, txError].find((x) => x instanceof Error && x.name === 'QuotaExceededError');
  if (quota) return new StorageFullError(unsaved, { cause: quota });
  if (!(e instanceof DOMException)) return e;
  // A request aborted because its transaction failed: the transaction's error says why.
  const cause = e.name === 'AbortError' && txError ? txError : e;
  return new StorageError(`${what} failed: ${cause.name}: ${cause.message}`, { cause });
}

function message(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

async function mustGet<K, V>(store: { get(key: K): Promise<V | undefined> }, key: K, what: string): Promise<V> {
  const value = await store.get(key);
  if (value === undefined) throw new NotFoundError(`No ${what} ${JSON.stringify(key)}`);
  return value;
}

/** All candidate keys of a run: [runId, index] for every index. */
function runRange(runId: string): IDBKeyRange {
  return IDBKeyRange.bound([runId, -Infinity], [runId, Infinity]);
}

/** Appends the run's candidates that pass `keep` to `out`, in index order, reading a chunk at a time. */
async function scanRun(
  getAll: (range: IDBKeyRange, count: number) => Promise<Candidate[]>,
  runId: string,
  keep: (c: Candidate) => boolean,
  out: Candidate[],
  chunk = 2000,
): Promise<void> {
  let range = runRange(runId);
  for (;;) {
    const rows = await getAll(range, chunk);
    for (const c of rows) if (keep(c)) out.push(c);
    if (rows.length < chunk) return;
    range = IDBKeyRange.bound([runId, rows[rows.length - 1].index], [runId, Infinity], true);
  }
}

function newestFirst(runs: Run[]): Run[] {
  return runs.sort((a, b) => b.startedAt - a.startedAt);
}

