// Projects and their runs as UI state, backed by IndexedDB (db.ts). Nothing is shown as saved before
// it is written.
import type { LodestoneDB } from './db';
import type { Candidate, Project, Run } from './db-types';
import { stripBom } from '../domain/io/csv';

export class Projects {
  list = $state.raw<Project[]>([]);
  current = $state.raw<Project | null>(null);
  runs = $state.raw<Run[]>([]);
  /** The run whose candidates are on screen, and those candidates. */
  openRunId = $state<string | null>(null);
  candidates = $state.raw<Candidate[]>([]);
  error = $state<string | null>(null);
  readonly db: LodestoneDB;

  constructor(db: LodestoneDB) {
    this.db = db;
  }

  async load(): Promise<void> {
    this.list = await this.db.listProjects();
    const last = localStorage.getItem('lodestone:project');
    const pick = this.list.find((p) => p.id === last) ?? this.list[0];
    if (pick) await this.select(pick.id);
  }

  async create(name: string): Promise<Project> {
    const p = await this.db.createProject(name.trim() || 'Untitled project');
    this.list = await this.db.listProjects();
    await this.select(p.id);
    return p;
  }

  /** The current project, creating one if there is none (a first-time user just pastes SMILES). */
  async ensure(): Promise<Project> {
    return this.current ?? this.create('My first project');
  }

  async select(id: string): Promise<void> {
    const p = await this.db.getProject(id);
    if (!p) throw new Error(`project ${id} no longer exists`);
    this.current = p;
    localStorage.setItem('lodestone:project', id);
    await this.refreshRuns();
    const latest = this.runs[0];
    if (latest) await this.openRun(latest.id);
    else {
      this.openRunId = null;
      this.candidates = [];
    }
  }

  async rename(name: string): Promise<void> {
    if (!this.current || !name.trim()) return;
    this.current = await this.db.renameProject(this.current.id, name.trim());
    this.list = await this.db.listProjects();
  }

  async remove(): Promise<void> {
    if (!this.current) return;
    await this.db.deleteProject(this.current.id);
    this.current = null;
    this.runs = [];
    this.candidates = [];
    this.openRunId = null;
    await this.load();
  }

  /** Deletes one run and its candidates (deleting frees space, even on a full disk); the newest left is opened. */
  async deleteRun(id: string): Promise<void> {
    await this.db.deleteRun(id);
    await this.refreshRuns();
    if (this.openRunId === id) {
      this.openRunId = null;
      this.candidates = [];
      if (this.runs[0]) await this.openRun(this.runs[0].id);
    }
  }

  async refreshRuns(): Promise<void> {
    this.runs = this.current ? await this.db.listRuns(this.current.id) : [];
  }

  async openRun(id: string): Promise<void> {
    this.openRunId = id;
    const cands = await this.db.getCandidates(id);
    if (this.openRunId === id) this.candidates = cands; // latest request wins
  }

  /** Stars being saved: a second click before the first is stored would read a stale `starred`. */
  #starring = new Set<string>();

  /**
   * Flips the candidate's star: stored first, then shown (a star on screen is a star on disk). Returns the
   * candidate as now stored, or unchanged if a flip of it is still being saved.
   */
  async toggleStar(candidate: Candidate): Promise<Candidate> {
    const key = `${candidate.runId}:${candidate.index}`;
    if (this.#starring.has(key)) return candidate;
    this.#starring.add(key);
    try {
      const shown = this.candidates[this.#position(candidate)] ?? candidate; // the caller's copy may be stale
      const starred = !shown.starred;
      await this.db.setStarred(candidate.runId, candidate.index, starred);
      const next: Candidate = { ...shown, starred: true };
      if (!starred) delete next.starred; // as db.setStarred stores it
      // The list may have changed while we waited (a batch appended, another run opened): look again.
      const i = this.#position(candidate);
      if (i >= 0) {
        const copy = this.candidates.slice();
        copy[i] = next;
        this.candidates = copy;
      }
      return next;
    } finally {
      this.#starring.delete(key);
    }
  }

  /** Where the candidate is in this.candidates, or -1; a run's list is in index order, so try there first. */
  #position({ runId, index }: Pick<Candidate, 'runId' | 'index'>): number {
    const list = this.candidates;
    const at = list[index];
    if (at && at.runId === runId && at.index === index) return index;
    return list.findIndex((c) => c.runId === runId && c.index === index);
  }

  /** The current project as one JSON file. */
  async exportJson(): Promise<{ name: string; text: string }> {
    if (!this.current) throw new Error('no project to export');
    const data = await this.db.exportProject(this.current.id);
    const safe = this.current.name.replace(/[^\w.-]+/g, '_').slice(0, 60) || 'project';
    return { name: `${safe}.lodestone.json`, text: JSON.stringify(data) };
  }

  async importJson(text: string): Promise<Project> {
    let data: unknown;
    try {
      data = JSON.parse(stripBom(text)); // editors on some systems start a UTF-8 file with a byte-order mark
    } catch (e) {
      // the header's Import opens project files only; molecules in SDF, CSV or SMILES go through scoring
      throw new Error(`not a project file; to score molecules (SDF, CSV, SMILES) or crystals (CIF, POSCAR), use the "Score my …" tab of the design panel (project files are JSON; this one: ${e instanceof Error ? e.message : String(e)})`);
    }
    const project = await this.db.importProject(data);
    this.list = await this.db.listProjects();
    await this.select(project.id);
    return project;
  }
}
