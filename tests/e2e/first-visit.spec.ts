// A newcomer's first minute: one click on the example gives a result, and a newer request replaces an older one.
import { test, expect } from './fixtures';
import { openStudio } from './helpers';

const runs = (page: import('@playwright/test').Page) =>
  page.evaluate(() => {
    const w = window as unknown as { lodestone: { projects: { openRunId: string; runs: { id: string; status: string; settings: { targets: unknown[] } }[]; candidates: { runId: string }[] } } };
    const p = w.lodestone.projects;
    return { open: p.openRunId, runs: p.runs.map((r) => ({ id: r.id, status: r.status, targets: r.settings.targets })), runIds: [...new Set(p.candidates.map((c) => c.runId))] };
  });

test('one click on the example runs it: rows appear in the table', async ({ page }) => {
  await openStudio(page);
  await expect(page.getByTestId('result-row')).toHaveCount(0);
  // the empty table says how to get a first result
  await expect(page.getByTestId('table-empty')).toContainText('Nothing here yet');
  await expect(page.getByTestId('table-empty')).toBeInViewport();
  await expect(page.getByTestId('example-why')).toContainText('Oral drug-like');
  await page.getByTestId('example').click();
  await expect(page.getByTestId('example-why')).toContainText('Brain-penetrant');
  await expect(page.getByTestId('result-row').first()).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('table-empty')).toHaveCount(0);
  await expect(page.getByTestId('run').first()).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  const got = await runs(page);
  expect(got.runs).toHaveLength(1);
  expect(got.runs[0].targets).toHaveLength(3);
  expect(got.runs[0].targets).toEqual(expect.arrayContaining([{ key: 'mw', min: 250, max: 400 }, { key: 'logp', min: 2, max: 4 }, { key: 'tpsa', min: 20, max: 70 }]));
  // "in target box" shows just the hits the summary counts, and unticking brings every row back
  const [, hits, all] = /([\d,]+) of ([\d,]+) in the target box/.exec(await page.getByTestId('gen-summary').innerText())!;
  await page.getByTestId('in-box').check();
  await expect(page.getByTestId('row-count')).toHaveText(`showing ${hits} of ${all}`);
  await page.getByTestId('in-box').uncheck();
  await expect(page.getByTestId('row-count')).toHaveText(`showing ${all} of ${all}`);
});

test('a second example click before the first run ends cancels it; the table shows the newer run only', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('example').click();
  await page.getByTestId('example').click();
  await expect(page.getByTestId('example-why')).toContainText('Fragments');
  await expect(page.getByTestId('run')).toHaveCount(2);
  await expect(page.getByTestId('run').first()).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await expect(page.getByTestId('run').nth(1)).toHaveAttribute('data-status', 'cancelled');
  const got = await runs(page);
  expect(got.open).toBe(got.runs[0].id);
  expect(got.runIds).toEqual([got.runs[0].id]);
  expect(got.runs[0].targets).toContainEqual({ key: 'mw', min: 150, max: 250 });
});

test('on arrival the primary action generates the example already filled in, and is the only primary button', async ({ page }) => {
  await openStudio(page);
  const go = page.getByTestId('generate');
  await expect(go).toHaveText(/^Generate [\d,]+ candidates$/);
  await expect(go).toBeInViewport({ ratio: 1 });
  await expect(page.locator('button.primary:visible')).toHaveCount(1);
  // The chosen mode tab and view are not dressed as the primary action either.
  const fill = (testId: string) => page.getByTestId(testId).evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(await fill('tab-generate')).not.toBe(await fill('generate'));
  expect(await fill('view-studio')).not.toBe(await fill('generate'));
  await go.click();
  await expect(page.getByTestId('result-row').first()).toBeVisible({ timeout: 90_000 });
});

test('what a newcomer trips on: a stale detail card, a greyed Generate without a reason, failed imports in the run list', async ({ page }) => {
  await openStudio(page, '?backend=wasm');
  // the detail card follows the open run: a new run clears the molecule picked in the old one
  await page.getByTestId('example').click();
  await expect(page.getByTestId('run').first()).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await page.getByTestId('result-row').nth(2).click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { lodestone: { selection: { candidate: unknown } } }).lodestone.selection.candidate !== null)).toBe(true);
  await page.getByTestId('example').click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { lodestone: { selection: { candidate: unknown } } }).lodestone.selection.candidate)).toBeNull();
  await expect(page.getByTestId('run').first()).toHaveAttribute('data-status', 'done', { timeout: 90_000 });

  // an impossible count greys Generate and says why beside it, in view
  await page.getByTestId('count').fill('-5');
  await expect(page.getByTestId('generate')).toBeDisabled();
  await expect(page.getByTestId('generate')).toHaveText('Generate');
  await expect(page.getByTestId('generate-blocked')).toBeInViewport();
  await expect(page.getByTestId('generate-blocked')).toContainText('a whole number from 1 to');
  await page.getByTestId('count').fill('1000');
  await expect(page.getByTestId('generate-blocked')).toHaveCount(0);

  // a file with nothing readable leaves a message, not a run; the run open before stays open
  const runsBefore = await page.getByTestId('run').count();
  const openBefore = await page.evaluate(() => (window as unknown as { lodestone: { projects: { openRunId: string } } }).lodestone.projects.openRunId);
  await page.getByTestId('tab-score').click();
  await page.getByTestId('import-molecules').setInputFiles({ name: 'ls.sdf', mimeType: 'chemical/x-mdl-sdfile', buffer: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3e, 0]) });
  await expect(page.getByTestId('score-error')).toContainText('No molecules could be read from ls.sdf');
  // the binary bytes do not reach the screen as control characters
  expect(await page.getByTestId('import-problems').textContent()).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
  await expect(page.getByTestId('run')).toHaveCount(runsBefore);
  expect(await page.evaluate(() => (window as unknown as { lodestone: { projects: { openRunId: string } } }).lodestone.projects.openRunId)).toBe(openBefore);
});
