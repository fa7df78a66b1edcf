// docs/models.md is generated from the model cards (scripts/models-doc.ts): this fails when a card changed and
// the page was not regenerated, so the page never describes models the studio no longer ships.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MODELS_DOC, modelsDoc, readCards } from '../../scripts/models-doc';

describe('docs/models.md', () => {
  it('matches the model cards', () => {
    const committed = readFileSync(MODELS_DOC, 'utf8');
    const fresh = modelsDoc();
    if (committed !== fresh) {
      const a = committed.split('\n');
      const b = fresh.split('\n');
      const line = a.findIndex((x, i) => x !== b[i]);
      throw new Error(
        `docs/models.md is out of date: run npm run docs:models\n` +
          `(first difference at line ${line + 1}:\n  committed: ${a[line] ?? '(end of file)'}\n  from the cards: ${b[line] ?? '(end of file)'})`,
      );
    }
  });

  it('has one section per card', () => {
    const doc = modelsDoc();
    const ids = readCards().map((c) => String(c.id));
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(doc).toContain(`\n## ${id}\n`);
  });
});
