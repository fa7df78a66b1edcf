// Projects made by the schema-1 studio (candidates were molecules keyed by `smiles`) stay readable and
// re-runnable: the fixture (tests/fixtures/project-schema1.json) was written by that version's own db.ts
// (commit fb5f2e1) and is loaded here both as a database it left behind and as a project file it exported.
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { openDB as openRaw } from 'idb';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, openDB } from '../../../src/state/db';
import type { ProjectExport } from '../../../src/state/db-types';
import { describeRun, readRun } from '../../../src/state/run-settings';

type V1Candidate = Omit<ProjectExport['candidates'][number], 'kind' | 'repr'> & { smiles: string };
const v1 = JSON.parse(readFileSync(new URL('../../fixtures/project-schema1.json', import.meta.url), 'utf8')) as Omit<ProjectExport, 'candidates'> & {
  candidates: V1Candidate[];
};

/** A database as the schema-1 studio left it: its one migration, its records stored as it stored them. */
async function schema1Database(name: string): Promise<void> {
  const db = await openRaw(name, 1, { upgrade: (d, _o, _n, tx) => void MIGRATIONS[0](d as never, tx as never) });
  const tx = db.transaction(['projects', 'runs', 'candidates'], 'readwrite');
  await tx.objectStore('projects').put(v1.project);
  for (const r of v1.runs) await tx.objectStore('runs').put(r);
  for (const c of v1.candidates) await tx.objectStore('candidates').put(c);
  await tx.done;
  db.close();
}

describe('schema 1 → 2', () => {
  it('opens a database the schema-1 studio wrote: every candidate a molecule with its SMILES as repr, every run readable', async () => {
    const name = `v1-${crypto.randomUUID()}`;
    await schema1Database(name);
    const db = await openDB(name);
    expect(db.schemaVersion).toBe(MIGRATIONS.length);
    const runs = await db.listRuns(v1.project.id);
    expect(runs).toHaveLength(2);
    for (const run of v1.runs) {
      const got = await db.getCandidates(run.id);
      const want = v1.candidates.filter((c) => c.runId === run.id);
      expect(got.map((c) => [c.kind, c.repr, c.error ?? null])).toEqual(want.map((c) => ['molecule', c.smiles, c.error ?? null]));
      expect(got.every((c) => !('smiles' in c))).toBe(true);
    }
    const gen = runs.find((r) => r.kind === 'generate')!;
    const read = readRun(gen);
    expect(read.ok).toBe(true);
    if (read.ok) expect(read.settings).toMatchObject({ count: 3, seed: 42, sampler: 'student-k4', condition: 'box', targets: [{ key: 'logp', min: 2, max: 3 }, { key: 'qed', min: 0.8, max: 1 }] });
    expect(describeRun(gen)).toContain('3 × balanced (4 steps), guidance 5');
    db.close();
  });

  it('imports a project file the schema-1 studio exported, to the same records the migration makes', async () => {
    const db = await openDB(`import-${crypto.randomUUID()}`);
    const p = await db.importProject(structuredClone(v1));
    const out = await db.exportProject(p.id);
    expect(out.schemaVersion).toBe(MIGRATIONS.length);
    expect(out.candidates.map((c) => c.repr)).toEqual(v1.candidates.map((c) => c.smiles));
    expect(out.candidates.find((c) => c.starred)?.repr).toBe('CC(=O)Nc1ccc(O)cc1');
    db.close();
  });
});

describe('imported runs are settled', () => {
  it('a run that was running is interrupted here, counts are the file\'s own, impossible dates are refused', async () => {
    const db = await openDB(`settle-${crypto.randomUUID()}`);
    const f = structuredClone(v1);
    f.runs[1] = { ...f.runs[1], status: 'running', counts: { candidates: 999, invalid: 0, duplicates: 0 } };
    const p = await db.importProject(f);
    const runs = await db.listRuns(p.id);
    const run = runs.find((r) => r.kind === 'generate')!;
    expect(run.status).toBe('interrupted');
    expect(run.counts.candidates).toBe(2);
    const bad = structuredClone(v1);
    bad.runs[0] = { ...bad.runs[0], startedAt: 1e308 };
    await expect(db.importProject(bad)).rejects.toThrow(/runs\[0\]\.startedAt: is not a date/);
    db.close();
  });

  it('a run whose settings no generator can read is kept, shown as unreadable, never run', async () => {
    const db = await openDB(`hostile-${crypto.randomUUID()}`);
    for (const [settings, why] of [
      [{ generator: 'mol-zinc', targets: 'abc' }, /targets: must be a list/],
      [{ generator: 'mol-zinc', targets: [null] }, /targets\[0\]: must be an object/],
      [{ generator: 'mol-zinc', sampler: 'toString' }, /sampler: must be one of/],
      [{ generator: 'mol-zinc', start: { smiles: 42 } }, /start\.smiles: must be text/],
      [{ generator: 'nope' }, /unknown generator "nope"/],
    ] as const) {
      const f = structuredClone(v1);
      const gen = f.runs.findIndex((r) => r.kind === 'generate');
      f.runs[gen] = { ...f.runs[gen], settings: settings as never };
      const p = await db.importProject(f);
      const run = (await db.listRuns(p.id)).find((r) => r.kind === 'generate')!;
      const read = readRun(run);
      expect(read.ok).toBe(false);
      if (!read.ok) expect(read.error).toMatch(why);
      expect(describeRun(run)).toMatch(/^unreadable settings/);
      expect(await db.getCandidates(run.id)).toHaveLength(2);
    }
    db.close();
  });
});

describe('a tab that does not write', () => {
  it('opens without marking running runs interrupted, reads, and refuses every write with the reason', async () => {
    const name = `ro-${crypto.randomUUID()}`;
    const first = await openDB(name);
    const project = await first.createProject('P');
    const run = await first.createRun({ projectId: project.id, kind: 'generate' });
    const second = await openDB(name, { recover: false });
    second.readOnly = 'open in another tab';
    expect((await second.getRun(run.id))?.status).toBe('running');
    expect(await second.listProjects()).toHaveLength(1);
    await expect(second.createProject('Q')).rejects.toThrow(/open in another tab/);
    await expect(second.updateRun(run.id, { status: 'done' })).rejects.toMatchObject({ name: 'ReadOnlyError' });
    second.readOnly = null;
    expect((await second.recoverInterrupted()).map((r) => r.id)).toEqual([run.id]);
    first.close();
    second.close();
  });
});
