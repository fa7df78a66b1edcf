// What a fuzz target is and how one input is judged. Shared by the bounded property tests in this folder and
// by `npm run fuzz` (scripts/fuzz.ts), so both check exactly the same properties.
import { isDeepStrictEqual } from 'node:util';
import type { Arbitrary } from 'fast-check';

/** A property of a parser's answer that does not hold (a wrong line number, a round trip that changed data). */
export class PropertyFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PropertyFailure';
  }
}

export interface FuzzTarget<T = unknown> {
  name: string;
  arbitrary: Arbitrary<T>;
  /** Run the code under test on one input and check its answer; throw PropertyFailure when a property fails. */
  check(input: T): void;
  /** The code's own documented error for bad input (its clear message). Anything else thrown is "uncaught". */
  expected(e: unknown): boolean;
}

/** Type-erase a target so targets of different input types fit in one list. */
export function target<T>(t: FuzzTarget<T>): FuzzTarget {
  return t as unknown as FuzzTarget;
}

/** An input that takes longer than this is "slow": inputs are at most a few kilobytes; the parsers are linear. */
export const SLOW_MS = 100;

export type Outcome = 'ok' | 'uncaught' | 'failed';

export interface Judged {
  outcome: Outcome;
  ms: number;
  /** For uncaught and failed: what was thrown. */
  detail?: string;
}

export function judge(t: FuzzTarget, input: unknown): Judged {
  const t0 = performance.now();
  try {
    t.check(input);
    return { outcome: 'ok', ms: performance.now() - t0 };
  } catch (e) {
    const ms = performance.now() - t0;
    if (e instanceof PropertyFailure) return { outcome: 'failed', ms, detail: e.message };
    if (t.expected(e)) return { outcome: 'ok', ms };
    const detail = e instanceof Error ? `${e.name}: ${e.message}` : `non-Error thrown: ${String(e)}`;
    return { outcome: 'uncaught', ms, detail };
  }
}

/**
 * judge(), but an input over `boundMs` is timed twice more and keeps its fastest time: a pause for garbage
 * collection or a busy machine (the suite shares cores with training) is not the parser being slow.
 */
export function judgeTimed(t: FuzzTarget, input: unknown, boundMs: number): Judged {
  const first = judge(t, input);
  if (first.ms <= boundMs) return first;
  const ms = Math.min(first.ms, judge(t, input).ms, judge(t, input).ms);
  return { ...first, ms };
}

export function must(ok: boolean, message: string): void {
  if (!ok) throw new PropertyFailure(message);
}

/** Lines as every reader here counts them: a leading byte-order mark dropped, then CRLF, LF or a lone CR. */
export function lineCount(text: string): number {
  return (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r\n|\r|\n/).length;
}

/** Every reported line is a real line of the file. */
export function linesInFile(text: string, items: { line: number }[], what: string): void {
  const n = lineCount(text);
  for (const it of items) must(Number.isInteger(it.line) && it.line >= 1 && it.line <= n, `${what} line ${it.line} outside 1..${n}`);
}

/** Deep equality, key order ignored (a reader need not keep the writer's order). */
export function same(expected: unknown, got: unknown, what: string): void {
  if (!isDeepStrictEqual(expected, got)) throw new PropertyFailure(`${what}: expected ${clip(JSON.stringify(expected))}, got ${clip(JSON.stringify(got))}`);
}

export function clip(s: string | undefined, n = 300): string {
  const t = s ?? 'undefined';
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
}
