// CIF 1.1 syntax: data blocks of tag–value pairs and loops. One pass over the text (linear time, no regex
// backtracking over the whole input), so junk input fails fast instead of hanging.

export interface CifLoop {
  tags: string[];
  /** Row-major values; values.length is a multiple of tags.length. */
  values: string[];
}

export interface CifBlock {
  name: string;
  /** Lower-cased tag → value, for tags outside loops. */
  items: Map<string, string>;
  loops: CifLoop[];
}

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

interface Token {
  text: string;
  /** Quoted or text-field values are never keywords or tags. */
  quoted: boolean;
  line: number;
}

function* tokens(src: string): Generator<Token> {
  let i = 0;
  let line = 1;
  const n = src.length;
  while (i < n) {
    const c = src[i];
    if (c === '\n') {
      line++;
      i++;
      // A semicolon at the start of a line opens a text field that runs to the next line starting with ';'.
      if (src[i] === ';') {
        const start = i + 1;
        let j = start;
        let endLine = line;
        for (;;) {
          const nl = src.indexOf('\n', j);
          if (nl < 0) throw new Error(`CIF text field opened on line ${line} is never closed`);
          endLine++;
          if (src[nl + 1] === ';') {
            yield { text: src.slice(start, nl).trim(), quoted: true, line };
            i = nl + 2;
            line = endLine;
            break;
          }
          j = nl + 1;
        }
      }
      continue;
    }
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === '#') {
      const nl = src.indexOf('\n', i);
      i = nl < 0 ? n : nl;
      continue;
    }
    if (c === "'" || c === '"') {
      // A quote closes only when followed by whitespace or the end (so "O'Brien" style values survive).
      let j = i + 1;
      while (j < n && !(src[j] === c && (j + 1 >= n || isSpace(src[j + 1])))) {
        if (src[j] === '\n') throw new Error(`CIF quoted value on line ${line} runs past the end of the line`);
        j++;
      }
      if (j >= n) throw new Error(`CIF quoted value on line ${line} is never closed`);
      yield { text: src.slice(i + 1, j), quoted: true, line };
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < n && !isSpace(src[j])) j++;
    yield { text: src.slice(i, j), quoted: false, line };
    i = j;
  }
}

/** Split CIF text into data blocks. Throws naming the line on malformed input. */
export function parseCifBlocks(src: string): CifBlock[] {
  // A text field may start on the very first line.
  const text = src.startsWith(';') ? `\n${src}` : src;
  const blocks: CifBlock[] = [];
  let block: CifBlock | null = null;
  let pendingTag: string | null = null;
  let loop: CifLoop | null = null;
  let loopReadingTags = false;

  const closeLoop = (line: number) => {
    if (loop && loop.tags.length > 0 && loop.values.length % loop.tags.length !== 0)
      throw new Error(
        `CIF loop (${loop.tags.join(' ')}) before line ${line} has ${loop.values.length} values, ` +
          `not a multiple of its ${loop.tags.length} columns`,
      );
    loop = null;
    loopReadingTags = false;
  };

  for (const t of tokens(text)) {
    const lower = t.quoted ? '' : t.text.toLowerCase();
    if (!t.quoted && lower.startsWith('data_')) {
      if (pendingTag) throw new Error(`CIF tag ${pendingTag} has no value (line ${t.line})`);
      closeLoop(t.line);
      block = { name: t.text.slice(5), items: new Map(), loops: [] };
      blocks.push(block);
      continue;
    }
    if (!block) {
      if (!t.quoted && (lower === 'global_' || lower.startsWith('save_'))) continue;
      throw new Error(`Not a CIF: "${t.text.slice(0, 40)}" on line ${t.line} comes before any data_ block`);
    }
    if (!t.quoted && lower === 'loop_') {
      if (pendingTag) throw new Error(`CIF tag ${pendingTag} has no value (line ${t.line})`);
      closeLoop(t.line);
      loop = { tags: [], values: [] };
      block.loops.push(loop);
      loopReadingTags = true;
      continue;
    }
    if (!t.quoted && (lower.startsWith('save_') || lower === 'global_' || lower === 'stop_')) {
      closeLoop(t.line);
      continue;
    }
    if (!t.quoted && t.text.startsWith('_')) {
      if (pendingTag) throw new Error(`CIF tag ${pendingTag} has no value (line ${t.line})`);
      if (loop && loopReadingTags) {
        loop.tags.push(lower);
        continue;
      }
      closeLoop(t.line);
      pendingTag = lower;
      continue;
    }
    // A value.
    if (pendingTag) {
      block.items.set(pendingTag, t.text);
      pendingTag = null;
      continue;
    }
    if (loop) {
      if (loop.tags.length === 0) throw new Error(`CIF loop_ on line ${t.line} has no column names`);
      loopReadingTags = false;
      loop.values.push(t.text);
      continue;
    }
    throw new Error(`CIF value "${t.text.slice(0, 40)}" on line ${t.line} has no tag`);
  }
  if (pendingTag) throw new Error(`CIF tag ${pendingTag} has no value`);
  closeLoop(text.length);
  return blocks;
}

/** A column of a loop by tag (lower case), or null. */
export function loopColumn(block: CifBlock, tag: string): { loop: CifLoop; index: number } | null {
  for (const loop of block.loops) {
    const index = loop.tags.indexOf(tag);
    if (index >= 0) return { loop, index };
  }
  return null;
}

/** Parse a CIF number, dropping a standard uncertainty in brackets ("5.431(2)" → 5.431). NaN for "?" or ".". */
export function cifNumber(value: string): number {
  const v = value.trim();
  if (v === '?' || v === '.') return NaN;
  const b = v.indexOf('(');
  const core = b >= 0 ? v.slice(0, b) : v;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(core)) return NaN;
  return Number(core);
}
