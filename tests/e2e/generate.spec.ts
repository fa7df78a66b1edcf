import { test, expect } from './fixtures';
import { openStudio } from './helpers';

async function generatedSmiles(page: import('@playwright/test').Page) {
  return page.evaluate(() => {
    const w = window as unknown as { lodestone: { projects: { candidates: { repr: string }[] } } };
    return w.lodestone.projects.candidates.map((c) => c.repr);
  });
}

test('set a target, generate 1,000, see them listed with properties; the same seed gives the same molecules', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('target-logp-min').fill('2');
  await page.getByTestId('target-logp-max').fill('3');
  await page.getByTestId('count').fill('1000');
  await page.getByTestId('seed').fill('7');
  await page.getByTestId('generate').click();
  await expect(page.getByTestId('gen-summary')).toContainText(/\d+ new molecules from 1000 samples/, { timeout: 90_000 });
  await expect(page.getByTestId('run').first()).toHaveAttribute('data-status', 'done');
  const first = await generatedSmiles(page);
  expect(first.length).toBeGreaterThan(500);
  const row = page.getByTestId('result-row').first();
  await expect(row.locator('[data-col="qed"]')).toHaveText(/^0\.\d{3}$/);
  await expect(row.locator('[data-col="sa"]')).toHaveText(/^\d+\.\d\d ?±\d\.\d\d$/);
  await expect(row.locator('[data-col="novel"]')).toHaveText(/^(yes|no)$/);

  await page.getByTestId('generate').click();
  await expect(page.getByTestId('run')).toHaveCount(2);
  await expect(page.getByTestId('run').first()).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  expect(await generatedSmiles(page)).toEqual(first);
});

test('impossible settings are refused with a reason', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('target-qed-min').fill('0.9');
  await page.getByTestId('target-qed-max').fill('0.5');
  await expect(page.getByTestId('problem-qed')).toContainText('min 0.9 is above max 0.5');
  await expect(page.getByTestId('generate')).toBeDisabled();
  await page.getByTestId('target-qed-max').fill('1');
  await expect(page.getByTestId('generate')).toBeEnabled();
});

test('cancel mid-run keeps what arrived', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('count').fill('50000');
  await page.getByTestId('generate').click();
  await expect.poll(async () => (await generatedSmiles(page)).length, { timeout: 90_000 }).toBeGreaterThan(400);
  await page.getByTestId('cancel-generate').click();
  await expect(page.getByTestId('gen-summary')).toContainText(/Cancelled: \d+ molecules kept/);
  await expect(page.getByTestId('run').first()).toHaveAttribute('data-status', 'cancelled');
  const kept = (await generatedSmiles(page)).length;
  const inDb = await page.evaluate(async () => {
    const w = window as unknown as { lodestone: { projects: { runs: { id: string }[]; db: { countCandidates(id: string): Promise<number> } } } };
    return w.lodestone.projects.db.countCandidates(w.lodestone.projects.runs[0].id);
  });
  expect(inDb).toBe(kept);
  expect(kept).toBeLessThan(50000);
});

test('keeping the surest half of the decodes says how many were set aside, and the run records both confidence settings', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('count').fill('300');
  await page.getByText('Advanced').click(); // the sampler's finer settings fold away
  await page.getByTestId('confident').fill('0.2');
  await expect(page.getByTestId('problem-confident')).toContainText('Molecules kept: from 0.25 to 1');
  await expect(page.getByTestId('generate')).toBeDisabled();
  await page.getByTestId('confident').fill('0.5');
  await page.getByTestId('pick').fill('0.2');
  await expect(page.getByTestId('problem-pick')).toContainText('Drafts finished: from 0.25 to 1');
  await expect(page.getByTestId('generate')).toBeDisabled();
  await page.getByTestId('pick').fill('0.4'); // the default (without targets the confidence head decodes the surest 0.4 of the runs)
  await page.getByTestId('generate').click();
  await expect(page.getByTestId('gen-summary')).toContainText(/\d+ new molecules from 300 samples \(\d+ invalid, \d+ duplicates; 300 more decodes set aside as unsure/, { timeout: 90_000 });
  const settings = await page.evaluate(() => {
    const w = window as unknown as { lodestone: { projects: { runs: { settings: Record<string, unknown> }[] } } };
    return w.lodestone.projects.runs[0].settings;
  });
  expect(settings.confident).toBe(0.5);
  expect(settings.pick).toBe(0.4);
  await expect(page.getByTestId('run-settings').first()).toContainText('300 × balanced (4 steps), guidance 5, 0.5 of molecules kept'); // targets: nothing picked
});
