// Validation of everything db.ts writes and of project files it imports: plain JSON only (finite numbers,
// strings, booleans, null, arrays, plain objects), so whatever is stored can be exported and read back.
import type { BatchTally, Candidate, Project, ProjectExport, Run } from './db-types';

export const EXPORT_FORMAT = 'lodestone-project';

/** importProject refused a file. The message starts with the path of the first problem found. */
export class ImportError extends Error {
  override name = 'ImportError';
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
  }
}


/** Latest time a file may claim (a day ahead of this clock, for clocks that disagree). */
const notAfter = () => Date.now() + 86_400_000;

/**
 * Runs as this browser holds them: none is running here (a file's 'running' run was cut off where it was
 * exported: 'interrupted'), counts of candidates are the file's own, and times are real dates.
 */
function settleRuns(file: ProjectExport): ProjectExport {
  const per = new Map<string, number>();
  for (const c of file.candidates) per.set(c.runId, (per.get(c.runId) ?? 0) + 1);
  const runs = file.runs.map((run, i) => {
    if (run.startedAt < 0 || run.startedAt > notAfter()) fail(`runs[${i}].startedAt`, `is not a date this run could have started (${run.startedAt})`);
    const finishedAt = run.finishedAt !== undefined && run.finishedAt >= run.startedAt && run.finishedAt <= notAfter() ? run.finishedAt : undefined;
    const { finishedAt: _, ...rest } = run;
    return {
      ...rest,
      ...(finishedAt !== undefined ? { finishedAt } : {}),
      status: run.status === 'running' ? ('interrupted' as const) : run.status,
      counts: { ...run.counts, candidates: per.get(run.id) ?? 0 },
    };
  });
  for (const [i, p] of [file.project.createdAt, file.project.updatedAt].entries()) {
    if (p < 0 || p > notAfter()) fail(i ? 'project.updatedAt' : 'project.createdAt', `is not a date (${p})`);
  }
  return { ...file, runs };
}

/** A schema-1 candidate ({smiles}) as today's ({kind: 'molecule', repr}); anything else unchanged. */
export function upgradeCandidate<T>(c: T): T {
  if (typeof c !== 'object' || c === null || Array.isArray(c) || !('smiles' in c) || 'repr' in c) return c;
  const { smiles, ...rest } = c as Record<string, unknown>;
  return { ...rest, kind: 'molecule', repr: smiles } as T;
}

export function checkExport(data: unknown, currentVersion: number): ProjectExport {
  const root = plain(data, '');
  if (root.format !== EXPORT_FORMAT) expected('format', `"${EXPORT_FORMAT}"`, root.format);
  const schemaVersion = whole(root.schemaVersion, 'schemaVersion');
  if (schemaVersion < 1) expected('schemaVersion', 'a version ≥ 1', schemaVersion);
  if (schemaVersion > currentVersion) {
    const problem = `the file is from a newer Lodestone (schema ${schemaVersion}; this one reads up to ${currentVersion})`;
    fail('schemaVersion', problem);
  }
  // Files written before candidates had a kind (schema 1) hold molecules under `smiles`.
  const upgraded = schemaVersion < 2 && Array.isArray(root.candidates) ? { ...root, candidates: root.candidates.map(upgradeCandidate) } : root;
  const file = checkFile(upgraded, '');
  const projectId = file.project.id;
  const runIds = new Set<string>();
  file.runs.forEach((run, i) => {
    if (run.projectId !== projectId) fail(`runs[${i}].projectId`, `does not match project.id "${projectId}"`);
    if (runIds.has(run.id)) fail(`runs[${i}].id`, `duplicate run id "${run.id}"`);
    runIds.add(run.id);
  });
  const keys = new Set<string>();
  file.candidates.forEach((c, i) => {
    if (!runIds.has(c.runId)) fail(`candidates[${i}].runId`, `no run with id "${c.runId}" in this file`);
    if (c.projectId !== projectId) fail(`candidates[${i}].projectId`, `does not match project.id "${projectId}"`);
    const key = JSON.stringify([c.runId, c.index]);
    if (keys.has(key)) fail(`candidates[${i}].index`, `run "${c.runId}" already has a candidate with index ${c.index}`);
    keys.add(key);
  });
  return settleRuns(file);
}

export function withFreshIds(file: ProjectExport): Pick<ProjectExport, 'project' | 'runs' | 'candidates'> {
  const project = { ...file.project, id: crypto.randomUUID(), name: `${file.project.name} (imported)` };
  const ids = new Map(file.runs.map((run) => [run.id, crypto.randomUUID()]));
  const newId = (old: string) => ids.get(old) ?? fail('runId', `no run "${old}"`); // checked by checkExport
  return {
    project,
    runs: file.runs.map((run) => ({ ...run, id: newId(run.id), projectId: project.id })),
    candidates: file.candidates.map((c) => ({ ...c, runId: newId(c.runId), projectId: project.id })),
  };
}

// ---- validation: Check<T> returns its input as a T (without undefined fields) or throws an ImportError ----

type Check<T> = (v: unknown, at: string) => T;

function fail(at: string, problem: string): never {
  throw new ImportError(at || 'file', problem);
}

function expected(at: string, what: string, v: unknown): never {
  fail(at, v === undefined ? `missing (expected ${what})` : `expected ${what}, got ${describe(v)}`);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return typeof v === 'object' ? 'an object' : typeof v;
}

