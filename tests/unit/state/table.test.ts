// The table's state (sort/filter view, the depiction cache and batching) and the table as it renders: only the
// rows in view, the data-testids and formats the e2e tests read, aria-sort and the predicted-value marks.
import { describe, expect, it, vi } from 'vitest';
import { render } from 'svelte/server';
import type { Candidate } from '../../../src/state/db-types';
import { batchDepict, DepictionCache, TableState } from '../../../src/state/table.svelte';
import CandidateTable from '../../../src/ui/CandidateTable.svelte';

const cand = (index: number, qed: number | null, extra: Partial<Candidate> = {}): Candidate => ({
  runId: 'r',
  projectId: 'p',
  index,
  kind: 'molecule',
  repr: index % 2 ? 'CCO' : 'c1ccccc1',
  props: { qed, mw: 100 + index, logp: 1.234, tpsa: 20, hbd: 1, hba: 2, rotb: 3 },
  predicted: { sa: { mean: 2.4149, std: 0.1234 } },
  novel: index % 2 === 0,
  ...extra,
});

describe('TableState', () => {
  it('derives the view: index order until a header is clicked, then sorted; filters on top', () => {
    let rows = [cand(0, 0.5), cand(1, null), cand(2, 0.9), cand(3, 0.1, { starred: true })];
    const t = new TableState(() => rows);
    expect(t.view.map((c) => c.index)).toEqual([0, 1, 2, 3]);
    expect(t.ariaSort('qed')).toBe('none');
    t.toggleSort('qed');
    expect([t.sortDir, t.ariaSort('qed')]).toEqual(['asc', 'ascending']);
    expect(t.view.map((c) => c.index)).toEqual([3, 0, 2, 1]);
    t.toggleSort('qed');
    expect(t.ariaSort('qed')).toBe('descending');
    expect(t.view.map((c) => c.index)).toEqual([2, 0, 3, 1]);
    t.ranges.qed.min = 0.5;
    expect(t.filtering).toBe(true);
    expect(t.view.map((c) => c.index)).toEqual([2, 0]);
    expect([t.indexOf('r:0'), t.indexOf('r:3'), t.indexOf(undefined)]).toEqual([1, -1, -1]);
    t.clearFilters();
    t.starredOnly = true;
    expect(t.view.map((c) => c.index)).toEqual([3]);
    t.clearFilters();
    expect(t.filtering).toBe(false);
    t.toggleSort('mw');
    expect([t.sortKey, t.sortDir]).toEqual(['mw', 'asc']);
    rows = [...rows, cand(4, 0.2)];
    expect(t.view.map((c) => c.index)).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('more columns', () => {
  it('keeps HBD, HBA and RotB off screen until asked, or while they sort or filter the view', () => {
    const t = new TableState(() => [cand(0, 0.5)]);
    const shown = () => t.shown.map((c) => c.key).filter((k) => ['hbd', 'hba', 'rotb'].includes(k));
    expect(t.moreLabels).toEqual(['HBD', 'HBA', 'RotB']);
    expect(shown()).toEqual([]);
    t.toggleSort('rotb');
    t.ranges.hbd.max = 2;
    expect(shown()).toEqual(['hbd', 'rotb']);
    t.clearFilters();
    t.sortKey = null;
    t.moreColumns = true;
    expect(shown()).toEqual(['hbd', 'hba', 'rotb']);
  });
});

describe('DepictionCache', () => {
  it('draws a SMILES once, even when asked again while in flight, and keeps the last N', async () => {
    const draw = vi.fn(async (s: string) => `<svg>${s}</svg>`);
    const cache = new DepictionCache(2);
    const [a1, a2] = await Promise.all([cache.get('C', draw), cache.get('C', draw)]);
    expect([a1, a2, cache.peek('C')]).toEqual(['<svg>C</svg>', '<svg>C</svg>', '<svg>C</svg>']);
    await cache.get('CC', draw);
    await cache.get('C', draw); // refreshes C
    await cache.get('CCC', draw); // evicts CC
    expect([cache.peek('CC'), cache.peek('C')]).toEqual([undefined, '<svg>C</svg>']);
    expect(draw.mock.calls.map(([s]) => s)).toEqual(['C', 'CC', 'CCC']);
  });

  it('does not keep a failure: the next ask retries', async () => {
    const draw = vi.fn().mockRejectedValueOnce(new Error('worker crashed')).mockResolvedValue('<svg/>');
    const cache = new DepictionCache(5);
    await expect(cache.get('C', draw)).rejects.toThrow('worker crashed');
    expect(cache.peek('C')).toBeUndefined();
    await expect(cache.get('C', draw)).resolves.toBe('<svg/>');
  });
});

describe('batchDepict', () => {
  it('sends the requests of one moment as one call, in chunks of `max`', async () => {
    const draw = vi.fn(async (s: string[]) => s.map((x) => `<svg>${x}</svg>`));
    const depict = batchDepict(draw, 5, 2);
    const got = await Promise.all(['A', 'B', 'C'].map(depict));
    expect(got).toEqual(['<svg>A</svg>', '<svg>B</svg>', '<svg>C</svg>']);
    expect(draw.mock.calls).toEqual([[['A', 'B']], [['C']]]);
    await depict('D');
    expect(draw).toHaveBeenCalledTimes(3);
  });

  it('rejects every request of a failed call', async () => {
    const depict = batchDepict(async () => Promise.reject(new Error('no RDKit')), 1);
    const out = await Promise.allSettled([depict('A'), depict('B')]);
    expect(out.map((o) => o.status)).toEqual(['rejected', 'rejected']);
  });
});

describe('CandidateTable (server render)', () => {
  const count = (html: string, s: string) => html.split(s).length - 1;

  it('renders only the rows in view, with the formats and testids the e2e tests read', () => {
    const candidates = Array.from({ length: 100_000 }, (_, i) => cand(i, 0.71234));
    candidates[1] = { ...candidates[1], starred: true };
    const { body } = render(CandidateTable, { props: { candidates, height: 300, predictors: { sa: 'sa-ens' }, selectedKey: 'r:2' } });
    const rows = count(body, 'data-testid="result-row"');
    expect(rows).toBeGreaterThan(5);
    expect(rows).toBeLessThan(30);
    expect(body).toContain('showing 100,000 of 100,000');
    expect(body).toMatch(/data-col="qed"[^>]*>0\.712</);
    expect(body).toMatch(/data-col="sa"[^>]*>2\.41<small class="muted[^"]*"> ?±0\.12<\/small>/);
    expect(body).toMatch(/data-col="novel"[^>]*>yes</);
    expect(body).toMatch(/aria-sort="none"/);
    expect(body).toContain('title="Predicted by sa-ens (a deep ensemble); ± is its 1σ uncertainty"');
    expect(body).toContain('SA*');
    expect(count(body, 'data-testid="star"')).toBe(rows);
    expect(body).toMatch(/aria-pressed="true"[^>]*>★/);
    expect(count(body, 'aria-selected="true"')).toBe(1);
    // No 2D or Pareto columns unless their inputs are given.
    expect(body).not.toContain('>2D<');
    expect(body).not.toContain('data-col="rank"');
  });

  it('adds the 2D and Pareto-rank columns when given depict and ranks; error rows stay listed', () => {
    const candidates = [cand(0, 0.5), { ...cand(1, null), error: 'line 2: "C1CC(" is not a valid SMILES' }];
    const ranks = new Map([['r:0', 1]]);
    const { body } = render(CandidateTable, { props: { candidates, ranks, depict: async () => '<svg/>' } });
    expect(body).toContain('>2D<');
    expect(body).toMatch(/data-col="rank"[^>]*>1</);
    expect(count(body, 'data-testid="result-error"')).toBe(1);
    expect(body).toContain('height: 48px');
  });
});
