// What a failing machine does to a run (issue: nothing a file, a full disk, a vanished worker or a second tab
// does can lock a user out or lose work).
import { expect, test } from './fixtures';
import { openStudio, pageCandidates } from './helpers';

async function generate(page: import('@playwright/test').Page, count: number, seed: number) {
  await page.getByTestId('count').fill(String(count));
  await page.getByTestId('seed').fill(String(seed));
  await page.getByTestId('generate').click();
}

test('a worker that vanishes without a word is noticed, its share is done again, and the run gives the same molecules', async ({ page }) => {
  test.setTimeout(180_000);
  await openStudio(page);
  await generate(page, 4000, 11);
  await expect(page.getByTestId('gen-summary')).toBeVisible({ timeout: 120_000 });
  const first = (await pageCandidates(page)).map((c) => c.smiles).sort();

  await generate(page, 4000, 11);
  await expect(page.getByTestId('gen-progress')).toBeVisible();
  await expect.poll(() => page.getByTestId('gen-progress').getAttribute('aria-valuenow').then(Number), { timeout: 60_000 }).toBeGreaterThan(0);
  // The first worker goes away as a browser may kill one: no error event, no reply, no heartbeat.
  await page.evaluate(() => (window as unknown as { lodestone: { compute: { pool: { sendForTest(m: unknown): void }[] } } }).lodestone.compute.pool[0].sendForTest({ vanishForTest: true }));
  await expect(page.getByTestId('notice')).toContainText('no sign of life', { timeout: 60_000 });
  await expect(page.getByTestId('gen-summary')).toContainText('its part was done again', { timeout: 120_000 });
  const again = (await pageCandidates(page)).map((c) => c.smiles).sort();
  expect(again).toEqual(first);
  const status = await page.evaluate(() => (window as unknown as { lodestone: { projects: { runs: { status: string }[] } } }).lodestone.projects.runs[0].status);
  expect(status).toBe('done');
});

test('a second tab reads while the first one writes, never marks its live run interrupted, and takes over when it closes', async ({ page }) => {
  test.setTimeout(180_000);
  await openStudio(page);
  await generate(page, 30000, 3);
  await expect.poll(() => page.getByTestId('gen-progress').getAttribute('aria-valuenow').then(Number), { timeout: 60_000 }).toBeGreaterThan(0);

  const second = await page.context().newPage();
  await openStudio(second);
  await expect(second.getByTestId('read-only')).toContainText('open in another tab');
  const seen = await second.evaluate(() => (window as unknown as { lodestone: { projects: { runs: { status: string }[] } } }).lodestone.projects.runs[0].status);
  expect(seen).toBe('running'); // the first tab's run, live, left alone
  await second.getByTestId('count').fill('100');
  await second.getByTestId('generate').click();
  await expect(second.getByTestId('gen-error')).toContainText('open in another tab');

  await page.getByTestId('cancel-run').click();
  await expect(page.getByTestId('gen-summary')).toContainText('Cancelled');
  await page.close();
  await expect(second.getByTestId('notice')).toContainText('this tab can save again', { timeout: 30_000 });
  await expect(second.getByTestId('read-only')).toHaveCount(0);
  await second.getByTestId('generate').click();
  await expect(second.getByTestId('gen-summary')).toContainText('new molecules', { timeout: 60_000 });
});

test('a full disk fails the run with a clear message and keeps what was stored; after a reload the studio opens and a run can be deleted to free space', async ({ page }) => {
  test.setTimeout(180_000);
  await openStudio(page);
  const origin = new URL(page.url()).origin;
  const cdp = await page.context().newCDPSession(page);
  const usage = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: usage + 3_000_000 });
  await generate(page, 30000, 5);
  await expect(page.getByTestId('gen-error')).toContainText('storage is full', { timeout: 120_000 });
  const kept = await page.evaluate(async () => {
    const w = window as unknown as { lodestone: { projects: { runs: { id: string; status: string }[]; db: { countCandidates(id: string): Promise<number> } } } };
    const run = w.lodestone.projects.runs[0];
    return { status: run.status, stored: await w.lodestone.projects.db.countCandidates(run.id) };
  });
  expect(kept.stored).toBeGreaterThan(0);

  await page.reload();
  await openStudio(page);
  await expect(page.getByTestId('run').first()).toBeVisible();
  const before = await page.getByTestId('run').count();
  page.once('dialog', (d) => void d.accept());
  await page.getByTestId('delete-run').first().click();
  await expect(page.getByTestId('run')).toHaveCount(before - 1);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin });
});
