import { describe, expect, it } from 'vitest';
import { cycle, stateOf, type ElementConstraints } from '../../../src/ui/crystal/element-constraints';

describe('periodic-table constraints', () => {
  it('a click cycles neutral → include → exclude → neutral', () => {
    let v: ElementConstraints = { include: [], exclude: [] };
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      v = cycle(v, 'Sr');
      seen.push(stateOf(v, 'Sr'));
    }
    expect(seen).toEqual(['include', 'exclude', 'neutral', 'include']);
  });

  it('leaves other elements and the input alone, and keeps click order', () => {
    const v: ElementConstraints = { include: ['Ti'], exclude: ['Pb'] };
    const next = cycle(cycle(v, 'Sr'), 'O');
    expect(next).toEqual({ include: ['Ti', 'Sr', 'O'], exclude: ['Pb'] });
    expect(v).toEqual({ include: ['Ti'], exclude: ['Pb'] });
    expect(cycle(next, 'Ti')).toEqual({ include: ['Sr', 'O'], exclude: ['Pb', 'Ti'] });
    expect(cycle(next, 'Pb')).toEqual({ include: ['Ti', 'Sr', 'O'], exclude: [] });
  });

  it('an element found in both lists (a bad stored value) counts as included and moves to excluded only', () => {
    const v: ElementConstraints = { include: ['Sr'], exclude: ['Sr'] };
    expect(stateOf(v, 'Sr')).toBe('include');
    expect(cycle(v, 'Sr')).toEqual({ include: [], exclude: ['Sr'] });
  });
});
