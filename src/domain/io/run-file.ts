// A run file: the small JSON that lets someone else repeat a run exactly (settings with the seed, and the models
// pinned by the SHA-256 of their cards). Read strictly: a file we cannot fully understand is refused with the
// field that is wrong, never half-applied.

export const RUN_FILE_FORMAT = 'lodestone-run';
export const RUN_FILE_VERSION = 1;
/** Run files are a few kilobytes; refusing big ones keeps a hostile file from costing much to parse. */
export const MAX_RUN_FILE_CHARS = 1_000_000;
const MAX_DEPTH = 32;

export interface RunFileModel {
  id: string;
  /** Lowercase hex SHA-256 of the model card file (static/models/<id>.json) the run used. */
  cardSha256: string;
}

export interface RunFile {
  format: typeof RUN_FILE_FORMAT;
  version: typeof RUN_FILE_VERSION;
  /** What wrote the file, e.g. "Lodestone 0.1.0". */
  generator: string;
  /** Every setting of the run, including an integer seed; plain JSON. */
  settings: Record<string, unknown>;
  models: RunFileModel[];
  /** ISO 8601 time, e.g. "2025-01-31T12:00:00.000Z". */
  createdAt: string;
}

export interface RunFileInit {
  generator: string;
  settings: Record<string, unknown>;
  models: RunFileModel[];
  /** Default: now. */
  createdAt?: Date | number;
}

const KEYS = ['format', 'version', 'generator', 'settings', 'models', 'createdAt'];
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;

/** A checked run file, detached from the caller's objects; write it with JSON.stringify(file, null, 2). */
export function makeRunFile(init: RunFileInit): RunFile {
  const time = new Date(init.createdAt ?? Date.now());
  if (!Number.isFinite(time.getTime())) throw new Error(`run file: "createdAt" is not a valid time (${String(init.createdAt)})`);
  const file = {
    format: RUN_FILE_FORMAT,
    version: RUN_FILE_VERSION,
    generator: init.generator,
    settings: init.settings,
    models: init.models.map((m) => ({ id: m.id, cardSha256: m.cardSha256 })),
    createdAt: time.toISOString(),
  };
  // The same checks as reading, so every file we write is one we accept (settings must survive JSON exactly).
  checkRunFile(file);
  return JSON.parse(JSON.stringify(file)) as RunFile;
}

/** Parse and check a run file; throws an Error naming the first field that is missing or wrong. */
export function parseRunFile(text: string): RunFile {
  if (text.length > MAX_RUN_FILE_CHARS) throw new Error(`run file is ${text.length} characters, more than the ${MAX_RUN_FILE_CHARS} allowed`);
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new Error(`run file is not valid JSON: ${(e as Error).message}`);
  }
  checkRunFile(data);
  return data;
}

function checkRunFile(data: unknown): asserts data is RunFile {
  if (!isPlainObject(data)) throw new Error('run file: expected a JSON object at the top level');
  const extra = Object.keys(data).filter((k) => !KEYS.includes(k));
  if (extra.length > 0) throw new Error(`run file: unknown field ${extra.map((k) => JSON.stringify(k)).join(', ')}`);
  for (const k of KEYS) if (!Object.hasOwn(data, k)) throw new Error(`run file: missing field "${k}"`);
  if (data.format !== RUN_FILE_FORMAT) throw new Error(`run file: "format" is ${describe(data.format)}, expected "${RUN_FILE_FORMAT}"`);
  if (data.version !== RUN_FILE_VERSION) throw new Error(`run file: "version" ${describe(data.version)} is not supported (this studio reads version ${RUN_FILE_VERSION})`);
  if (typeof data.generator !== 'string' || data.generator.trim() === '') throw new Error(`run file: "generator" must be a non-empty string, got ${describe(data.generator)}`);
  if (typeof data.createdAt !== 'string' || !ISO_TIME.test(data.createdAt) || !Number.isFinite(Date.parse(data.createdAt)))
    throw new Error(`run file: "createdAt" must be an ISO 8601 time, got ${describe(data.createdAt)}`);

  const settings = data.settings;
  if (!isPlainObject(settings)) throw new Error(`run file: "settings" must be an object, got ${describe(settings)}`);
  if (!Object.hasOwn(settings, 'seed')) throw new Error('run file: missing field "settings.seed"');
  if (!Number.isSafeInteger(settings.seed)) throw new Error(`run file: "settings.seed" must be an integer, got ${describe(settings.seed)}`);
  checkJson(settings, 'settings', 0);

  if (!Array.isArray(data.models)) throw new Error(`run file: "models" must be an array, got ${describe(data.models)}`);
  const seen = new Set<string>();
  data.models.forEach((m: unknown, i) => {
    const at = `models[${i}]`;
    if (!isPlainObject(m)) throw new Error(`run file: "${at}" must be an object, got ${describe(m)}`);
    const extraM = Object.keys(m).filter((k) => k !== 'id' && k !== 'cardSha256');
    if (extraM.length > 0) throw new Error(`run file: unknown field "${at}.${extraM[0]}"`);
    if (typeof m.id !== 'string' || m.id === '') throw new Error(`run file: "${at}.id" must be a non-empty string, got ${describe(m.id)}`);
    if (seen.has(m.id)) throw new Error(`run file: "${at}.id" repeats model "${m.id}"`);
    seen.add(m.id);
    if (typeof m.cardSha256 !== 'string' || !SHA256_HEX.test(m.cardSha256))
      throw new Error(`run file: "${at}.cardSha256" must be 64 lowercase hex digits, got ${describe(m.cardSha256)}`);
  });
}

/** Plain JSON only, so the file reads back exactly as written (no undefined, NaN, Infinity, Dates, class instances). */
function checkJson(v: unknown, path: string, depth: number): void {
  if (depth > MAX_DEPTH) throw new Error(`run file: "${path}" is nested more than ${MAX_DEPTH} levels deep`);
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`run file: "${path}" must be a finite number, got ${v}`);
    return;
  }
  if (Array.isArray(v)) {
    v.forEach((x, i) => checkJson(x, `${path}[${i}]`, depth + 1));
    return;
  }
  if (isPlainObject(v)) {
    for (const [k, x] of Object.entries(v)) checkJson(x, `${path}.${k}`, depth + 1);
    return;
  }
  throw new Error(`run file: "${path}" is ${describe(v)}, not plain JSON`);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function describe(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 39)}…` : v);
  if (typeof v === 'object') return isPlainObject(v) ? 'an object' : `a ${v.constructor?.name ?? 'non-plain object'}`;
  return `${typeof v} ${String(v)}`;
}

/** Lowercase hex SHA-256 (Web Crypto: browsers in a secure context, Node 20+). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined) throw new Error('SHA-256 needs Web Crypto (crypto.subtle), which browsers offer only on https or localhost');
  // Copy into a plain ArrayBuffer: digest() refuses views over SharedArrayBuffer.
  const digest = await subtle.digest('SHA-256', new Uint8Array(bytes));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
