// Projects.toggleStar: the star is written to IndexedDB before the list on screen shows it, and the list is
// updated in place (same order, other rows untouched) even if it grew while the write was in flight.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openDB, type LodestoneDB } from '../../../src/state/db';
import { Projects } from '../../../src/state/projects.svelte';

const opened: LodestoneDB[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

async function setup() {
  const db = await openDB(`lodestone-projects-${crypto.randomUUID()}`);
  opened.push(db);
  const project = await db.createProject('P');
  const run = await db.createRun({ projectId: project.id, kind: 'predict' });
  await db.addCandidates(run.id, [0, 1, 2].map((index) => ({ index, kind: 'molecule' as const, repr: 'C'.repeat(index + 1), props: { qed: 0.5 } })));
  const projects = new Projects(db);
  projects.candidates = await db.getCandidates(run.id);
  return { db, run, projects };
}

describe('Projects.toggleStar', () => {
  it('stores the star, then shows it; a second toggle unstars', async () => {
    const { db, run, projects } = await setup();
    const before = projects.candidates;
    const starred = await projects.toggleStar(before[1]);
    expect(starred.starred).toBe(true);
    expect(projects.candidates).not.toBe(before); // a new array, so $state.raw notices
    expect(projects.candidates.map((c) => c.starred)).toEqual([undefined, true, undefined]);
    expect(projects.candidates[0]).toBe(before[0]);
    expect((await db.getCandidates(run.id))[1].starred).toBe(true);

    const unstarred = await projects.toggleStar(projects.candidates[1]);
    expect(unstarred).not.toHaveProperty('starred');
    expect(projects.candidates[1]).not.toHaveProperty('starred');
    expect((await db.getCandidates(run.id))[1]).not.toHaveProperty('starred');
  });

  it('flips what is shown, not a stale copy; ignores a double click; survives the list changing meanwhile', async () => {
    const { db, run, projects } = await setup();
    const stale = projects.candidates[2];
    await projects.toggleStar(stale);
    await projects.toggleStar(stale); // the caller still holds the unstarred copy: this unstars
    expect(projects.candidates[2].starred).toBeUndefined();

    const [first, second] = [projects.toggleStar(stale), projects.toggleStar(stale)];
    projects.candidates = [...projects.candidates, { ...stale, index: 3, repr: 'O' }]; // a batch arrives
    await Promise.all([first, second]);
    expect(projects.candidates.map((c) => c.starred)).toEqual([undefined, undefined, true, undefined]);
    expect((await db.getCandidates(run.id))[2].starred).toBe(true);
  });

  it('a failed write changes nothing on screen', async () => {
    const { projects } = await setup();
    const before = projects.candidates;
    await expect(projects.toggleStar({ ...before[0], index: 99 })).rejects.toThrow(/No candidate/);
    expect(projects.candidates).toBe(before);
  });
});
