// A binary file named .cif or .sdf gives parse errors that quote it: what reaches the screen must be text.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeFileText, printable } from '../../../src/domain/io/file-text';

describe('printable', () => {
  it('turns runs of control characters into one replacement character and keeps lines and tabs', () => {
    expect(printable('a\u0000\u0001\u0002b\u007f\u0085c\n\td')).toBe('a\ufffdb\ufffdc\n\td');
  });

  it('cuts long text with an ellipsis', () => {
    expect(printable('x'.repeat(500), 20)).toBe(`${'x'.repeat(19)}…`);
    expect(printable('short', 20)).toBe('short');
  });

  it('leaves no control character of a real binary file', () => {
    const text = printable(decodeFileText(new Uint8Array(readFileSync('/bin/ls').subarray(0, 4000))), 10_000);
    // eslint-disable-next-line no-control-regex
    expect(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(text)).toBe(false);
  });
});
