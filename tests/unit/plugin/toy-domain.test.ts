// The proof that a domain is a plug-in: a toy domain that lives in tests/fixtures/toy-domain/ (two properties, a
// generator family without models) is registered the way a real one is — a domain line and a family line — and
// the design panel, generation through the worker's own code path, storage, the table, the scatter, the Pareto
// front, run descriptions, cost and export all work for it. No file of the app knows it exists.
import 'fake-indexeddb/auto';
import { render } from 'svelte/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDomain, DOMAINS, generatorMeta } from '../../../src/domains/registry';
import { FAMILIES, familyFactory } from '../../../src/inference/families';
import { runGenerator } from '../../../src/inference/run-generator';
import type { FamilyContext } from '../../../src/inference/family';
import { openDB, type LodestoneDB } from '../../../src/state/db';
import { Projects } from '../../../src/state/projects.svelte';
import { Generation } from '../../../src/state/generation.svelte';
import { Analysis, computePareto, labelOf, propsOf, fromMinimised } from '../../../src/state/analysis.svelte';
import { Cards } from '../../../src/state/cards.svelte';
import { columnsFor } from '../../../src/state/table-model';
import { candidatesCsv, candidatesSmiles } from '../../../src/state/exporter';
import { describeRun, readRun } from '../../../src/state/run-settings';
import { runFlops } from '../../../src/state/cost.svelte';
import { candidateKey } from '../../../src/state/selection.svelte';
import type { Compute } from '../../../src/state/compute.svelte';
import { parseCsv } from '../../../src/domain/io/csv';
import { scatterScales } from '../../../src/ui/plots/scatter';
import { paretoSvg } from '../../../src/ui/plots/pareto-plot';
import GeneratePanel from '../../../src/ui/GeneratePanel.svelte';
import CandidateTable from '../../../src/ui/CandidateTable.svelte';
import { toyDomain, toyFamily } from '../../fixtures/toy-domain';

let db: LodestoneDB;
const registered = DOMAINS.length;

beforeAll(async () => {
  // Projects remembers the open project in localStorage, which Node lacks.
  const store = new Map<string, string>();
  globalThis.localStorage ??= { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) } as Storage;
  // The plug-in: one line in each registry.
  registerDomain(toyDomain);
  FAMILIES['toy-walk'] = toyFamily;
  db = await openDB(`toy-${crypto.randomUUID()}`);
});

afterAll(() => {
  DOMAINS.splice(registered);
  delete FAMILIES['toy-walk'];
  db.close();
});

/** The compute pool as the page sees it, with each "worker" running the worker's own generation code in-process. */
function inProcessCompute(): Compute {
  const ctx = {} as FamilyContext; // the toy family loads no model
  const api = {
    prepare: async (id: string, s: unknown) => {
      const meta = generatorMeta(id);
      await familyFactory(meta.family)(ctx, meta.normalise(s), meta.id);
    },
    rdkitVersion: async () => 'none: the toy domain draws no molecules',
    generate: async (id: string, s: unknown, progress?: never, onBatch?: never, shard?: { index: number; count: number }) => ({
      ...(await runGenerator(ctx, id, s, progress, onBatch, shard)),
      backendInfo: { backend: 'wasm' as const, fallbackAdapter: null, adapter: 'in-process', threads: 1 },
    }),
  };
  const bridge = { call: (fn: (a: typeof api, p: (x: unknown) => void) => unknown, opts?: { onProgress?: (x: unknown) => void }) => fn(api, (x) => opts?.onProgress?.(x)) };
  return { pool: [bridge, bridge], chem: bridge, depiction: bridge, setBackend: () => {} } as unknown as Compute;
}

