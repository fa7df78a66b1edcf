import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { flatMetrics, scaled, summarise } from '../../../src/ui/model-card-summary';

const card = (id: string) => JSON.parse(readFileSync(`static/models/${id}.json`, 'utf8'));

describe('model card summary', () => {
  it('a predictor: what it predicts, its test error, size and data', () => {
    const s = summarise(card('sa-mlp'));
    expect(s.does).toMatch(/^Predicts SA score \(/);
    expect(s.headline).toMatch(/^test: mean absolute error 0\.04\d+ · R² 0\.99\d*$/);
    expect(s.size).toMatch(/^2\.27 M parameters · 9\.11 MB$/);
    expect(s.data).toBe('ZINC250k, 220,011 training rows');
  });

  it('a one-step sampler says "1 step", not "1 steps"; the headline has validity, uniqueness and novelty in per cent', () => {
    const s = summarise(card('mol-zinc-student-k1'));
    expect(s.does).toContain('in 1 step;');
    expect(s.cost).toContain('1 step × 1 model call');
    expect(s.headline).toMatch(/^valid 100 % · unique 99(\.\d+)? % · novel 99\.9\d* % · diversity 0\.857$/);
  });

  it('a model whose cost is not counted shows no "0 FLOP"', () => {
    const s = summarise(card('mol-zinc-encoder'));
    expect(s.cost).toBeNull();
    expect(s.headline).toBe('validation: 14.1 % of molecules reconstructed exactly');
  });

  it('metrics get plain names, one level deep, histories left out', () => {
    const m = flatMetrics({ valid: { recon_exact: 0.141, kl: 100.2 }, history: [{ kl: 1 }], validity: 1 });
    expect(m).toEqual([['valid · reconstructed exactly', '14.1 %'], ['valid · KL divergence (nats)', '100'], ['valid', '100 %']]);
    expect(scaled(1585766400, 'FLOP')).toBe('1.59 GFLOP');
  });

  it('a crystal model speaks of crystals, and a split given in parts reads as text', () => {
    const s = summarise(card('crystal-perov5-student'));
    expect(s.does).toBe('Generates crystals (cell, atom positions and elements) toward the targets in 1, 2 or 4 steps; distilled from the 100-step teacher.');
    expect(s.cost).toMatch(/per crystal/);
    const p = summarise(card('crystal-perov5-predictor'));
    expect(p.split).toMatch(/^train: CDVAE perov_5 val\.csv.*; test: CDVAE perov_5 test\.csv; CDVAE's own train\.csv/);
    expect(p.split).not.toContain('[object');
    expect(p.metrics.some(([k]) => k.endsWith('crystals'))).toBe(true);
    expect(p.metrics.some(([k]) => k.includes('molecules'))).toBe(false);
    expect(p.does).toMatch(/^Predicts heat_ref \(eV.*\), dir_gap \(eV\), ind_gap \(eV\) from a structure/);
    expect(summarise(card('sa-mlp')).split).toMatch(/^DD-VAE train\/valid\/test/);
  });
});
