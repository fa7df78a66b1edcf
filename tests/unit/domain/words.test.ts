import { describe, expect, it } from 'vitest';
import { plural, rangeText } from '../../../src/domain/words';

describe('words', () => {
  it('counts in English digit groups, plural unless one', () => {
    expect(plural(1, 'row')).toBe('1 row');
    expect(plural(1000, 'crystal')).toBe('1,000 crystals');
  });
  it('writes a box with an en dash, or "to" with minus signs when an end is negative', () => {
    expect(rangeText(3.45, 3.6)).toBe('3.45–3.6');
    expect(rangeText(-154.56, -154.46)).toBe('−154.56 to −154.46');
    expect(rangeText(-1, 2)).toBe('−1 to 2');
  });
});
