// The model cards page reads as a page: every registered model by name with a one-line summary, details folded.
import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures';
import { openStudio } from './helpers';

const SHOTS = process.env.SHOTS ?? '/tmp/lodestone-shots';

test('the model cards page names every registered model with a one-line summary; details and the command are folded', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('view-cards').click();
  const loaded = () => page.evaluate(() => Object.keys((window as unknown as { lodestone: { cards: { byId: Record<string, unknown> } } }).lodestone.cards.byId));
  await expect.poll(async () => (await loaded()).length).toBeGreaterThanOrEqual(10);
  const ids = await loaded();
  await expect(page.getByTestId('model-card')).toHaveCount(ids.length);
  for (const id of ids) {
    const card = page.locator(`[data-model="${id}"]`);
    const { name } = JSON.parse(readFileSync(`static/models/${id}.json`, 'utf8'));
    await expect(card.getByRole('heading', { name: new RegExp(`^${name.replace(/[()]/g, '\\$&')}`) })).toBeVisible();
    await expect(card.getByTestId('model-summary')).toBeVisible();
    await expect(card.getByTestId('model-summary')).toContainText(/trained on (ZINC250k|Perov-5)/);
    await expect(card.getByTestId('model-command')).toBeHidden();
  }
  await expect(page.locator('[data-model="sa-mlp"] [data-testid="model-summary"]')).toContainText(/mean absolute error 0\.0\d+/);
  await expect(page.locator('[data-model="mol-zinc-student-k1"] [data-testid="model-summary"]')).toContainText('in 1 step;');
  const size = await page.evaluate(() => ({ w: document.scrollingElement!.scrollWidth, inner: innerWidth }));
  expect(size.w).toBeLessThanOrEqual(size.inner);
  await page.screenshot({ path: `${SHOTS}/1366x768-model-cards.png` });

  const sa = page.locator('[data-model="sa-mlp"]');
  await sa.getByText('Details').click();
  await expect(sa).toContainText('mean absolute error');
  await sa.getByText('Training command').click();
  await expect(sa.getByTestId('model-command')).toContainText('models/sa/train.py');
});
