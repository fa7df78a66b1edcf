// The candidate table by keyboard alone: arrows move the selection, Enter opens it in the detail card, Space and
// "s" star it; the grid says how many rows it has though only those in view are drawn.
import { test, expect } from './fixtures';
import { openStudio, pageCandidates, score } from './helpers';

test('the table is driven by the keyboard: arrows select, Enter opens the detail card, Space and "s" star', async ({ page }) => {
  await openStudio(page);
  await score(page, 'CCO\nc1ccccc1O\nCC(=O)Oc1ccccc1C(=O)O\nCN1CCC[C@H]1c1cccnc1');
  const rows = page.getByTestId('result-row');
  await expect(rows).toHaveCount(4);
  const smiles = (await pageCandidates(page)).map((c) => c.smiles);

  const grid = page.getByRole('grid', { name: 'Candidates' });
  await expect(grid).toHaveAttribute('aria-rowcount', '6'); // the header and filter rows, then four candidates
  await expect(rows.nth(3)).toHaveAttribute('aria-rowindex', '6');
  await grid.focus();

  await page.keyboard.press('ArrowDown');
  await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('detail-smiles')).toHaveText(smiles[0]);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'false');
  await expect(grid).toHaveAttribute('aria-activedescendant', (await rows.nth(1).getAttribute('id'))!);
  // A visible ring round the row the keys act on.
  expect(await rows.nth(1).evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');

  const star = rows.nth(1).getByTestId('star');
  await page.keyboard.press('s');
  await expect(star).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Space');
  await expect(star).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.press('s');
  await expect(star).toHaveAttribute('aria-pressed', 'true');
  await expect(grid).toBeFocused(); // starring leaves the focus where it was

  await page.keyboard.press('End');
  await expect(rows.nth(3)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('detail')).toBeFocused();
  await expect(page.getByTestId('detail-smiles')).toHaveText(smiles[1]);
  await expect(page.getByTestId('detail-star')).toHaveAttribute('aria-pressed', 'true');
});

test('the first Tab offers to skip to the Generate button, the next to the table; Enter goes there', async ({ page }) => {
  await openStudio(page);
  await page.keyboard.press('Tab');
  const skip = page.getByTestId('skip-generate');
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport(); // shown when focused, out of sight otherwise
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('generate')).toBeFocused();
  await expect(skip).not.toBeInViewport();

  await page.getByTestId('tab-score').click(); // from the other tab, the link still finds its button
  await skip.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('generate')).toBeFocused();

  await openStudio(page);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('skip-table')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('grid', { name: 'Candidates' })).toBeFocused();
});
