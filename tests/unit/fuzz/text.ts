// Text generators for hostile files: mostly the characters and fragments each format treats specially, mixed
// with arbitrary code points (lone surrogates included) and every line ending, sometimes behind a BOM.
import fc from 'fast-check';

// fast-check's default size keeps arrays to about ten items, too few lines for a file: let them reach the
// maxLength each arbitrary states (a few kilobytes at most). Set here, before any target builds an arbitrary
// (sizes are fixed when one is built); every target module imports this one first.
fc.configureGlobal({ defaultSizeToMaxWhenMaxSpecified: true });

const anyChar = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 });
const LINE_ENDS = ['\n', '\r\n', '\r'];

/** A string drawn mostly from `fragments`, sometimes from any code point. */
export function textOf(fragments: readonly string[], maxLength = 40): fc.Arbitrary<string> {
  const unit = fc.oneof({ arbitrary: fc.constantFrom(...fragments), weight: 4 }, { arbitrary: anyChar, weight: 1 });
  return fc.array(unit, { maxLength }).map((parts) => parts.join(''));
}

/** A file of lines built from `line`, joined by mixed line endings, optionally behind a byte-order mark. */
export function fileOf(line: fc.Arbitrary<string>, maxLines = 60): fc.Arbitrary<string> {
  return fc
    .tuple(fc.boolean(), fc.array(fc.tuple(line, fc.constantFrom(...LINE_ENDS)), { maxLength: maxLines }), fc.boolean())
    .map(([bom, lines, finalEnd]) => {
      const text = lines.map(([l, end], i) => (i < lines.length - 1 || finalEnd ? l + end : l)).join('');
      return bom ? `\ufeff${text}` : text;
    });
}

/** Structured files and plain noise, so both the parser's paths and its edge cases are reached. */
export function hostileFile(fragments: readonly string[], lines?: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(fileOf(lines ?? textOf(fragments)), textOf([...fragments, ...LINE_ENDS], 400));
}

/** Free text for names, titles, labels and values: whitespace and line breaks of every kind, quotes, syntax. */
export const freeText = textOf(['a', 'Z', '0', ' ', '  ', '\t', '\n', '\r', '\r\n', '\v', '\f', '\u00a0', '\u2028', '\u0085', '\ufeff', '"', "'", ',', '#', '<', '>', '$$$$', 'M  END', '=', '+', '-', '@', '😀'], 20);
