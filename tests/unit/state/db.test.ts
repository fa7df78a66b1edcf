// The storage layer on fake-indexeddb: CRUD, cascades, batches and paging, recovery of interrupted runs,
// migrations, export/import (exact round trips, re-id on clashes, precise errors) and storage-full handling.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IDBPDatabase } from 'idb';
import {
  ImportError,
  MIGRATIONS,
  NotFoundError,
  StorageError,
  StorageFullError,
  openDB,
  type LodestoneDB,
  type Migration,
  type OpenOptions,
} from '../../../src/state/db';
import type { NewCandidate, Project, ProjectExport } from '../../../src/state/db-types';

const opened: LodestoneDB[] = [];
let dbCount = 0;
const newName = () => `lodestone-test-${++dbCount}-${crypto.randomUUID()}`;

/** Opens (a fresh database unless a name is given) and closes it after the test. */
async function open(name = newName(), opts?: OpenOptions): Promise<LodestoneDB> {
  const db = await openDB(name, opts);
  opened.push(db);
  return db;
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
  for (const db of opened.splice(0)) db.close();
});

/** Pins Date.now() (only Date is faked; fake-indexeddb's scheduling keeps running). */
function at(ms: number): void {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(ms);
}

const cand = (index: number, extra: Partial<NewCandidate> = {}): NewCandidate => ({
  index,
  kind: 'molecule',
  repr: `C${'C'.repeat(index % 4)}O`,
  props: { qed: index / 100, sa: index % 3 === 0 ? null : 2.5 },
  ...extra,
});
const batch = (from: number, n: number) => Array.from({ length: n }, (_, i) => cand(from + i));
const indices = (cs: { index: number }[]) => cs.map((c) => c.index);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

async function projectWithRun(db: LodestoneDB, name = 'P') {
  const project = await db.createProject(name);
  const run = await db.createRun({ projectId: project.id, kind: 'generate', settings: { seed: 1 } });
  return { project, run };
}

