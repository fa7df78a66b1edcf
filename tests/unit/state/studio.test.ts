import { describe, expect, it } from 'vitest';
import { computePareto, fromMinimised, propsOf } from '../../../src/state/analysis.svelte';
import { runFlops } from '../../../src/state/cost.svelte';
import { summarise } from '../../../src/state/compare.svelte';
import { readMolecules, formatOf } from '../../../src/domain/io/molecules-file';
import { candidatesCsv, flatten } from '../../../src/state/exporter';
import { parseCsv } from '../../../src/domain/io/csv';
import type { Candidate, Run } from '../../../src/state/db-types';
import { drugLike } from '../../../src/domains/drug-like';

const cand = (index: number, props: Record<string, number>, sa: number, extra: Partial<Candidate> = {}): Candidate => ({
  runId: 'r1',
  index,
  projectId: 'p',
  kind: 'molecule',
  repr: `C${'C'.repeat(index)}`,
  props,
  predicted: { sa: { mean: sa, std: 0.1 } },
  ...extra,
});

describe('Pareto analysis of candidates', () => {
  // QED ↑, SA ↓: (qed, sa) = (0.9, 3) and (0.7, 2) are the front; (0.6, 3.5) is dominated by both.
  const cands = [cand(0, { qed: 0.9 }, 3), cand(1, { qed: 0.7 }, 2), cand(2, { qed: 0.6 }, 3.5)];
  const objectives = [
    { key: 'qed', sense: 'max' as const },
    { key: 'sa', sense: 'min' as const },
  ];

  it('ranks by the objectives, with predicted SA read as its mean', () => {
    const r = computePareto(cands, objectives, null);
    expect([...r.ranks.values()]).toEqual([1, 1, 2]);
    expect(propsOf(cands[0]).sa).toBe(3);
  });

  it('hypervolume against the default reference (worst + 10 % of the range)', () => {
    const r = computePareto(cands, objectives, null);
    // minimised front: (-0.9, 3), (-0.7, 2); reference: (-0.7 + 0.02, 3 + 0.1) = (-0.68, 3.1)
    expect(r.reference![0]).toBeCloseTo(-0.68, 10);
    expect(r.reference![1]).toBeCloseTo(3.1, 10);
    // boxes 0.22 × 0.1 and 0.02 × 1.1 overlap in 0.02 × 0.1: 0.022 + 0.022 − 0.002
    expect(r.hypervolume).toBeCloseTo(0.042, 10);
    expect(fromMinimised(r.reference![0], objectives[0])).toBeCloseTo(0.68, 10);
  });

  it('includes the training sample front, sharing the reference', () => {
    const stats = { props: ['qed', 'sa'], histograms: [], sample: { n: 2, rows: [[0.95, 4], [0.5, 1.5]] } };
    const r = computePareto(cands, objectives, stats);
    expect(r.trainingFront).toHaveLength(2);
    expect(r.trainingHypervolume).toBeGreaterThan(0);
  });

  it('recomputes the training front when the objectives change, and only then', () => {
    const stats = { props: ['qed', 'sa'], histograms: [], sample: { n: 3, rows: [[0.95, 4], [0.5, 1.5], [0.4, 1]] } };
    const a = computePareto(cands, objectives, stats);
    expect(computePareto(cands.slice(0, 2), objectives, stats).trainingFront).toBe(a.trainingFront); // cached
    const qedOnly = computePareto(cands, [{ key: 'qed', sense: 'max' }], stats);
    expect(qedOnly.trainingFront).toEqual([{ qed: 0.95, sa: 4 }]);
    const saOnly = computePareto(cands, [{ key: 'sa', sense: 'min' }], stats);
    expect(saOnly.trainingFront).toEqual([{ qed: 0.4, sa: 1 }]);
  });
});

