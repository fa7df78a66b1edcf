// Structures bucketed by reduced formula and site count, prepared once (reduced cell) for the structure matcher:
// duplicates within a run, novelty against a training set, duplicates across the workers that shared a run. Only
// structures of the same bucket are ever compared, so a set of thousands answers in microseconds per query.
import { StructureMatcher, type Prepared } from './matcher';
import type { Structure } from './structure';

/** Structures by reduced formula and site count, prepared once, for matching. */
export class StructureIndex {
  readonly #byKey = new Map<string, Prepared[]>();
  readonly matcher: StructureMatcher;

  constructor(matcher = new StructureMatcher()) {
    this.matcher = matcher;
  }

  static keyOf(p: Prepared): string {
    return `${p.formula}|${p.structure.species.length}`;
  }

  /** Whether a stored structure matches this one. */
  find(p: Prepared): boolean {
    return (this.#byKey.get(StructureIndex.keyOf(p)) ?? []).some((q) => this.matcher.fit(p, q));
  }

  add(p: Prepared): void {
    const k = StructureIndex.keyOf(p);
    const list = this.#byKey.get(k);
    if (list) list.push(p);
    else this.#byKey.set(k, [p]);
  }

  static of(structures: readonly Structure[], matcher = new StructureMatcher()): StructureIndex {
    const index = new StructureIndex(matcher);
    for (const s of structures) index.add(matcher.prepare(s));
    return index;
  }
}