describe('projects', () => {
  it('creates, lists newest first, gets, renames and deletes', async () => {
    const name = newName();
    const db = await open(name);
    at(1000);
    const a = await db.createProject('Alpha', 'first notes');
    at(2000);
    const b = await db.createProject('Beta');
    expect(a).toEqual({ id: a.id, name: 'Alpha', createdAt: 1000, updatedAt: 1000, notes: 'first notes' });
    expect(a.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(b).not.toHaveProperty('notes');
    expect((await db.listProjects()).map((p) => p.name)).toEqual(['Beta', 'Alpha']);
    expect(await db.getProject(a.id)).toEqual(a);
    expect(await db.getProject('nope')).toBeUndefined();

    at(3000);
    const renamed = await db.renameProject(a.id, 'Alpha 2');
    expect(renamed).toEqual({ ...a, name: 'Alpha 2', updatedAt: 3000 });
    expect(await db.getProject(a.id)).toEqual(renamed);
    await expect(db.renameProject('nope', 'x')).rejects.toBeInstanceOf(NotFoundError);
    await expect(db.createProject(42 as unknown as string)).rejects.toThrow(/project\.name: expected a string/);

    await db.deleteProject(b.id);
    expect(await db.getProject(b.id)).toBeUndefined();
    db.close();
    const again = await open(name);
    expect(await again.listProjects()).toEqual([renamed]);
  });
});

describe('runs', () => {
  it('creates with defaults, merges updates and lists per project newest first', async () => {
    const db = await open();
    at(5);
    const p = await db.createProject('P');
    const other = await db.createProject('Other');
    at(10);
    const r1 = await db.createRun({ projectId: p.id, kind: 'generate', modelIds: ['gen'], settings: { seed: 7, t: 0.8 } });
    at(20);
    const r2 = await db.createRun({ projectId: p.id, kind: 'predict' });
    expect(r1).toEqual({
      id: r1.id,
      projectId: p.id,
      kind: 'generate',
      modelIds: ['gen'],
      settings: { seed: 7, t: 0.8 },
      status: 'running',
      startedAt: 10,
      timings: {},
      counts: { candidates: 0, invalid: 0, duplicates: 0 },
    });
    expect((await db.getProject(p.id))?.updatedAt).toBe(20);

    await db.updateRun(r1.id, { timings: { wallMs: 5 }, error: 'oops' });
    at(30);
    const done = await db.updateRun(r1.id, {
      status: 'done',
      timings: { busyMs: 3 },
      backend: 'wasm',
      counts: { invalid: 2 },
      error: undefined,
    });
    expect(done).toEqual({
      ...r1,
      status: 'done',
      finishedAt: 30,
      timings: { wallMs: 5, busyMs: 3 },
      backend: 'wasm',
      counts: { candidates: 0, invalid: 2, duplicates: 0 },
    });
    expect(done).not.toHaveProperty('error');
    expect(await db.getRun(r1.id)).toEqual(done);

    expect((await db.listRuns(p.id)).map((r) => r.id)).toEqual([r2.id, r1.id]);
    expect(await db.listRuns(other.id)).toEqual([]);
    expect(await db.getRun('nope')).toBeUndefined();
    await expect(db.createRun({ projectId: 'nope', kind: 'predict' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(db.createRun({ projectId: p.id, kind: 'predict', settings: { t: Number.NaN } })).rejects.toThrow(
      /run\.settings\.t: expected a finite number, got NaN/,
    );
    await expect(db.updateRun('nope', { status: 'done' })).rejects.toBeInstanceOf(NotFoundError);
    expect(await db.listRuns(p.id)).toHaveLength(2);
  });

  it('deleteProject removes its runs and candidates and nothing else; deleteRun one run', async () => {
    const db = await open();
    const one = await projectWithRun(db, 'one');
    const oneB = await db.createRun({ projectId: one.project.id, kind: 'predict' });
    const two = await projectWithRun(db, 'two');
    await db.addCandidates(one.run.id, batch(0, 5));
    await db.addCandidates(oneB.id, batch(0, 3));
    await db.addCandidates(two.run.id, batch(0, 4));
    await db.setStarred(one.run.id, 1, true);

    await db.deleteProject(one.project.id);
    expect(await db.getProject(one.project.id)).toBeUndefined();
    expect(await db.listRuns(one.project.id)).toEqual([]);
    expect(await db.getRun(one.run.id)).toBeUndefined();
    expect(await db.countCandidates(one.run.id)).toBe(0);
    expect(await db.countCandidates(oneB.id)).toBe(0);
    expect(await db.raw.countFromIndex('candidates', 'projectId', one.project.id)).toBe(0);
    expect(await db.raw.count('runs')).toBe(1);
    expect(await db.raw.count('candidates')).toBe(4);
    expect(await db.getCandidates(two.run.id)).toHaveLength(4);
    expect((await db.getRun(two.run.id))?.counts.candidates).toBe(4);

    const extra = await db.createRun({ projectId: two.project.id, kind: 'predict' });
    await db.addCandidates(extra.id, batch(0, 2));
    await db.deleteRun(two.run.id);
    expect(await db.getRun(two.run.id)).toBeUndefined();
    expect(await db.raw.count('candidates')).toBe(2);
    expect(await db.countCandidates(extra.id)).toBe(2);
  });
});

describe('candidates', () => {
  it('stores batches, counts them and pages in index order', async () => {
    const db = await open();
    const { project, run } = await projectWithRun(db);
    const neighbour = await db.createRun({ projectId: project.id, kind: 'generate' });
    await db.addCandidates(run.id, batch(10, 10).reverse());
    await db.addCandidates(neighbour.id, batch(0, 30));
    await db.addCandidates(run.id, batch(0, 10));
    const after = await db.addCandidates(run.id, batch(20, 5), { invalid: 3, duplicates: 1 });
    expect(after.counts).toEqual({ candidates: 25, invalid: 3, duplicates: 1 });
    expect(await db.getRun(run.id)).toEqual(after);

    const all = await db.getCandidates(run.id);
    expect(indices(all)).toEqual(range(0, 25));
    expect(all[7]).toEqual({ ...cand(7), runId: run.id, projectId: project.id });
    expect(await db.countCandidates(run.id)).toBe(25);
    expect(await db.countCandidates(neighbour.id)).toBe(30);

    expect(indices(await db.getCandidates(run.id, { limit: 10 }))).toEqual(range(0, 10));
    expect(indices(await db.getCandidates(run.id, { offset: 10, limit: 10 }))).toEqual(range(10, 20));
    expect(indices(await db.getCandidates(run.id, { offset: 20, limit: 10 }))).toEqual(range(20, 25));
    expect(await db.getCandidates(run.id, { offset: 25, limit: 10 })).toEqual([]);
    expect(await db.getCandidates(run.id, { offset: 3, limit: 0 })).toEqual([]);
    const pages = [];
    for (let offset = 0; offset < 25; offset += 7) pages.push(...(await db.getCandidates(run.id, { offset, limit: 7 })));
    expect(pages).toEqual(all);
    await expect(db.getCandidates(run.id, { offset: -1 })).rejects.toThrow(RangeError);
  });

  it('refuses a bad batch as a whole and keeps the counts right', async () => {
    const db = await open();
    const { run } = await projectWithRun(db);
    await db.addCandidates(run.id, batch(0, 5));
    const bad = batch(5, 5);
    bad[2] = cand(7, { props: { qed: Number.NaN } });
    await expect(db.addCandidates(run.id, bad)).rejects.toThrow(/batch\[2\]\.props\.qed: expected a finite number or null, got NaN/);
    await expect(db.addCandidates(run.id, [cand(5), cand(6), cand(5)])).rejects.toThrow(/batch\[2\]\.index 5 is twice/);
    const taken = db.addCandidates(run.id, [cand(5), cand(6), cand(4)]);
    await expect(taken).rejects.toBeInstanceOf(StorageError);
    await expect(taken).rejects.toThrow(`Saving 3 candidates to run ${run.id} failed: ConstraintError`);
    await expect(db.addCandidates('nope', batch(0, 1))).rejects.toBeInstanceOf(NotFoundError);
    expect(indices(await db.getCandidates(run.id))).toEqual(range(0, 5));
    expect((await db.getRun(run.id))?.counts.candidates).toBe(5);
  });

  it('stars and unstars; starred(projectId) lists them across runs, past read chunks', async () => {
    const db = await open();
    at(100);
    const { project, run: older } = await projectWithRun(db);
    at(200);
    const newer = await db.createRun({ projectId: project.id, kind: 'generate' });
    const elsewhere = await projectWithRun(db, 'elsewhere');
    vi.useRealTimers();
    await db.addCandidates(older.id, batch(0, 1100));
    await db.addCandidates(older.id, batch(1100, 1100));
    await db.addCandidates(newer.id, batch(0, 5));
    await db.addCandidates(elsewhere.run.id, batch(0, 5));
    for (const i of [0, 3, 1999, 2000, 2199]) await db.setStarred(older.id, i, true);
    await db.setStarred(newer.id, 1, true);
    await db.setStarred(elsewhere.run.id, 1, true);
    await db.setStarred(older.id, 3, false);

    const starred = await db.starred(project.id);
    expect(starred.map((c) => [c.runId, c.index])).toEqual([
      [newer.id, 1],
      [older.id, 0],
      [older.id, 1999],
      [older.id, 2000],
      [older.id, 2199],
    ]);
    const [unstarred] = await db.getCandidates(older.id, { offset: 3, limit: 1 });
    expect(unstarred).toEqual({ ...cand(3), runId: older.id, projectId: project.id });
    await expect(db.setStarred(older.id, 5000, true)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('stars persist', () => {
  it('setStarred is stored: it survives reopening, and unstarring leaves no field behind', async () => {
    const name = newName();
    const db = await open(name);
    const { run } = await projectWithRun(db);
    await db.addCandidates(run.id, batch(0, 3));
    await db.setStarred(run.id, 1, true);
    await db.setStarred(run.id, 2, true);
    await db.setStarred(run.id, 2, false);
    db.close();
    const again = await open(name);
    const [c0, c1, c2] = await again.getCandidates(run.id);
    expect([c0.starred, c1.starred]).toEqual([undefined, true]);
    expect(c2).not.toHaveProperty('starred');
    await again.setStarred(run.id, 1, true); // idempotent
    expect((await again.getCandidates(run.id, { offset: 1, limit: 1 }))[0]).toEqual({ ...cand(1), runId: run.id, projectId: run.projectId, starred: true });
  });
});

describe('reopening', () => {
  it('marks a run left running as interrupted and keeps all its candidates', async () => {
    const name = newName();
    const db = await open(name);
    const { project, run } = await projectWithRun(db);
    await db.addCandidates(run.id, batch(0, 10));
    await db.addCandidates(run.id, batch(10, 10));
    const finished = await db.updateRun((await db.createRun({ projectId: project.id, kind: 'predict' })).id, {
      status: 'done',
    });
    expect(db.interrupted).toEqual([]);
    db.close();

    at(9999);
    const reopened = await open(name);
    const interrupted = await reopened.getRun(run.id);
    expect(interrupted).toEqual({
      ...run,
      status: 'interrupted',
      finishedAt: 9999,
      counts: { candidates: 20, invalid: 0, duplicates: 0 },
    });
    expect(reopened.interrupted).toEqual([interrupted]);
    expect(indices(await reopened.getCandidates(run.id))).toEqual(range(0, 20));
    expect(await reopened.getRun(finished.id)).toEqual(finished);
    reopened.close();
    expect((await open(name)).interrupted).toEqual([]);
  });
});

describe('migrations', () => {
  const m1 = MIGRATIONS[0];
  const addSmilesIndex: Migration = (_db, tx) => {
    tx.objectStore('candidates').createIndex('repr', 'repr');
  };

  async function v1WithData(name: string) {
    const db = await open(name, { migrations: [m1] });
    const { project, run } = await projectWithRun(db);
    await db.addCandidates(run.id, [cand(0, { repr: 'CCO' }), cand(1, { repr: 'c1ccccc1' }), cand(2, { repr: 'CCO' })]);
    await db.updateRun(run.id, { status: 'done' }); // else reopening would mark it interrupted
    const before = await db.exportProject(project.id);
    db.close();
    return { project, run, before };
  }

  it('an appended migration upgrades in place: data intact, new index usable', async () => {
    const name = newName();
    const first = vi.fn(m1);
    const second = vi.fn(addSmilesIndex);
    const db1 = await open(name, { migrations: [first] });
    expect(db1.schemaVersion).toBe(1);
    db1.close();
    const { project, run, before } = await v1WithData(name);

    const db2 = await open(name, { migrations: [first, second] });
    expect(db2.schemaVersion).toBe(2);
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).toHaveBeenCalledTimes(1);
    const after = await db2.exportProject(project.id);
    expect({ ...after, exportedAt: 0 }).toEqual({ ...before, exportedAt: 0, schemaVersion: 2 });
    const raw = db2.raw as unknown as IDBPDatabase;
    const hits = await raw.getAllFromIndex('candidates', 'repr', 'CCO');
    expect(hits.map((c: { runId: string; index: number }) => [c.runId, c.index])).toEqual([
      [run.id, 0],
      [run.id, 2],
    ]);
    db2.close();

    await open(name, { migrations: [first, second] });
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).toHaveBeenCalledTimes(1);
  });

  it('a failing migration rolls back and leaves the database as it was', async () => {
    const name = newName();
    const { project, before } = await v1WithData(name);
    const broken: Migration = (db, tx) => {
      addSmilesIndex(db, tx);
      throw new Error('boom');
    };
    await expect(open(name, { migrations: [m1, broken] })).rejects.toThrow(
      /Upgrading database ".*" to schema version 2 failed: Error: boom/,
    );
    const db = await open(name, { migrations: [m1] }); // would be a VersionError had v2 committed
    const raw = db.raw as unknown as IDBPDatabase;
    expect(raw.transaction('candidates').store.indexNames.contains('repr')).toBe(false);
    expect({ ...(await db.exportProject(project.id)), exportedAt: 0 }).toEqual({ ...before, exportedAt: 0 });
  });

  it('an open connection gives way to a newer schema and says so; an older app is refused', async () => {
    const name = newName();
    const onLost = vi.fn();
    const old = await open(name, { migrations: [m1], onLost });
    const upgraded = await open(name, { migrations: [m1, addSmilesIndex] }); // hangs if `old` does not close
    expect(upgraded.schemaVersion).toBe(2);
    expect(onLost).toHaveBeenCalledTimes(1);
    expect(onLost.mock.calls[0][0]).toMatch(/another tab/);
    await expect(old.listProjects()).rejects.toThrow(/reload this page/);
    upgraded.close();
    await expect(open(name, { migrations: [m1] })).rejects.toThrow(/newer version of Lodestone/);
  }, 10_000);
});

/** A project using every optional field. */
async function populate(db: LodestoneDB): Promise<Project> {
  at(1_000);
  const project = await db.createProject('Round trip', 'notes ✓');
  at(2_000);
  const gen = await db.createRun({
    projectId: project.id,
    kind: 'generate',
    modelIds: ['gen-a', 'pred-b'],
    settings: { seed: 42, sampler: { temperature: 0.7, topK: null, tags: ['x', 'y'] }, greedy: false },
  });
  await db.addCandidates(gen.id, [
    cand(0, { input: 'C', predicted: { qed: { mean: 0.5, std: 0.1 } } }),
    cand(1, { error: 'kekulization failed', props: {} }),
    cand(2, { predicted: { qed: { mean: -1.25, std: 0 } } }),
    cand(3),
    cand(4),
  ], { invalid: 1 });
  await db.setStarred(gen.id, 2, true);
  at(3_000);
  await db.updateRun(gen.id, { status: 'done', timings: { wallMs: 812.5, busyMs: 700 }, backend: 'webgpu' });
  const predict = await db.createRun({ projectId: project.id, kind: 'predict', modelIds: ['pred-b'] });
  await db.addCandidates(predict.id, batch(0, 3));
  at(4_000);
  await db.updateRun(predict.id, { status: 'failed', error: 'model missing' });
  vi.useRealTimers();
  return (await db.getProject(project.id)) as Project;
}

const withoutTime = (e: ProjectExport) => ({ ...e, exportedAt: 0 });

describe('export and import', () => {
  it('round-trips exactly through a fresh database, also as JSON text', async () => {
    const source = await open();
    const project = await populate(source);
    const first = await source.exportProject(project.id);
    expect(first.format).toBe('lodestone-project');
    expect(first.schemaVersion).toBe(MIGRATIONS.length);
    expect(first.runs.map((r) => r.kind)).toEqual(['predict', 'generate']);
    expect(first.candidates).toHaveLength(8);
    expect(JSON.parse(JSON.stringify(first))).toStrictEqual(first); // plain JSON data, no undefined fields

    const target = await open();
    const imported = await target.importProject(JSON.parse(JSON.stringify(first)));
    expect(imported).toStrictEqual(first.project);
    const second = await target.exportProject(imported.id);
    expect(withoutTime(second)).toStrictEqual(withoutTime(first));
    await expect(source.exportProject('nope')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('importing the same file twice gives a second project with fresh ids and nothing overwritten', async () => {
    const source = await open();
    const file = await source.exportProject((await populate(source)).id);
    const db = await open();
    const a = await db.importProject(file);
    const b = await db.importProject(file);
    expect(a.id).toBe(file.project.id);
    expect(b.id).not.toBe(a.id);
    expect(b.name).toBe('Round trip (imported)');
    expect((await db.listProjects()).map((p) => p.id).sort()).toEqual([a.id, b.id].sort());
    expect(withoutTime(await db.exportProject(a.id))).toStrictEqual(withoutTime(file));

    const copy = await db.exportProject(b.id);
    const oldRunIds = new Set(file.runs.map((r) => r.id));
    expect(copy.runs.some((r) => oldRunIds.has(r.id))).toBe(false);
    const back = new Map(copy.runs.map((r, i) => [r.id, file.runs[i].id]));
    expect({
      ...withoutTime(copy),
      project: { ...copy.project, id: file.project.id, name: file.project.name },
      runs: copy.runs.map((r) => ({ ...r, id: back.get(r.id), projectId: file.project.id })),
      candidates: copy.candidates.map((c) => ({ ...c, runId: back.get(c.runId), projectId: file.project.id })),
    }).toStrictEqual(withoutTime(file));

    // A new project id whose run ids already exist here is re-id'd too: an existing run is never replaced.
    const clash = structuredClone(file);
    clash.project.id = 'another-project';
    for (const r of clash.runs) r.projectId = 'another-project';
    for (const c of clash.candidates) c.projectId = 'another-project';
    const c = await db.importProject(clash);
    expect(c.id).not.toBe('another-project');
    expect((await db.listRuns(c.id)).some((r) => oldRunIds.has(r.id))).toBe(false);
    expect(withoutTime(await db.exportProject(a.id))).toStrictEqual(withoutTime(file));
  });

  // Each case damages a good export; the ImportError must name the field. The file holds the predict run's 3
  // candidates, then the generate run's 5 (candidates[3] is its #0, candidates[5] its #2, both with `predicted`).
  /* eslint-disable @typescript-eslint/no-explicit-any */
  const cases: [string, (f: any) => unknown, RegExp][] = [
    ['not an object', () => 'hello', /^file: expected an object, got "hello"$/],
    ['wrong format', (f) => ({ ...f, format: 'other-app' }), /^format: expected "lodestone-project", got "other-app"$/],
    ['no format', (f) => ({ ...f, format: undefined }), /^format: missing/],
    ['newer schema', (f) => ({ ...f, schemaVersion: 3 }), /^schemaVersion: the file is from a newer Lodestone \(schema 3/],
    ['unknown field', (f) => ((f.project.colour = 'red'), f), /^project\.colour: unknown field$/],
    ['missing field', (f) => (delete f.runs[1].status, f), /^runs\[1\]\.status: missing \(expected one of "running"/],
    ['bad type deep inside', (f) => ((f.candidates[5].predicted.qed.std = '0.1'), f), /^candidates\[5\]\.predicted\.qed\.std: expected a finite number, got "0\.1"$/],
    ['repr not a string', (f) => ((f.candidates[4].repr = 12), f), /^candidates\[4\]\.repr: expected a string, got 12$/],
    ['first problem wins', (f) => ((f.candidates[6].repr = 1), (f.candidates[3].repr = 2), f), /^candidates\[3\]\.repr/],
    ['NaN in settings', (f) => ((f.runs[1].settings.sampler.temperature = NaN), f), /^runs\[1\]\.settings\.sampler\.temperature: expected a finite number, got NaN$/],
    ['bad count', (f) => ((f.runs[0].counts.invalid = -1), f), /^runs\[0\]\.counts\.invalid: expected a whole number ≥ 0, got -1$/],
    ['dangling runId', (f) => ((f.candidates[5].runId = 'no-such-run'), f), /^candidates\[5\]\.runId: no run with id "no-such-run" in this file$/],
    ['run of another project', (f) => ((f.runs[0].projectId = 'x'), f), /^runs\[0\]\.projectId: does not match project\.id/],
    ['duplicate run id', (f) => ((f.runs[1].id = f.runs[0].id), f), /^runs\[1\]\.id: duplicate run id/],
    ['duplicate candidate', (f) => ((f.candidates[1].index = f.candidates[0].index), f), /^candidates\[1\]\.index: run ".*" already has a candidate with index 0$/],
  ];
  it.each(cases)('refuses a malformed file (%s) with an ImportError naming the field', async (_, damage, message) => {
    const source = await open();
    const file = await source.exportProject((await populate(source)).id);
    const db = await open();
    const attempt = db.importProject(damage(structuredClone(file)));
    await expect(attempt).rejects.toBeInstanceOf(ImportError);
    await expect(attempt).rejects.toThrow(message);
    expect(await db.listProjects()).toEqual([]);
    expect(await db.raw.count('candidates')).toBe(0);
  });
});

describe('storage errors', () => {
  const FULL =
    'Browser storage is full: 10 candidates of this batch were not saved; everything saved before is intact. ' +
    'Export or delete old runs to free space.';

  /** fake-indexeddb internals, to fail the way browsers do. */
  interface FakeTransaction {
    _execRequestAsync(o: { source: unknown; operation: () => unknown }): IDBRequest;
    _abort(errName: string): void;
  }

  /** Makes the nth IDBObjectStore.add from now fail as `how`. */
  function failNthAdd(n: number, how: 'throws' | 'request fails' | 'transaction aborts', error: DOMException) {
    const realAdd = IDBObjectStore.prototype.add;
    let calls = 0;
    return vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(function (this: IDBObjectStore, value, key) {
      if (++calls !== n) return realAdd.call(this, value, key);
      const tx = this.transaction as unknown as FakeTransaction;
      if (how === 'throws') throw error;
      if (how === 'request fails') return tx._execRequestAsync({ source: this, operation: () => { throw error; } });
      const request = realAdd.call(this, value, key);
      tx._abort(error.name); // sets tx.error to a DOMException of that name; pending requests get AbortError
      return request;
    });
  }

  it.each(['throws', 'request fails', 'transaction aborts'] as const)(
    'storage full (add %s) is a StorageFullError and earlier batches are intact',
    async (how) => {
      const db = await open();
      const { run } = await projectWithRun(db);
      await db.addCandidates(run.id, batch(0, 10));
      await db.addCandidates(run.id, batch(10, 10));

      const spy = failNthAdd(3, how, new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
      const attempt = db.addCandidates(run.id, batch(20, 10));
      await expect(attempt).rejects.toBeInstanceOf(StorageFullError);
      await expect(attempt).rejects.toThrow(FULL);
      expect(spy.mock.calls.length).toBeGreaterThanOrEqual(3); // the fault fired
      spy.mockRestore();

      expect(await db.countCandidates(run.id)).toBe(20);
      expect(indices(await db.getCandidates(run.id))).toEqual(range(0, 20));
      expect((await db.getRun(run.id))?.counts.candidates).toBe(20);
      expect((await db.addCandidates(run.id, batch(20, 10))).counts.candidates).toBe(30); // and it still works
    },
  );

  it('other IndexedDB errors propagate with context and save nothing of the batch', async () => {
    const db = await open();
    const { run } = await projectWithRun(db);
    const error = new DOMException('disk on fire', 'UnknownError');
    failNthAdd(2, 'request fails', error);
    const attempt = db.addCandidates(run.id, batch(0, 5));
    await expect(attempt).rejects.toThrow(`Saving 5 candidates to run ${run.id} failed: UnknownError: disk on fire`);
    await expect(attempt).rejects.toSatisfy((e) => e instanceof StorageError && !(e instanceof StorageFullError) && e.cause === error);
    vi.restoreAllMocks();
    expect(await db.countCandidates(run.id)).toBe(0);
    expect((await db.getRun(run.id))?.counts.candidates).toBe(0);
  });

  it('storage full while importing leaves no half project', async () => {
    const source = await open();
    const file = await source.exportProject((await populate(source)).id);
    const db = await open();
    failNthAdd(6, 'request fails', new DOMException('full', 'QuotaExceededError'));
    await expect(db.importProject(file)).rejects.toThrow(/^Browser storage is full: the imported project was not saved;/);
    vi.restoreAllMocks();
    expect(await db.listProjects()).toEqual([]);
    expect(await db.raw.count('runs')).toBe(0);
    expect(await db.raw.count('candidates')).toBe(0);
  });
});

describe('meta', () => {
  it('keeps small app-wide values across reopen', async () => {
    const name = newName();
    const db = await open(name);
    expect(await db.getMeta('theme')).toBeUndefined();
    await db.setMeta('theme', { dark: true });
    db.close();
    expect(await (await open(name)).getMeta('theme')).toEqual({ dark: true });
  });
});
