// The records Lodestone keeps in IndexedDB (see db.ts). Types only, so the UI and workers can import them
// without pulling in idb. Every record is plain JSON data: finite numbers, strings, booleans, null, arrays and
// plain objects (db.ts refuses anything else, so an export is always exactly re-importable).
import type { ItemKind } from '../contract/domain';

export interface Project {
  id: string;
  name: string;
  createdAt: number;
  /** Bumped by rename and by starting a run in the project. */
  updatedAt: number;
  notes?: string;
}

export type RunKind = 'predict' | 'generate';
export type RunStatus = 'running' | 'done' | 'cancelled' | 'failed' | 'interrupted';

export interface RunCounts {
  /** Candidates stored for the run; maintained by addCandidates. */
  candidates: number;
  invalid: number;
  duplicates: number;
}

export interface Run {
  id: string;
  projectId: string;
  kind: RunKind;
  modelIds: string[];
  /** Every setting, including the seed, so the run can be repeated. */
  settings: Record<string, unknown>;
  /** A run still 'running' when the database is next opened (page reload mid-run) becomes 'interrupted'. */
  status: RunStatus;
  startedAt: number;
  finishedAt?: number;
  /** e.g. wallMs, busyMs */
  timings: Record<string, number>;
  backend?: string;
  error?: string;
  counts: RunCounts;
}

export interface Candidate {
  runId: string;
  /** Position in the run; [runId, index] is the key. */
  index: number;
  projectId: string;
  /** What the item is: its domain's kind (schema 1 held molecules only). */
  kind: ItemKind;
  /**
   * How the item is written: canonical SMILES for a molecule, CIF text for a crystal; '' when an input could not
   * be read (then `error` says why).
   */
  repr: string;
  /** The name it came with (an imported file's title or name column). */
  name?: string;
  /** Text facts by DomainSpec.labels key (a crystal's reduced formula and space group). */
  tags?: Record<string, string>;
  input?: string;
  /** null: the property could not be computed for this molecule. */
  props: Record<string, number | null>;
  predicted?: Record<string, { mean: number; std: number }>;
  starred?: boolean;
  /** Generated molecules: not in the model's training set (hashed canonical SMILES). */
  novel?: boolean;
  error?: string;
}

/**
 * What createRun needs; the rest has defaults (status 'running', startedAt now, empty modelIds, settings and
 * timings). The id is always fresh and the counts start at zero.
 */
export type RunInit = Pick<Run, 'projectId' | 'kind'> & Partial<Omit<Run, 'id' | 'projectId' | 'kind' | 'counts'>>;

/**
 * What updateRun changes. `timings` and `counts` are merged into the stored ones, other fields are replaced, a field
 * given as undefined is removed. counts.candidates belongs to addCandidates and cannot be patched.
 */
export type RunPatch = Partial<Omit<Run, 'id' | 'projectId' | 'counts'>> & {
  counts?: Partial<Omit<RunCounts, 'candidates'>>;
};

/** Extra tallies addCandidates adds to the run's counts in the same transaction as the batch. */
export type BatchTally = Partial<Omit<RunCounts, 'candidates'>>;

/** A candidate as handed to addCandidates: runId and projectId are filled in from the run. */
export type NewCandidate = Omit<Candidate, 'runId' | 'projectId'> & Partial<Pick<Candidate, 'runId' | 'projectId'>>;

export interface PageOptions {
  offset?: number;
  limit?: number;
}

/** The file format of exportProject / importProject. */
export interface ProjectExport {
  format: 'lodestone-project';
  /** The database schema version that wrote the file. */
  schemaVersion: number;
  exportedAt: number;
  project: Project;
  /** Newest first, as listRuns. */
  runs: Run[];
  /** Grouped by run (in the order of runs), each run's in index order. */
  candidates: Candidate[];
}
