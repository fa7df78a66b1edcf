// A conference laptop with no network: after "Keep offline", the studio reloads with every request refused
// by the network and still generates molecules and crystals and exports them (the service worker serves code, wasm
// and models). A new version waits for the user's "Update" (never swapped in mid-run): not driven here.
import fs from 'node:fs';
import { test, expect } from './fixtures';
import { openStudio } from './helpers';

test('saved for offline, the studio reloads and generates molecules and crystals with no network', async ({ page, context }) => {
  await openStudio(page);
  // Until the user asks, the service worker (installed, controlling the page after a reload) leaves every request
  // to the browser: its HTTP cache is where Chrome keeps compiled WebAssembly for the next visit.
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.ready.then(() => true)), { timeout: 30_000 }).toBe(true);
  const viaWorker: string[] = [];
  const seen: string[] = [];
  page.on('response', (r) => {
    seen.push(r.url());
    if (r.fromServiceWorker()) viaWorker.push(r.url());
  });
  await page.reload();
  await openStudio(page);
  expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  await expect.poll(() => seen.filter((u) => u.endsWith('.wasm')).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
  expect(viaWorker).toEqual([]);

  await page.getByTestId('offline-save').click();
  await expect(page.getByTestId('offline-ready')).toBeVisible({ timeout: 120_000 });
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('tab-generate')).toBeVisible();
  await expect(page.getByTestId('offline-ready')).toBeVisible();
  await page.getByTestId('count').fill('200');
  await page.getByTestId('generate').click();
  await expect(page.getByTestId('result-row').first()).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('cancel-generate')).toHaveCount(0, { timeout: 90_000 });

  await page.getByTestId('domain').selectOption('crystal-perov5');
  await page.getByTestId('count').fill('100');
  await page.getByTestId('generate').click();
  await expect(page.getByTestId('cancel-generate')).toHaveCount(0, { timeout: 90_000 });
  await expect(page.getByTestId('gen-summary')).toContainText('new crystals');
  await expect(page.getByTestId('gen-error')).toHaveCount(0);
  // and what was made leaves as a file, still offline
  const download = page.waitForEvent('download');
  await page.getByTestId('export-cif').click();
  expect(fs.readFileSync((await (await download).path())!, 'utf8')).toMatch(/^data_/m);
});
