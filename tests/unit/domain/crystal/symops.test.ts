import { describe, expect, it } from 'vitest';
import { applySymOp, isIdentity, parseSymOp } from '../../../../src/domain/crystal/symops';

describe('symmetry operation triplets', () => {
  it('reads the forms CIF writers use', () => {
    const cases: [string, [number, number, number]][] = [
      ['x, y, z', [0.1, 0.2, 0.3]],
      ['-x+1/2, y, z+0.5', [0.4, 0.2, 0.8]],
      ['1/2+X,-Y,+Z', [0.6, -0.2, 0.3]],
      ['x-y, x, z+1/6', [-0.1, 0.1, 0.3 + 1 / 6]],
      ['-y+x,2/3+x,-z', [-0.1, 2 / 3 + 0.1, -0.3]],
    ];
    for (const [op, want] of cases) applySymOp(parseSymOp(op), [0.1, 0.2, 0.3]).forEach((x, k) => expect(x, op).toBeCloseTo(want[k], 12));
    expect(isIdentity(parseSymOp('x,y,z'))).toBe(true);
    expect(isIdentity(parseSymOp('x+1,y,z'))).toBe(true);
    expect(isIdentity(parseSymOp('-x,y,z'))).toBe(false);
  });

  it('rejects what it cannot read, naming the operation', () => {
    expect(() => parseSymOp('x,y')).toThrow(/"x,y" does not have three components/);
    expect(() => parseSymOp('x,y,q')).toThrow(/"x,y,q": unexpected "q"/);
    expect(() => parseSymOp('x,1/0,z')).toThrow(/cannot read "1\/0"/);
    expect(() => parseSymOp('x,,z')).toThrow(/empty component/);
  });
});
