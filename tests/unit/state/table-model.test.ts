// The candidate table's pure model: stable sorts with nulls last both ways, inclusive ranges, SMILES text and
// starred filters, Pareto ranks by key, and 100,000 rows in well under a frame budget's worth of seconds.
import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../../src/state/db-types';
import { COLUMNS, LruCache, column, filterRows, rowKey, sortRows } from '../../../src/state/table-model';

const cand = (index: number, props: Record<string, number | null> = {}, extra: Partial<Candidate> = {}): Candidate => ({
  runId: 'r',
  projectId: 'p',
  index,
  kind: 'molecule',
  repr: `C${'C'.repeat(index % 5)}O`,
  props,
  ...extra,
});
const idx = (rows: Candidate[]) => rows.map((c) => c.index);

describe('columns', () => {
  it('declares every column once, with the formats the e2e tests read', () => {
    expect(COLUMNS.map((c) => c.key)).toEqual(['index', 'depiction', 'smiles', 'logp', 'mw', 'tpsa', 'hbd', 'hba', 'rotb', 'qed', 'sa', 'novel', 'rank', 'star']);
    const c = cand(0, { qed: 0.71234, mw: 180.159, logp: null }, { predicted: { sa: { mean: 2.4149, std: 0.1234 } }, novel: true });
    expect(column('qed').format(c)).toBe('0.712');
    expect(column('mw').format(c)).toBe('180.2');
    expect(column('logp').format(c)).toBe('–');
    expect(column('sa').format(c)).toMatch(/^\d+\.\d\d ?±\d\.\d\d$/);
    expect(column('sa').predicted).toBe(true);
    expect(column('novel').format(c)).toBe('yes');
    expect(column('index').format(c)).toBe('1');
    const ranks = new Map([[rowKey(c), 2]]);
    expect(column('rank').get(c, ranks)).toBe(2);
    expect(column('rank').get(c)).toBeNull();
    expect(() => column('nope')).toThrow(/no table column/);
  });
});

describe('sortRows', () => {
  const rows = [cand(0, { qed: 0.5 }), cand(1, { qed: null }), cand(2, { qed: 0.2 }), cand(3, { qed: 0.5 }), cand(4, {}), cand(5, { qed: 0.9 })];

  it('sorts numbers both ways, nulls last in both, ties in input order', () => {
    expect(idx(sortRows(rows, 'qed', 'asc'))).toEqual([2, 0, 3, 5, 1, 4]);
    expect(idx(sortRows(rows, 'qed', 'desc'))).toEqual([5, 0, 3, 2, 1, 4]);
    expect(idx(rows)).toEqual([0, 1, 2, 3, 4, 5]); // input untouched
  });

  it('is stable on a shuffled input too (ties follow the input, not the index)', () => {
    const shuffled = [rows[3], rows[4], rows[0], rows[1]];
    expect(idx(sortRows(shuffled, 'qed', 'asc'))).toEqual([3, 0, 4, 1]);
    expect(idx(sortRows(shuffled, 'qed', 'desc'))).toEqual([3, 0, 4, 1]);
  });

  it('sorts strings, predicted means, stars, novelty and Pareto ranks', () => {
    const s = [cand(0, {}, { repr: 'c1ccccc1' }), cand(1, {}, { repr: 'CCO' }), cand(2, {}, { repr: '' }), cand(3, {}, { repr: 'C' })];
    expect(idx(sortRows(s, 'smiles', 'asc'))).toEqual([3, 1, 0, 2]);
    expect(idx(sortRows(s, 'smiles', 'desc'))).toEqual([0, 1, 3, 2]);
    const p = [cand(0, {}, { predicted: { sa: { mean: 3, std: 0.1 } } }), cand(1), cand(2, {}, { predicted: { sa: { mean: 2, std: 0.1 } } })];
    expect(idx(sortRows(p, 'sa', 'asc'))).toEqual([2, 0, 1]);
    const st = [cand(0), cand(1, {}, { starred: true }), cand(2), cand(3, {}, { starred: true })];
    expect(idx(sortRows(st, 'star', 'desc'))).toEqual([1, 3, 0, 2]);
    const nv = [cand(0, {}, { novel: false }), cand(1), cand(2, {}, { novel: true })];
    expect(idx(sortRows(nv, 'novel', 'desc'))).toEqual([2, 0, 1]);
    const ranks = new Map([['r:0', 3], ['r:2', 1], ['r:3', 1]]);
    expect(idx(sortRows([cand(0), cand(1), cand(2), cand(3)], 'rank', 'asc', ranks))).toEqual([2, 3, 0, 1]);
    expect(idx(sortRows([cand(0), cand(1)], 'rank', 'desc'))).toEqual([0, 1]); // no ranks: all null, order kept
  });

  it('sorts and filters 100,000 rows quickly and correctly', () => {
    let seed = 42;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const big = Array.from({ length: 100_000 }, (_, i) =>
      cand(i, { qed: i % 97 === 0 ? null : Math.round(rand() * 1000) / 1000, mw: 100 + rand() * 400 }, { starred: i % 3 === 0 }),
    );
    const t0 = performance.now();
    const asc = sortRows(big, 'qed', 'asc');
    const desc = sortRows(big, 'qed', 'desc');
    const bySmiles = sortRows(big, 'smiles', 'asc');
    const filtered = filterRows(asc, [{ key: 'mw', min: 200, max: 300 }], 'CC', true);
    const ms = performance.now() - t0;
    expect(asc).toHaveLength(100_000);
    const nulls = Math.ceil(100_000 / 97);
    let ordered = true;
    for (let i = 1; i < asc.length - nulls; i++) {
      const [a, b] = [asc[i - 1], asc[i]];
      ordered &&= a.props.qed! < b.props.qed! || (a.props.qed === b.props.qed && a.index < b.index);
    }
    expect(ordered).toBe(true);
    expect(asc.slice(-nulls).every((c) => c.props.qed === null)).toBe(true);
    expect(desc.slice(-nulls).every((c) => c.props.qed === null)).toBe(true);
    expect(desc[0].props.qed).toBe(asc[asc.length - nulls - 1].props.qed);
    expect([bySmiles[0].repr, bySmiles[99_999].repr]).toEqual(['CCCCCO', 'CO']);
    expect(filtered.every((c) => c.starred && c.repr.includes('CC') && c.props.mw! >= 200 && c.props.mw! <= 300)).toBe(true);
    expect(filtered.length).toBeGreaterThan(1000);
    expect(ms).toBeLessThan(3000); // typically ~150 ms; generous because the CI machine is shared
  });
});