describe('run cost and comparison', () => {
  const run = {
    kind: 'generate',
    settings: { generator: 'mol-zinc', sampler: 'student-k4', count: 10, targets: [{ key: 'qed', min: 0.8, max: 1 }] },
    counts: { candidates: 8, invalid: 1, duplicates: 1 },
  } as unknown as Run;

  it('counts every sample through sampler and decoder, every kept molecule through the SA model', () => {
    const flops: Record<string, number> = { 'mol-zinc-student-k4': 100, 'mol-zinc-decoder': 1000, 'sa-mlp': 10 };
    expect(runFlops(run, (id) => flops[id] ?? 0)).toBe(10 * 1100 + 8 * 10);
  });

  it('counts every latent a screened run drew through the sampler and the latent property head', () => {
    const flops: Record<string, number> = { 'mol-zinc-student-k4': 100, 'mol-zinc-latent-props': 5, 'mol-zinc-decoder': 1000, 'sa-mlp': 10 };
    const screened = { ...run, settings: { ...run.settings, screen: 4 } } as Run;
    expect(runFlops(screened, (id) => flops[id] ?? 0)).toBe(10 * (4 * 105 + 1000) + 8 * 10);
    const noTargets = { ...run, settings: { ...run.settings, screen: 4, targets: [] } } as unknown as Run;
    expect(runFlops(noTargets, (id) => flops[id] ?? 0)).toBe(10 * 1100 + 8 * 10); // nothing to screen for
  });

  it('counts the decodes a run set aside as unsure from its confident setting', () => {
    const flops: Record<string, number> = { 'mol-zinc-student-k4': 100, 'mol-zinc-decoder': 1000, 'sa-mlp': 10 };
    const halved = { ...run, settings: { ...run.settings, confident: 0.5 } } as Run;
    expect(runFlops(halved, (id) => flops[id] ?? 0)).toBe(20 * 1100 + 8 * 10); // 10 checked of 20 decoded
  });

  it('counts the latents the confidence head saw from the pick setting, without targets only', () => {
    const flops: Record<string, number> = { 'mol-zinc-student-k4': 100, 'mol-zinc-latent-props': 5, 'mol-zinc-latent-confidence': 3, 'mol-zinc-decoder': 1000, 'sa-mlp': 10 };
    const picked = { ...run, settings: { ...run.settings, pick: 0.5, targets: [] } } as unknown as Run;
    expect(runFlops(picked, (id) => flops[id] ?? 0)).toBe(10 * (2 * 103 + 1000) + 8 * 10); // 20 latents seen, 10 decoded
    const targeted = { ...run, settings: { ...run.settings, pick: 0.5, screen: 4 } } as Run; // the screen chooses instead
    expect(runFlops(targeted, (id) => flops[id] ?? 0)).toBe(10 * (4 * 105 + 1000) + 8 * 10);
  });

  it('summarises a run: means, novelty, hit rate in its own box', () => {
    const s = summarise(run, [cand(0, { qed: 0.9 }, 3, { novel: true }), cand(1, { qed: 0.5 }, 2, { novel: false })], ['qed', 'sa']);
    expect(s.hitRate).toBe(0.5);
    expect(s.novel).toBe(0.5);
    expect(s.means.qed).toBeCloseTo(0.7);
  });
});

describe('import and export of candidates', () => {
  it('picks the format by extension', () => {
    expect([formatOf('a.SDF'), formatOf('b.csv'), formatOf('c.smi'), formatOf('d')]).toEqual(['sdf', 'csv', 'smiles', 'smiles']);
  });

  it('reads a CSV, reporting bad rows by line and keeping the rest', async () => {
    const text = 'name,SMILES\naspirin,CC(=O)Oc1ccccc1C(=O)O\nragged,C,extra\nempty,\nethanol,CCO\n';
    const r = await readMolecules('x.csv', text, async () => []);
    expect(r.entries).toEqual([{ line: 2, input: 'CC(=O)Oc1ccccc1C(=O)O', name: 'aspirin' }, { line: 5, input: 'CCO', name: 'ethanol' }]);
    expect(r.problems.map((p) => p.line)).toEqual([3, 4]);
  });

  it('reads SDF records through the converter and reports the ones it rejects', async () => {
    const block = (title: string) => `${title}\n  test\n\n  1  0  0  0  0  0  0  0  0  0999 V2000\n    0.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0\nM  END\n$$$$\n`;
    const r = await readMolecules('x.sdf', block('methane') + block('broken'), async (blocks) => blocks.map((b) => (b.startsWith('methane') ? 'C' : null)));
    expect(r.entries).toEqual([{ line: 1, input: 'C', name: 'methane' }]);
    expect(r.problems).toEqual([{ line: 8, message: 'RDKit could not read this molecule record' }]);
  });

  it('CSV export carries exact and predicted properties, rank and flags, and parses back', () => {
    const c = cand(0, { qed: 0.9, logp: -1.5 }, 3, { novel: true, starred: true });
    expect(flatten(drugLike, c, 1)).toMatchObject({ qed: 0.9, logp: -1.5, sa_predicted: 3, sa_std: 0.1, novel: true, pareto_rank: 1, starred: true });
    const parsed = parseCsv(candidatesCsv(drugLike, [c], () => 1));
    expect(parsed.errors).toEqual([]);
    const row = Object.fromEntries(parsed.header.map((h, i) => [h, parsed.rows[0].cells[i]]));
    expect(row).toMatchObject({ smiles: 'C', logp: '-1.5', sa_predicted: '3', pareto_rank: '1' });
  });
});
