// Accessibility: axe-core's checks (WCAG 2.1 A and AA rules) on the studio as a newcomer sees it, after a run,
// with a candidate open, in the crystal domain, and on the model cards page; serious and critical findings fail.
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { openStudio } from './helpers';

// axe is injected as a script; the page's CSP (rightly) refuses inline scripts, so the test browser bypasses it
test.use({ bypassCSP: true });
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

async function audit(page: Page, where: string) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad, `${where}: ${JSON.stringify(bad, null, 1)}`).toEqual([]);
}

test('the studio passes axe\'s serious and critical checks: arrival, a run, a candidate, crystals, model cards', async ({ page }) => {
  await openStudio(page);
  await audit(page, 'arrival');
  await page.getByTestId('example').click();
  await expect(page.getByTestId('result-row').first()).toBeVisible({ timeout: 90_000 });
  await page.getByTestId('result-row').first().click();
  await audit(page, 'after a run, a candidate open');
  await page.getByTestId('domain').selectOption('crystal-perov5');
  await page.getByTestId('count').fill('100');
  await page.getByTestId('generate').click();
  await expect(page.getByTestId('gen-summary')).toContainText('crystals', { timeout: 90_000 });
  await page.getByTestId('result-row').first().click();
  await page.getByTestId('elements').locator('summary').click();
  await audit(page, 'crystals, a crystal open, the periodic table unfolded');
  await page.getByTestId('view-cards').click();
  await audit(page, 'model cards');
});