describe('a toy domain registered from the tests', () => {
  it('builds the design panel from its contract: its targets, its fields, its Advanced fold, no molecule start', async () => {
    const projects = new Projects(db);
    const generation = new Generation(inProcessCompute(), projects);
    generation.choose('toy-chains');
    expect(generation.domain.id).toBe('toy');
    expect(generation.targets.map((t) => [t.key, t.on, t.min, t.max])).toEqual([['atoms', true, 3, 6]]);
    expect(generation.problems).toEqual({});
    const analysis = new Analysis();
    analysis.setDomain(generation.domain);
    const { body } = render(GeneratePanel, { props: { generation, analysis, cards: new Cards() } });
    expect(body).toContain('data-testid="target-atoms"');
    expect(body).toContain('data-testid="longest"');
    expect(body).toContain('Advanced');
    expect(body).toContain('Toy chains');
    expect(body).not.toContain('data-testid="start-smiles"');
    expect(body).not.toContain('data-testid="target-qed"');

    generation.values.longest = 40;
    expect(generation.problems.longest).toBe('a whole number from 1 to 12');
    generation.values.longest = 8;
    generation.targets[0].min = 7;
    expect(generation.problems.atoms).toBe('min 7 is above max 6: nothing can be in this box');
  });

  it('generates through the worker code path and the pool, stores, ranks, plots and exports its items', async () => {
    const projects = new Projects(db);
    await projects.load();
    const generation = new Generation(inProcessCompute(), projects);
    generation.choose('toy-chains');
    await generation.generate();
    expect(generation.error).toBeNull();
    const cands = projects.candidates;
    expect(cands.length).toBeGreaterThan(3);
    expect(cands.every((c) => /^C+$/.test(c.repr) && c.props.atoms === c.repr.length && c.predicted?.fun.mean === c.repr.length / 2)).toBe(true);
    expect(generation.summary).toMatch(/^\d+ of \d+ in the target box/);

    // the run: stored with its generator, readable through the one gate, described and costed by its contract
    const run = projects.runs[0];
    expect(run.status).toBe('done');
    expect(readRun(run).ok).toBe(true);
    expect(describeRun(run)).toBe('50 chains up to 8 atoms, seed 1');
    expect(runFlops(run, () => 0)).toBe(10 * (run.counts.candidates + run.counts.invalid + run.counts.duplicates));
    expect(await db.countCandidates(run.id)).toBe(cands.length);

    // the table: the domain's columns, predicted ones with their σ
    const { body } = render(CandidateTable, { props: { candidates: cands, columns: columnsFor(toyDomain), height: 300 } });
    expect(body).toContain('data-testid="sort-atoms"');
    expect(body).toMatch(/data-col="fun"[^>]*>\d\.\d\d<small class="muted[^"]*"> ?±0\.10<\/small>/);
    expect(body).not.toContain('data-testid="sort-qed"');

    // the Pareto front over the domain's default objectives, and its plot
    const analysis = new Analysis();
    analysis.setDomain(toyDomain);
    expect(analysis.objectives).toEqual([{ key: 'fun', sense: 'max' }, { key: 'atoms', sense: 'max' }]);
    const pareto = computePareto(cands, analysis.objectives, null);
    const longest = Math.max(...cands.map((c) => c.repr.length));
    expect(cands.filter((c) => pareto.ranks.get(candidateKey(c)) === 1).map((c) => c.repr.length)).toEqual([longest]);
    const [ox, oy] = analysis.objectives;
    const svg = paretoSvg({
      points: cands.map((c) => ({ x: propsOf(c)[ox.key]!, y: propsOf(c)[oy.key]!, rank: pareto.ranks.get(candidateKey(c))!, id: candidateKey(c) })),
      xLabel: labelOf(toyDomain, ox.key),
      yLabel: labelOf(toyDomain, oy.key),
      senses: { x: ox.sense, y: oy.sense },
      reference: { x: fromMinimised(pareto.reference![0], ox), y: fromMinimised(pareto.reference![1], oy) },
      hypervolume: pareto.hypervolume!,
    });
    expect(svg).toContain('Fun*');
    expect(svg).toContain('Atoms');

    // the scatter: the panel's first axes for the domain, scaled from the items' values
    const xs = cands.map((c) => propsOf(c)[analysis.properties[0].key]!);
    const ys = cands.map((c) => propsOf(c)[analysis.properties[1].key]!);
    const { x, y } = scatterScales({ xs, ys, width: 400, height: 300, margin: { top: 10, right: 10, bottom: 30, left: 40 } });
    expect([x(Math.min(...xs)), y(Math.min(...ys))].every(Number.isFinite)).toBe(true);

    // export: the domain's columns, read back
    const csv = parseCsv(candidatesCsv(toyDomain, cands, (c) => pareto.ranks.get(candidateKey(c))));
    expect(csv.header).toEqual(expect.arrayContaining(['smiles', 'atoms', 'fun_predicted', 'fun_std', 'pareto_rank']));
    expect(csv.rows).toHaveLength(cands.length);
    expect(candidatesSmiles(cands).split('\n').filter(Boolean)).toHaveLength(cands.length);
  });
});
