// The candidate table's UI state: sort, filters, and the cache of 2D depictions. The rows themselves stay
// with their owner (Projects); this class only derives the view, lazily, so a view nobody reads costs nothing.
import type { Candidate } from './db-types';
import { COLUMNS, filterRows, LruCache, rowKey, sortRows, type Column, type RankMap, type RangeFilter, type SortDir } from './table-model';

export type Depict = (smiles: string) => Promise<string>;

/** Input values as Svelte binds them: a number, or null/undefined for an empty box. */
type Bound = number | null | undefined;

export class TableState {
  sortKey = $state<string | null>(null);
  sortDir = $state<SortDir>('asc');
  ranges = $state<Record<string, { min: Bound; max: Bound }>>({});
  text = $state('');
  starredOnly = $state(false);
  /** Show the columns a domain keeps for "more columns" (PropertySpec.column 'more'). */
  moreColumns = $state(false);
  /** Shared by every row's Depiction; survives scrolling, sorting and filtering. */
  readonly depictions = new DepictionCache(500);

  readonly #rows: () => readonly Candidate[];
  readonly #ranks: () => RankMap | undefined;
  /** The domain's columns; fixed for the table's life (a table per domain). */
  readonly columns: readonly Column[];

  constructor(rows: () => readonly Candidate[], ranks: () => RankMap | undefined = () => undefined, columns: readonly Column[] = COLUMNS) {
    this.#rows = rows;
    this.#ranks = ranks;
    this.columns = columns;
    this.ranges = Object.fromEntries(columns.filter((c) => c.range).map((c) => [c.key, { min: null, max: null }]));
  }

  readonly filters: RangeFilter[] = $derived(
    Object.entries(this.ranges).map(([key, r]) => ({ key, min: r.min ?? undefined, max: r.max ?? undefined })),
  );

  // Sorted first, filtered second: typing in a filter box then only costs a linear pass, not a re-sort.
  readonly sorted: readonly Candidate[] = $derived.by(() =>
    this.sortKey === null ? this.#rows() : sortRows(this.#rows(), this.sortKey, this.sortDir, this.#ranks(), this.columns),
  );

  readonly view: readonly Candidate[] = $derived.by(() => filterRows(this.sorted, this.filters, this.text, this.starredOnly, this.#ranks(), this.columns));

  /** Position of each row in the view; built only when first asked (keyboard navigation), then kept. */
  readonly #positions: Map<string, number> = $derived(new Map(this.view.map((c, i) => [rowKey(c), i])));

  indexOf(key: string | null | undefined): number {
    return key == null ? -1 : (this.#positions.get(key) ?? -1);
  }

  /** The columns on screen: a "more" column also shows while it is sorted by or filtered, so no hidden column
   * quietly shapes the view. */
  readonly shown: readonly Column[] = $derived.by(() =>
    this.columns.filter((c) => !c.more || this.moreColumns || this.sortKey === c.key || this.ranges[c.key]?.min != null || this.ranges[c.key]?.max != null),
  );

  /** Labels of the columns kept for "more columns" (empty: the toggle is not offered). */
  get moreLabels(): string[] {
    return this.columns.filter((c) => c.more).map((c) => c.label);
  }

  get filtering(): boolean {
    return this.starredOnly || this.text.trim() !== '' || this.filters.some((f) => f.min !== undefined || f.max !== undefined);
  }

  /** A new column sorts ascending; the sorted column flips. */
  toggleSort(key: string): void {
    if (this.sortKey === key) this.sortDir = this.sortDir === 'asc' ? 'desc' : 'asc';
    else {
      this.sortKey = key;
      this.sortDir = 'asc';
    }
  }

  ariaSort(key: string): 'ascending' | 'descending' | 'none' {
    return this.sortKey !== key ? 'none' : this.sortDir === 'asc' ? 'ascending' : 'descending';
  }

  clearFilters(): void {
    for (const r of Object.values(this.ranges)) r.min = r.max = null;
    this.text = '';
    this.starredOnly = false;
  }
}

/**
 * Depictions by SMILES: the last `capacity` drawn are kept (an SVG is ~8 kB, so 500 is ~4 MB), and a SMILES
 * asked for twice while in flight is drawn once. A failure is not cached, so the next ask retries.
 */
export class DepictionCache {
  readonly #done: LruCache<string, string>;
  readonly #pending = new Map<string, Promise<string>>();

  constructor(capacity: number) {
    this.#done = new LruCache(capacity);
  }

  /** Synchronous, so a row scrolled back into view shows its picture in the same frame. */
  peek(smiles: string): string | undefined {
    return this.#done.get(smiles);
  }

  get(smiles: string, depict: Depict): Promise<string> {
    const hit = this.#done.get(smiles);
    if (hit !== undefined) return Promise.resolve(hit);
    let p = this.#pending.get(smiles);
    if (!p) {
      p = depict(smiles).then(
        (svg) => {
          this.#pending.delete(smiles);
          this.#done.set(smiles, svg);
          return svg;
        },
        (e: unknown) => {
          this.#pending.delete(smiles);
          throw e;
        },
      );
      this.#pending.set(smiles, p);
    }
    return p;
  }
}

/**
 * Adapts a batch API (the chemistry worker's depict(smiles[])) to the one-SMILES function the table wants:
 * requests made within `waitMs` go to the worker as one call, so a screenful of rows costs one round trip.
 */
export function batchDepict(draw: (smiles: string[]) => Promise<string[]>, waitMs = 10, max = 64): Depict {
  let queue: { smiles: string; resolve: (svg: string) => void; reject: (e: unknown) => void }[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    timer = null;
    const jobs = queue;
    queue = [];
    for (let i = 0; i < jobs.length; i += max) {
      const part = jobs.slice(i, i + max);
      draw(part.map((j) => j.smiles)).then(
        (svgs) => part.forEach((j, k) => j.resolve(svgs[k] ?? '')),
        (e: unknown) => part.forEach((j) => j.reject(e)),
      );
    }
  };
  return (smiles) =>
    new Promise<string>((resolve, reject) => {
      queue.push({ smiles, resolve, reject });
      timer ??= setTimeout(flush, waitMs);
    });
}