describe('filterRows', () => {
  const rows = [
    cand(0, { qed: 0.5, mw: 200 }),
    cand(1, { qed: null, mw: 250 }),
    cand(2, { qed: 0.2, mw: 300 }, { starred: true }),
    cand(3, { qed: 0.8, mw: 350 }, { repr: 'c1ccccc1Cl' }),
    cand(4, { qed: 0.9 }, { starred: true, repr: 'ClCCl' }),
  ];

  it('keeps everything without filters (a copy, in order)', () => {
    const out = filterRows(rows, []);
    expect(idx(out)).toEqual([0, 1, 2, 3, 4]);
    expect(out).not.toBe(rows);
    expect(idx(filterRows(rows, [{ key: 'qed' }, { key: 'mw', min: NaN }], '  '))).toEqual([0, 1, 2, 3, 4]);
  });

  it('ranges are inclusive; a missing value fails an active range', () => {
    expect(idx(filterRows(rows, [{ key: 'qed', min: 0.5, max: 0.8 }]))).toEqual([0, 3]);
    expect(idx(filterRows(rows, [{ key: 'qed', min: 0.5 }]))).toEqual([0, 3, 4]);
    expect(idx(filterRows(rows, [{ key: 'mw', max: 250 }]))).toEqual([0, 1]);
    expect(idx(filterRows(rows, [{ key: 'qed', min: 0 }, { key: 'mw', min: 250 }]))).toEqual([2, 3]);
    expect(idx(filterRows(rows, [{ key: 'qed', min: 0.6, max: 0.4 }]))).toEqual([]);
  });

  it('filters predicted values and Pareto ranks', () => {
    const p = [cand(0, {}, { predicted: { sa: { mean: 2.5, std: 0.1 } } }), cand(1), cand(2, {}, { predicted: { sa: { mean: 4, std: 0.1 } } })];
    expect(idx(filterRows(p, [{ key: 'sa', max: 3 }]))).toEqual([0]);
    const ranks = new Map([['r:0', 1], ['r:1', 2]]);
    expect(idx(filterRows(rows, [{ key: 'rank', max: 1 }], undefined, false, ranks))).toEqual([0]);
  });

  it('SMILES contains (case-sensitive: c and C are different atoms) and starred only', () => {
    expect(idx(filterRows(rows, [], 'Cl'))).toEqual([3, 4]);
    expect(idx(filterRows(rows, [], 'cl'))).toEqual([]);
    expect(idx(filterRows(rows, [], ' ccccc '))).toEqual([3]);
    expect(idx(filterRows(rows, [], undefined, true))).toEqual([2, 4]);
    expect(idx(filterRows(rows, [{ key: 'qed', min: 0.85 }], 'Cl', true))).toEqual([4]);
  });

  it('keeps a sorted input sorted', () => {
    const sorted = sortRows(rows, 'qed', 'desc');
    expect(idx(filterRows(sorted, [{ key: 'mw', min: 1 }]))).toEqual([3, 0, 2, 1]);
  });
});

describe('LruCache', () => {
  it('evicts the least recently used; reading refreshes', () => {
    const c = new LruCache<string, number>(2);
    c.set('a', 1);
    c.set('b', 2);
    expect(c.get('a')).toBe(1);
    c.set('c', 3);
    expect(c.get('b')).toBeUndefined();
    expect([c.get('a'), c.get('c'), c.size]).toEqual([1, 3, 2]);
    c.set('a', 10);
    c.set('d', 4);
    expect([c.get('a'), c.get('c'), c.get('d')]).toEqual([10, undefined, 4]);
  });
});
