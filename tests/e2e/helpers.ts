import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/** What the page stored for the open run (via the app's test handle). */
export async function pageCandidates(page: Page) {
  return page.evaluate(() => {
    const w = window as unknown as { lodestone: { projects: { candidates: { repr: string; error?: string; predicted?: { sa: { mean: number; std: number } }; props: Record<string, number> }[] } } };
    return w.lodestone.projects.candidates.map((c) => ({ smiles: c.repr, error: c.error, sa: c.predicted?.sa, props: c.props }));
  });
}

export async function openStudio(page: Page, query = '') {
  await page.goto(`/${query}`);
  await expect(page.getByTestId('tab-generate')).toBeVisible();
  await expect(page.getByTestId('backend-name')).not.toHaveText(/starting|not started/);
}

export async function score(page: Page, text: string) {
  const box = page.getByTestId('smiles-input');
  if (!(await box.isVisible())) await page.getByTestId('tab-score').click();
  // Typing thousands of lines key by key is slow; a paste is one input event.
  if (text.length > 2000) await box.evaluate((el: HTMLTextAreaElement, t) => { el.value = t; el.dispatchEvent(new Event('input', { bubbles: true })); }, text);
  else await box.fill(text);
  await page.getByTestId('score').click();
}
