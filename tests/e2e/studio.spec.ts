import { readFileSync, writeFileSync } from 'node:fs';
import { test, expect } from './fixtures';
import { nodeSA, zincTestSmiles } from './reference';
import { openStudio, pageCandidates, score } from './helpers';

test('loads with no console errors and shows the backend', async ({ page }) => {
  await openStudio(page);
  await expect(page.getByTestId('backend-name')).toHaveText(/WASM · 1 thread/);
  await expect(page.getByTestId('backend')).toHaveAttribute('title', /no WebGPU adapter/);
});

test('SMILES in, properties out; SA equals the Node computation within 1e-4', async ({ page }) => {
  await openStudio(page);
  const smiles = ['CC(=O)Oc1ccccc1C(=O)O', 'CN1CCC[C@H]1c1cccnc1', 'O=C(Nc1ccccc1F)Cc1coc2ccc(C(C)(C)C)cc12', 'c1ccc2c(c1)[nH]c1ccccc12'];
  await score(page, smiles.join('\n'));
  await expect(page.getByTestId('result-row')).toHaveCount(4);
  await expect(page.getByTestId('score-summary')).toContainText('4 scored, 0 invalid, on WASM');
  const got = await pageCandidates(page);
  const ref = await nodeSA(smiles);
  got.forEach((c, i) => {
    expect(Math.abs(c.sa!.mean - ref.mean[i])).toBeLessThan(1e-4);
    expect(Math.abs(c.sa!.std - ref.std[i])).toBeLessThan(1e-4);
  });
  // Exact properties: aspirin
  expect(got[0].smiles).toBe('CC(=O)Oc1ccccc1C(=O)O');
  expect(got[0].props.mw).toBeCloseTo(180.16, 1);
  expect(got[0].props.hbd).toBe(1);
  await expect(page.getByTestId('result-row').first()).toContainText('180.2');
});

test('invalid SMILES get a clear message naming the line; the app stays usable', async ({ page }) => {
  await openStudio(page);
  await score(page, 'CCO\nC1CC(\nxyz123');
  await expect(page.getByTestId('result-error')).toHaveCount(2);
  await expect(page.getByTestId('result-error').first()).toContainText('line 2: "C1CC(" is not a valid SMILES');
  await expect(page.getByTestId('score-summary')).toContainText('1 scored, 2 invalid');
  await score(page, 'c1ccccc1');
  await expect(page.getByTestId('result-row')).toHaveCount(1);
  await expect(page.getByTestId('result-error')).toHaveCount(0);
  // An empty request is refused with a reason, not sent.
  await score(page, '   ');
  await expect(page.getByTestId('score-error')).toContainText('at least one SMILES');
});

test('projects persist across a reload; export then import round-trips exactly', async ({ page }, testInfo) => {
  await openStudio(page);
  page.on('dialog', (d) => d.accept(d.type() === 'prompt' ? 'kinase ideas' : undefined));
  await page.getByTestId('new-project').click();
  await expect(page.getByTestId('project-select')).toHaveValue(/.+/);
  await expect(page.getByTestId('project-select').locator('option:checked')).toHaveText('kinase ideas');
  await score(page, 'CCO\nc1ccccc1O');
  await expect(page.getByTestId('result-row')).toHaveCount(2);
  await expect(page.getByTestId('run').first()).toHaveAttribute('data-status', 'done');

  await page.reload();
  await expect(page.getByTestId('project-select').locator('option:checked')).toHaveText('kinase ideas');
  await expect(page.getByTestId('result-row')).toHaveCount(2);

  const download = page.waitForEvent('download');
  await page.getByTestId('export-project').click();
  const file = testInfo.outputPath('project.json');
  await (await download).saveAs(file);
  const exported = JSON.parse(readFileSync(file, 'utf8'));
  expect(exported.format).toBe('lodestone-project');
  expect(exported.candidates).toHaveLength(2);

  await page.getByTestId('import-file').setInputFiles(file);
  await expect(page.getByTestId('project-message')).toContainText('Imported "kinase ideas (imported)"');
  await expect(page.getByTestId('result-row')).toHaveCount(2);
  const again = await page.evaluate(async () => {
    const w = window as unknown as { lodestone: { projects: { exportJson(): Promise<{ text: string }> } } };
    return JSON.parse((await w.lodestone.projects.exportJson()).text);
  });
  // Same content apart from the fresh ids and the name the copy was given.
  const strip = (x: typeof exported) =>
    JSON.parse(JSON.stringify({ runs: x.runs, candidates: x.candidates }).replaceAll(/"(id|runId|projectId)":"[^"]+"/g, '"$1":"-"'));
  expect(strip(again)).toEqual(strip(exported));
  expect(again.project.name).toBe('kinase ideas (imported)');

  // A malformed file is refused with a reason; nothing else changes.
  const bad = testInfo.outputPath('bad.json');
  writeFileSync(bad, JSON.stringify({ ...exported, candidates: [{ ...exported.candidates[0], repr: 42 }] }));
  await page.getByTestId('import-file').setInputFiles(bad);
  await expect(page.getByTestId('project-message')).toContainText('repr');
  await expect(page.getByTestId('project-message')).toHaveClass(/error/);
});

test('cancel mid-run keeps what arrived; a reload mid-run leaves it interrupted with its candidates', async ({ page }) => {
  await openStudio(page);
  const many = zincTestSmiles(5000).join('\n');
  await score(page, many);
  await expect.poll(async () => (await pageCandidates(page)).length, { timeout: 60_000 }).toBeGreaterThan(300);
  await page.getByTestId('cancel').click();
  await expect(page.getByTestId('score-summary')).toContainText(/Cancelled: [\d,]+ molecules kept/);
  await expect(page.getByTestId('run').first()).toHaveAttribute('data-status', 'cancelled');
  const kept = (await pageCandidates(page)).length;
  expect(kept).toBeGreaterThan(300);
  expect(kept).toBeLessThan(5000);
  // The engine restarts for the next task.
  await score(page, 'CCO');
  await expect(page.getByTestId('result-row')).toHaveCount(1);

  await score(page, many);
  await expect.poll(async () => (await pageCandidates(page)).length, { timeout: 60_000 }).toBeGreaterThan(300);
  await page.reload();
  await expect(page.getByTestId('run').first()).toHaveAttribute('data-status', 'interrupted');
  const stored = await page.evaluate(async () => {
    const w = window as unknown as { lodestone: { projects: { runs: { id: string; counts: { candidates: number } }[]; db: { countCandidates(id: string): Promise<number> } } } };
    const run = w.lodestone.projects.runs[0];
    return { counted: run.counts.candidates, inDb: await w.lodestone.projects.db.countCandidates(run.id) };
  });
  expect(stored.inDb).toBeGreaterThan(300);
  expect(stored.inDb).toBe(stored.counted);
  await expect(page.getByTestId('result-row')).not.toHaveCount(0);
});

test('a crashed worker is reported and restarted, never a silent hang', async ({ page, watch }) => {
  watch.allowConsole.push(/crash requested by test/);
  await openStudio(page);
  await page.evaluate(async () => {
    const w = window as unknown as { lodestone: { compute: { chem: { call(fn: (api: { crashForTest(): Promise<void> }) => Promise<void>): Promise<void> } } } };
    await w.lodestone.compute.chem.call((api) => api.crashForTest());
  });
  await expect(page.getByTestId('notice')).toContainText('crash requested by test');
  await score(page, 'CCO');
  await expect(page.getByTestId('result-row')).toHaveCount(1);
});
