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
