// One screen: at 1366×768 the design controls, the primary action, ten table rows and a plot are in view without
// scrolling the page; at 1024×700 nothing overflows sideways; the detail card's 2D and 3D never overlap.
// Screenshots go to SHOTS (default /tmp/lodestone-shots) for a person to look at.
import { mkdirSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { openStudio } from './helpers';

const SHOTS = process.env.SHOTS ?? '/tmp/lodestone-shots';
mkdirSync(SHOTS, { recursive: true });

type Box = { x: number; y: number; width: number; height: number };
const box = async (l: Locator): Promise<Box> => (await l.boundingBox())!;
const inside = (b: Box, o: Box) => b.x >= o.x - 0.5 && b.y >= o.y - 0.5 && b.x + b.width <= o.x + o.width + 0.5 && b.y + b.height <= o.y + o.height + 0.5;
const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function pageSize(page: Page) {
  return page.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, innerWidth, scrollY, scrollX }));
}

async function run(page: Page, count = 300) {
  await page.getByTestId('count').fill(String(count));
  await page.getByTestId('generate').click();
  await expect(page.getByTestId('run').first()).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
}

/** Rows drawn at full height inside the table's scroll area and the window (rows are wider than the area: it scrolls sideways). */
async function rowsInView(page: Page, screen: Box) {
  const grid = await box(page.getByRole('grid', { name: 'Candidates' }));
  let n = 0;
  for (const r of await page.getByTestId('result-row').all()) {
    const b = await r.boundingBox();
    if (b && b.y >= grid.y && b.y + b.height <= grid.y + grid.height && b.y + b.height <= screen.height) n++;
  }
  return n;
}

test('at 1366×768 the design controls, Generate, ten rows, a plot and the head of the detail card are in view without scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await openStudio(page);
  await page.screenshot({ path: `${SHOTS}/1366x768-arrival.png` });
  const screen = { x: 0, y: 0, width: 1366, height: 768 };
  for (const id of ['example', 'target-logp', 'count', 'seed', 'generate']) expect(inside(await box(page.getByTestId(id)), screen), id).toBe(true);

  await run(page);
  await page.getByTestId('result-row').nth(1).click();
  // the detail card sits below the fold at this width: the click brings it into view
  await expect(page.getByTestId('detail')).toBeInViewport();
  await expect(page.getByTestId('viewer3d')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/1366x768-after-run.png` });
  expect(await rowsInView(page, screen)).toBeGreaterThanOrEqual(10);
  // The 3D view is further down the detail card, which scrolls inside its column.
  for (const id of ['generate', 'scatter-canvas', 'detail-smiles', 'detail-star', 'export-csv', 'export-smi']) expect(inside(await box(page.getByTestId(id)), screen), id).toBe(true);
  const size = await pageSize(page);
  expect(size.scrollWidth).toBeLessThanOrEqual(size.innerWidth);
});

test('at 1024×700 the page never overflows sideways, before and after a run', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await openStudio(page);
  await page.screenshot({ path: `${SHOTS}/1024x700-arrival.png`, fullPage: true });
  let size = await pageSize(page);
  expect(size.scrollWidth).toBeLessThanOrEqual(size.innerWidth);
  // the header keeps to one line (a second would cost the table two rows)
  expect((await box(page.locator('header'))).height).toBeLessThan(50);

  await run(page);
  await page.getByTestId('result-row').nth(1).click();
  // the detail card sits below the fold at this width: the click brings it into view
  await expect(page.getByTestId('detail')).toBeInViewport();
  await expect(page.getByTestId('viewer3d')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/1024x700-after-run.png`, fullPage: true });
  size = await pageSize(page);
  expect(size.scrollWidth).toBeLessThanOrEqual(size.innerWidth);
  // The export buttons stay reachable without sideways scrolling.
  for (const id of ['export-csv', 'export-smi']) {
    const b = await box(page.getByTestId(id));
    expect(b.x + b.width, id).toBeLessThanOrEqual(1024);
  }
});

for (const [width, height] of [[1366, 768], [1024, 700], [1920, 1080]]) {
  test(`the detail card's 2D drawing and 3D viewer do not overlap at ${width}×${height}`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await openStudio(page);
    await run(page, 100);
    await page.getByTestId('result-row').first().click();
    await expect(page.getByTestId('viewer3d')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
    const detail = page.getByTestId('detail');
    await detail.scrollIntoViewIfNeeded();
    await detail.screenshot({ path: `${SHOTS}/detail-${width}x${height}.png` });
    const drawing = await box(detail.locator('img').first());
    const viewer = await box(page.getByTestId('viewer3d'));
    const card = await box(detail);
    expect(overlap(drawing, viewer)).toBe(false);
    expect(inside(drawing, card)).toBe(true);
    expect(inside(viewer, card)).toBe(true);
  });
}