/** Validates with an import check, reporting a problem as a TypeError for the API call `context`. */
export function valid<T>(check: Check<T>, v: unknown, at: string, context: string): T {
  try {
    return check(v, at);
  } catch (e) {
    if (e instanceof ImportError) throw new TypeError(`${context}: ${e.message}`);
    throw e;
  }
}

function path(at: string, key: string): string {
  if (at === '') return key;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${at}.${key}` : `${at}[${JSON.stringify(key)}]`;
}

const text: Check<string> = (v, at) => (typeof v === 'string' ? v : expected(at, 'a string', v));
const nonEmpty: Check<string> = (v, at) =>
  typeof v === 'string' && v !== '' ? v : expected(at, 'a non-empty string', v);
const finite: Check<number> = (v, at) =>
  typeof v === 'number' && Number.isFinite(v) ? v : expected(at, 'a finite number', v);
const whole: Check<number> = (v, at) =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : expected(at, 'a whole number ≥ 0', v);
const flag: Check<boolean> = (v, at) => (typeof v === 'boolean' ? v : expected(at, 'true or false', v));
const finiteOrNull: Check<number | null> = (v, at) =>
  v === null || (typeof v === 'number' && Number.isFinite(v)) ? v : expected(at, 'a finite number or null', v);

const oneOf =
  <T extends string>(values: readonly T[]): Check<T> =>
  (v, at) =>
    values.includes(v as T) ? (v as T) : expected(at, `one of ${values.map((x) => `"${x}"`).join(', ')}`, v);

const optional =
  <T>(check: Check<T>): Check<T | undefined> =>
  (v, at) =>
    v === undefined ? undefined : check(v, at);

function plain(v: unknown, at: string): Record<string, unknown> {
  const proto = typeof v === 'object' && v !== null ? Object.getPrototypeOf(v) : undefined;
  if (Array.isArray(v) || (proto !== Object.prototype && proto !== null)) expected(at, 'an object', v);
  return v as Record<string, unknown>;
}

const list =
  <T>(check: Check<T>): Check<T[]> =>
  (v, at) => {
    if (!Array.isArray(v)) expected(at, 'an array', v);
    return Array.from(v, (x, i) => check(x, `${at}[${i}]`));
  };

/** An object with any keys, every value passing `check`. */
const dict =
  <T>(check: Check<T>): Check<Record<string, T>> =>
  (v, at) =>
    Object.fromEntries(Object.entries(plain(v, at)).map(([k, x]) => [k, check(x, path(at, k))]));

/** An object with exactly the keys of `spec` (those whose check accepts undefined may be absent). */
function record<S extends Record<string, Check<unknown>>>(spec: S): Check<{ [K in keyof S]: ReturnType<S[K]> }> {
  return (v, at) => {
    const o = plain(v, at);
    for (const key of Object.keys(o)) if (!Object.hasOwn(spec, key)) fail(path(at, key), 'unknown field');
    const out: Record<string, unknown> = {};
    for (const [key, check] of Object.entries(spec)) {
      const value = check(o[key], path(at, key));
      if (value !== undefined) out[key] = value;
    }
    return out as { [K in keyof S]: ReturnType<S[K]> };
  };
}

/** Plain JSON data: what survives JSON.stringify/parse unchanged. */
const json: Check<unknown> = (v, at) => jsonValue(v, at, 0);
function jsonValue(v: unknown, at: string, depth: number): unknown {
  if (depth > 100) fail(at, 'nested too deeply');
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return finite(v, at);
  if (Array.isArray(v)) return Array.from(v, (x, i) => jsonValue(x, `${at}[${i}]`, depth + 1));
  if (typeof v === 'object' && v !== null) {
    const entries = Object.entries(plain(v, at)).map(([k, x]) => [k, jsonValue(x, path(at, k), depth + 1)]);
    return Object.fromEntries(entries);
  }
  return expected(at, 'JSON data (string, finite number, boolean, null, array or object)', v);
}

export const checkProject: Check<Project> = record({
  id: nonEmpty,
  name: text,
  createdAt: finite,
  updatedAt: finite,
  notes: optional(text),
});

export const checkRun: Check<Run> = record({
  id: nonEmpty,
  projectId: nonEmpty,
  kind: oneOf(['predict', 'generate'] as const),
  modelIds: list(text),
  settings: dict(json),
  status: oneOf(['running', 'done', 'cancelled', 'failed', 'interrupted'] as const),
  startedAt: finite,
  finishedAt: optional(finite),
  timings: dict(finite),
  backend: optional(text),
  error: optional(text),
  counts: record({ candidates: whole, invalid: whole, duplicates: whole }),
});

export const checkCandidate: Check<Candidate> = record({
  runId: nonEmpty,
  index: whole,
  projectId: nonEmpty,
  kind: oneOf(['molecule', 'crystal'] as const),
  repr: text,
  name: optional(text),
  tags: optional(dict(text)),
  input: optional(text),
  props: dict(finiteOrNull),
  predicted: optional(dict(record({ mean: finite, std: finite }))),
  starred: optional(flag),
  novel: optional(flag),
  error: optional(text),
});

export const checkTally: Check<BatchTally> = record({ invalid: optional(whole), duplicates: optional(whole) });

const checkFile: Check<ProjectExport> = record({
  format: oneOf([EXPORT_FORMAT] as const),
  schemaVersion: whole,
  exportedAt: finite,
  project: checkProject,
  runs: list(checkRun),
  candidates: list(checkCandidate),
});
