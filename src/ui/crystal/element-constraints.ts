// The include/exclude element constraints the periodic-table picker edits, as pure functions so that what a
// click does is tested without a browser.

export interface ElementConstraints {
  /** Elements every generated structure must contain. */
  include: string[];
  /** Elements no generated structure may contain. */
  exclude: string[];
}

export type ConstraintState = 'neutral' | 'include' | 'exclude';

export function stateOf(value: ElementConstraints, element: string): ConstraintState {
  return value.include.includes(element) ? 'include' : value.exclude.includes(element) ? 'exclude' : 'neutral';
}

const NEXT: Record<ConstraintState, ConstraintState> = { neutral: 'include', include: 'exclude', exclude: 'neutral' };

/**
 * The constraints after one click on an element: neutral → include → exclude → neutral. Returns a new value
 * (the input is left alone, so a bound $state sees an assignment); an element is never in both lists, and
 * one that somehow was leaves both.
 */
export function cycle(value: ElementConstraints, element: string): ElementConstraints {
  const next = NEXT[stateOf(value, element)];
  const include = value.include.filter((e) => e !== element);
  const exclude = value.exclude.filter((e) => e !== element);
  if (next === 'include') include.push(element);
  if (next === 'exclude') exclude.push(element);
  return { include, exclude };
}
