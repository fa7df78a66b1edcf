// Pure helpers the families' normalise() and validate() share: reading untrusted JSON field by field with
// errors that name the field, and the checks every target box needs.
import type { PropertySpec } from './domain';
import { SettingsError, type Target } from './generator';

export const isPlainObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x) && Object.getPrototypeOf(x) === Object.prototype;

const shown = (x: unknown): string => {
  const s = typeof x === 'string' ? JSON.stringify(x) : Array.isArray(x) ? 'a list' : x === null ? 'null' : typeof x === 'object' ? 'an object' : String(x);
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
};

/** A reader over an untrusted settings object: each getter returns the default when the field is absent. */
export class Fields {
  constructor(
    readonly raw: Record<string, unknown>,
    readonly where = 'settings',
  ) {}

  static of(x: unknown, where = 'settings'): Fields {
    if (!isPlainObject(x)) throw new SettingsError({ '': `must be an object, not ${shown(x)}` }, where);
    return new Fields(x, where);
  }

  has(key: string): boolean {
    return Object.hasOwn(this.raw, key) && this.raw[key] !== undefined;
  }

  number(key: string, dflt: number): number {
    if (!this.has(key)) return dflt;
    const v = this.raw[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new SettingsError({ [key]: `must be a number, not ${shown(v)}` }, this.where);
    return v;
  }

  integer(key: string, dflt: number): number {
    const v = this.number(key, dflt);
    if (!Number.isInteger(v)) throw new SettingsError({ [key]: `must be a whole number, not ${v}` }, this.where);
    return v;
  }

  string(key: string, dflt: string): string {
    if (!this.has(key)) return dflt;
    const v = this.raw[key];
    if (typeof v !== 'string') throw new SettingsError({ [key]: `must be text, not ${shown(v)}` }, this.where);
    return v;
  }

  /** A list of strings (at most `max`). */
  strings(key: string, max = 200): string[] {
    if (!this.has(key)) return [];
    const v = this.raw[key];
    if (!Array.isArray(v) || v.length > max || !v.every((x) => typeof x === 'string'))
      throw new SettingsError({ [key]: `must be a list of at most ${max} names, not ${shown(v)}` }, this.where);
    return v as string[];
  }

  /** One of `allowed` (own values only: "toString" is not a sampler). */
  oneOf<T extends string>(key: string, allowed: readonly T[], dflt: T): T {
    const v = this.string(key, dflt);
    if (!allowed.includes(v as T)) throw new SettingsError({ [key]: `must be one of ${allowed.join(', ')}, not ${shown(v)}` }, this.where);
    return v as T;
  }

  object(key: string): Fields | undefined {
    if (!this.has(key) || this.raw[key] === null) return undefined;
    return Fields.of(this.raw[key], `${this.where}.${key}`);
  }

  /** Target boxes: a list of {key, min, max}, each key a target property of the domain, at most once. */
  targets(key: string, props: readonly Pick<PropertySpec, 'key' | 'target'>[]): Target[] {
    if (!this.has(key)) return [];
    const v = this.raw[key];
    if (!Array.isArray(v)) throw new SettingsError({ [key]: `must be a list of target boxes, not ${shown(v)}` }, this.where);
    if (v.length > props.length) throw new SettingsError({ [key]: `has ${v.length} boxes; there are ${props.length} properties` }, this.where);
    const out = v.map((t, i) => {
      const f = Fields.of(t, `${this.where}.${key}[${i}]`);
      const k = f.oneOf('key', props.filter((p) => p.target).map((p) => p.key), '' as string);
      return { key: k, min: f.number('min', Number.NaN), max: f.number('max', Number.NaN) };
    });
    const keys = new Set(out.map((t) => t.key));
    if (keys.size !== out.length) throw new SettingsError({ [key]: 'names a property twice' }, this.where);
    return out;
  }
}

/** Problems with target boxes, by property key: ends that are not numbers, min above max, a box outside what the model knows. */
export function targetProblems(targets: readonly Target[], props: readonly Pick<PropertySpec, 'key' | 'range'>[]): Record<string, string> {
  const p: Record<string, string> = {};
  for (const t of targets) {
    const spec = props.find((x) => x.key === t.key);
    if (!spec) p[t.key] = `not a property this generator can aim for`;
    else if (!Number.isFinite(t.min) || !Number.isFinite(t.max)) p[t.key] = 'both ends must be numbers';
    else if (t.min > t.max) p[t.key] = `min ${t.min} is above max ${t.max}: nothing can be in this box`;
    else if (t.max < spec.range[0] || t.min > spec.range[1]) p[t.key] = `outside what the model knows (${spec.range[0]} to ${spec.range[1]})`;
  }
  return p;
}

/** Throws a SettingsError listing the problems, if any. */
export function assertValid(problems: Record<string, string>, where = 'settings'): void {
  if (Object.keys(problems).length) throw new SettingsError(problems, where);
}
