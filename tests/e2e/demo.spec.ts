// The stage demo: a looping tour of the real studio in large type (target, run, hits, Pareto front, 3D, cost),
// stopped by any key. Its captions are held for a twentieth of their time here, and each run is 200 molecules.
import { test, expect } from './fixtures';
import { openStudio } from './helpers';

test('the stage demo loops through its steps, shows the Pareto front and the best in 3D, and stops on a key', async ({ page }) => {
  await openStudio(page);
  await expect(page.getByTestId('demo-start')).toBeVisible();
  // not awaited: the demo loops until stopped
  await page.evaluate(() => void (window as unknown as { lodestone: { demo: { start(p: number, n: number): Promise<void> } } }).lodestone.demo.start(0.05, 200));
  const banner = page.getByTestId('demo');
  await expect(banner).toBeVisible();
  await expect(page.getByTestId('demo-title')).toContainText('A design target');
  await expect(banner).toHaveAttribute('data-step', '3', { timeout: 120_000 });
  await expect(page.getByTestId('demo-line')).toContainText('in the target box');
  await expect(banner).toHaveAttribute('data-step', '4', { timeout: 30_000 });
  await expect(page.getByTestId('plot-pareto')).toHaveAttribute('aria-selected', 'true');
  await expect(banner).toHaveAttribute('data-step', '5', { timeout: 30_000 });
  await expect(page.getByTestId('viewer3d')).toBeVisible();
  await expect(banner).toHaveAttribute('data-step', '6', { timeout: 30_000 });
  await expect(page.getByTestId('demo-line')).toContainText('CO2e');
  await expect.poll(async () => Number(await banner.getAttribute('data-loops')), { timeout: 180_000 }).toBeGreaterThanOrEqual(2);
  await page.keyboard.press('Escape');
  await expect(banner).toHaveCount(0);
  await expect(page.getByTestId('demo-start')).toBeVisible();
  await expect(page.getByTestId('plot-scatter')).toHaveAttribute('aria-selected', 'true');
});
