import { describe, expect, it } from 'vitest';
import { PERIODIC_LAYOUT } from '../../../../src/domain/crystal/periodic-layout';
import { SYMBOLS } from '../../../../src/domain/crystal/elements-data';

const cell = (symbol: string) => PERIODIC_LAYOUT.find((c) => c.symbol === symbol)!;

describe('periodic table layout', () => {
  it('gives every element 1–94 (and on to 118) its own cell in 18 columns and 9 rows', () => {
    expect(PERIODIC_LAYOUT.map((c) => c.z)).toEqual(SYMBOLS.map((_, i) => i + 1));
    const seen = new Set<string>();
    for (const c of PERIODIC_LAYOUT) {
      expect(c.symbol).toBe(SYMBOLS[c.z - 1]);
      expect(c.col >= 1 && c.col <= 18 && c.row >= 1 && c.row <= 9, c.symbol).toBe(true);
      const k = `${c.row},${c.col}`;
      expect(seen.has(k), `${c.symbol} shares ${k}`).toBe(false);
      seen.add(k);
    }
    expect(PERIODIC_LAYOUT.filter((c) => c.z <= 94)).toHaveLength(94);
  });

  it('places known elements at their period and group', () => {
    const at = (s: string) => [cell(s).period, cell(s).group];
    expect(at('H')).toEqual([1, 1]);
    expect(at('He')).toEqual([1, 18]);
    expect(at('O')).toEqual([2, 16]);
    expect(at('Al')).toEqual([3, 13]);
    expect(at('Fe')).toEqual([4, 8]);
    expect(at('Sr')).toEqual([5, 2]);
    expect(at('Cs')).toEqual([6, 1]);
    expect(at('Hf')).toEqual([6, 4]);
    expect(at('Bi')).toEqual([6, 15]);
    expect(at('Rn')).toEqual([6, 18]);
    expect(at('Rf')).toEqual([7, 4]);
    expect(at('Og')).toEqual([7, 18]);
  });

  it('puts La–Lu and Ac–Lr in two 15-element rows below, leaving group 3 of periods 6–7 empty', () => {
    const f = PERIODIC_LAYOUT.filter((c) => c.group === null);
    expect(f.map((c) => c.symbol).slice(0, 3)).toEqual(['La', 'Ce', 'Pr']);
    expect(f).toHaveLength(30);
    expect([cell('La').row, cell('La').col, cell('La').period]).toEqual([8, 3, 6]);
    expect([cell('Lu').row, cell('Lu').col]).toEqual([8, 17]);
    expect([cell('U').row, cell('U').col, cell('U').period]).toEqual([9, 6, 7]);
    expect(PERIODIC_LAYOUT.some((c) => c.row >= 6 && c.row <= 7 && c.col === 3)).toBe(false);
    // Every main-table cell is its period's row.
    for (const c of PERIODIC_LAYOUT) if (c.group !== null) expect([c.row, c.col]).toEqual([c.period, c.group]);
  });
});
