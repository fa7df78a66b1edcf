// A stored run's settings through its generator's contract: the one gate for settings that come from the
// database, a project file or a run file. A run whose settings do not pass is shown as unreadable (its
// candidates stay listed and exportable); nothing in it reaches a model or a component that trusts it.
import { SettingsError, type BaseSettings, type GeneratorMeta, type Target } from '../contract/generator';
import { isPlainObject } from '../contract/settings';
import { DOMAINS, findGenerator } from '../domains/registry';
import type { DomainSpec } from '../contract/domain';
import type { Run } from './db-types';

export type ReadRun =
  | { ok: true; meta: GeneratorMeta; settings: BaseSettings }
  | { ok: false; error: string };

const cache = new WeakMap<object, ReadRun>();

/** A generation run's generator and settings, or why they cannot be read. */
export function readRun(run: Pick<Run, 'kind' | 'settings'>): ReadRun {
  const raw = run.settings as unknown;
  if (!isPlainObject(raw)) return { ok: false, error: 'its settings are not an object' };
  const hit = cache.get(raw);
  if (hit) return hit;
  let out: ReadRun;
  const meta = findGenerator(raw.generator);
  if (run.kind !== 'generate') out = { ok: false, error: 'not a generation run' };
  else if (!meta) out = { ok: false, error: `unknown generator ${JSON.stringify(String(raw.generator ?? '')).slice(0, 42)}` };
  else {
    try {
      const { generator: _, ...rest } = raw;
      out = { ok: true, meta, settings: meta.normalise(rest) };
    } catch (e) {
      out = { ok: false, error: e instanceof SettingsError || e instanceof Error ? e.message : String(e) };
    }
  }
  cache.set(raw, out);
  return out;
}

/** The run list's line for a run: its settings in the panel's words, or why they cannot be read. */
export function describeRun(run: Pick<Run, 'kind' | 'settings'>): string {
  if (run.kind !== 'generate') return '';
  const r = readRun(run);
  return r.ok ? r.meta.describe(r.settings) : `unreadable settings (${r.error})`;
}

/**
 * The domain a run's items belong to: its generator's, or for a scoring run the domain it names (runs written
 * before there were several domains scored molecules). Unknown names fall back to the first domain of that kind.
 */
export function runDomain(run: Pick<Run, 'kind' | 'settings'> | null | undefined, fallback: DomainSpec): DomainSpec {
  const raw = run?.settings as Record<string, unknown> | undefined;
  if (!raw || !isPlainObject(raw)) return fallback;
  const meta = findGenerator(raw.generator);
  if (meta) return DOMAINS.find((d) => d.id === meta.domain) ?? fallback;
  if (run!.kind === 'predict') return DOMAINS.find((d) => d.id === raw.domain) ?? DOMAINS.find((d) => d.kind === 'molecule') ?? fallback;
  return fallback;
}

/** How the table first orders a run's candidates (its generator's `order`), tagged with the run so a table applies it once per run. */
export function runOrder(run: Pick<Run, 'id' | 'kind' | 'settings'> | null | undefined): { key: string; dir: 'asc' | 'desc'; run: string } | null {
  if (!run) return null;
  const r = readRun(run);
  const o = r.ok ? (r.meta.order?.(r.settings) ?? null) : null;
  return o ? { ...o, run: run.id } : null;
}

/** The target boxes a generation run asked for (none for a scoring run or a run without targets). */
export function runTargets(run: Pick<Run, 'id' | 'kind' | 'settings'> | null | undefined): readonly Target[] {
  if (!run || run.kind !== 'generate') return [];
  const r = readRun(run);
  return r.ok ? (r.settings.targets ?? []) : [];
}
