// The chemist's path through the studio, end to end: target → run → table → 3D → export → import,
// brushing, the Pareto view, the diversity–fidelity sweep, run files, the model cards page.
import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures';
import { openStudio, pageCandidates } from './helpers';
import initRDKit from '@rdkit/rdkit';

/** A SMILES without stereo marks (RDKit.js in Node). */
async function flat(smiles: string): Promise<string> {
  const mol = (await initRDKit()).get_mol(smiles)!;
  try {
    return mol.get_smiles(JSON.stringify({ doIsomericSmiles: false }));
  } finally {
    mol.delete();
  }
}

async function generate(page: import('@playwright/test').Page, count: number, seed = 11) {
  await page.getByTestId('count').fill(String(count));
  await page.getByTestId('seed').fill(String(seed));
  await page.getByTestId('generate').click();
  await expect(page.getByTestId('run').first()).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
}

test('target → run → table → 3D → export CSV/SDF → import both back', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('example').click();
  await generate(page, 300);
  await expect(page.getByTestId('cost')).toContainText(/Cost of this run:[\s\S]*FLOP[\s\S]*≈ [\d.]+ k?J[\s\S]*CO2e/);

  // Select the first row: the detail card shows it, and its 3D conformer arrives from the worker.
  const first = page.getByTestId('result-row').first();
  await first.click();
  const smiles = (await pageCandidates(page))[0].smiles;
  await expect(page.getByTestId('detail-smiles')).toHaveText(smiles);
  await expect(page.getByTestId('viewer3d')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await page.getByTestId('style-sphere').click();
  await expect(page.getByTestId('style-sphere')).toHaveAttribute('aria-pressed', 'true');

  // Star it, then export the starred shortlist and everything.
  await first.getByTestId('star').click();
  await expect(first.getByTestId('star')).toHaveAttribute('aria-pressed', 'true');
  const n = (await pageCandidates(page)).length;

  const csvDl = page.waitForEvent('download');
  await page.getByTestId('export-csv').click();
  const csv = readFileSync((await (await csvDl).path())!, 'utf8');
  expect(csv.split(/\r?\n/).filter(Boolean)).toHaveLength(n + 1);
  expect(csv.split(/\r?\n/)[0]).toContain('smiles,run,index,logp');

  await page.getByTestId('export-scope').selectOption('starred');
  const sdfDl = page.waitForEvent('download');
  await page.getByTestId('export-sdf').click();
  const sdfPath = (await (await sdfDl).path())!;
  const sdf = readFileSync(sdfPath, 'utf8');
  expect(sdf.match(/\$\$\$\$/g)).toHaveLength(1);
  expect(sdf).toContain('>  <qed>');
  await expect(page.getByTestId('export-note')).toContainText('1 molecules, 1 with 3D coordinates');

  // Import the SDF back (3D record with hydrogens) and the CSV: the same molecules come back scored.
  await page.getByTestId('tab-score').click();
  await page.getByTestId('import-molecules').setInputFiles({ name: 'shortlist.sdf', mimeType: 'chemical/x-mdl-sdfile', buffer: Buffer.from(sdf) });
  await expect(page.getByTestId('score-summary')).toContainText('1 scored, 0 invalid');
  await expect.poll(async () => (await pageCandidates(page)).length).toBe(1); // the imported run, not the generated one
  const back = (await pageCandidates(page))[0].smiles;
  // A 3D record fixes the configuration of every stereocentre the SMILES left open (RDKit reads it from
  // the coordinates), so marks may be added; the molecule and the marks it had must come back.
  const marks = (x: string) => (x.match(/@+/g) ?? []).length; // stereocentres marked
  if (marks(back) === marks(smiles)) expect(back).toBe(smiles);
  else {
    expect(await flat(back)).toBe(await flat(smiles));
    expect(marks(back)).toBeGreaterThan(marks(smiles));
  }

  const broken = csv.replace(/\r?\n/, '\r\nragged,row\r\n'); // a malformed row right after the header
  await page.getByTestId('import-molecules').setInputFiles({ name: 'all.csv', mimeType: 'text/csv', buffer: Buffer.from(broken) });
  await expect(page.getByTestId('score-summary')).toContainText(`${n} scored, 0 invalid`, { timeout: 60_000 });
  await expect(page.getByTestId('import-problems')).toContainText('line 2');
});

test('brushing the scatter sets the targets', async ({ page }) => {
  await openStudio(page);
  await generate(page, 200);
  const canvas = page.getByTestId('scatter-canvas');
  const b = (await canvas.boundingBox())!;
  await page.mouse.move(b.x + b.width * 0.3, b.y + b.height * 0.3);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width * 0.5, b.y + b.height * 0.5, { steps: 5 });
  await page.mouse.up();
  // Default axes: x = logP, y = QED. Both targets are now on, with min < max.
  await expect(page.getByTestId('target-logp')).toBeChecked();
  await expect(page.getByTestId('target-qed')).toBeChecked();
  const lmin = Number(await page.getByTestId('target-logp-min').inputValue());
  const lmax = Number(await page.getByTestId('target-logp-max').inputValue());
  const qmin = Number(await page.getByTestId('target-qed-min').inputValue());
  const qmax = Number(await page.getByTestId('target-qed-max').inputValue());
  expect(lmin).toBeLessThan(lmax);
  expect(qmin).toBeLessThan(qmax);
  expect([lmin, lmax]).not.toEqual([2, 3]);
  await expect(page.getByTestId('target-box')).toBeVisible();
});

test('Pareto view: front highlighted, hypervolume with its reference; selecting a point selects the candidate', async ({ page }) => {
  await openStudio(page);
  await generate(page, 300);
  await page.getByTestId('plot-pareto').click();
  await expect(page.getByTestId('hypervolume')).toContainText(/hypervolume \d/);
  const front = page.locator('[data-testid="pareto-plot"] circle.front');
  const pareto = await page.evaluate(() => {
    const w = window as unknown as { lodestone: { pareto: { ranks: Map<string, number> } } };
    return [...w.lodestone.pareto.ranks.values()].filter((r) => r === 1).length;
  });
  await expect(front).toHaveCount(pareto);
  // the last front point is drawn on top of the others (two candidates can share a spot on the plot)
  await front.last().click();
  await expect(page.getByTestId('detail-smiles')).not.toBeEmpty();
  await expect(page.locator('[data-testid="pareto-plot"]')).toContainText('reference');
});

test('diversity–fidelity sweep gives one point per guidance setting, the panel\'s own among them', async ({ page }) => {
  test.setTimeout(240_000);
  await openStudio(page);
  await page.getByTestId('example').click();
  await page.getByTestId('plot-difi').click();
  await page.getByTestId('sweep').click();
  // 0, 1, 2, 3, 4, 6 and the panel's 5
  await expect(page.getByTestId('difi-plot')).toHaveAttribute('data-points', '7', { timeout: 200_000 });
  await expect(page.getByTestId('difi-plot')).toContainText('guidance 5');
});

test('run file and re-run reproduce the same molecules; model cards list every model', async ({ page }) => {
  await openStudio(page);
  await generate(page, 200, 5);
  const first = (await pageCandidates(page)).map((c) => c.smiles);
  const dl = page.waitForEvent('download');
  await page.getByTestId('save-run').first().click();
  const runFile = JSON.parse(readFileSync((await (await dl).path())!, 'utf8'));
  expect(runFile).toMatchObject({ format: 'lodestone-run', version: 1, generator: 'mol-zinc', settings: { seed: 5, count: 200, screen: 6, confident: 1, pick: 0.4 } });
  // encoder, decoder start and step, the sampler, the SA model and (a run with targets is screened) the latent
  // property head: each fingerprinted by its card
  expect(runFile.models.map((m: { id: string }) => m.id)).toEqual(['mol-zinc-encoder', 'mol-zinc-decoder-init', 'mol-zinc-decoder', 'mol-zinc-student-k4', 'sa-mlp', 'mol-zinc-latent-props']); // with targets nothing is picked
  expect(runFile.models.every((m: { cardSha256: string }) => /^[0-9a-f]{64}$/.test(m.cardSha256))).toBe(true);

  await page.getByTestId('seed').fill('99');
  await page.getByTestId('load-run').setInputFiles({ name: 'run.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(runFile)) });
  await expect(page.getByTestId('seed')).toHaveValue('5');
  await expect(page.getByTestId('notice')).toContainText('the same models and seed');
  await page.getByTestId('rerun').first().click();
  await expect(page.getByTestId('run')).toHaveCount(2);
  await expect(page.getByTestId('run').first()).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  expect((await pageCandidates(page)).map((c) => c.smiles)).toEqual(first);

  // Compare the two runs: identical settings, identical results.
  await page.getByTestId('compare-pick').nth(0).check();
  await page.getByTestId('compare-pick').nth(1).check();
  await expect(page.getByTestId('compare')).toContainText('molecules kept');

  await page.getByTestId('view-cards').click();
  // every model of every registered domain: mol-zinc's 9 and SA, Perov-5's denoiser, student and predictor
  await expect(page.getByTestId('model-card')).toHaveCount(13);
  await expect(page.locator('[data-model="sa-mlp"]')).toContainText('mean absolute error');
});

test('main screen screenshot', async ({ page }, testInfo) => {
  await openStudio(page);
  await page.getByTestId('example').click();
  await generate(page, 2000, 42);
  await page.getByTestId('result-row').nth(1).click();
  await expect(page.getByTestId('viewer3d')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await page.waitForTimeout(500);
  const path = process.env.UPDATE_SCREENSHOT ? 'docs/screenshot.png' : testInfo.outputPath('screenshot.png');
  await page.screenshot({ path, fullPage: true });
});

test('start from a molecule: the sketch editor opens on it, and generation samples around it', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('start-smiles').fill('CC(=O)Nc1ccc(O)cc1');
  await page.getByTestId('sketch').click();
  await expect(page.getByTestId('sketch-editor').locator('canvas').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('start-strength')).toBeVisible();
  await generate(page, 200);
  const got = await pageCandidates(page);
  expect(got.length).toBeGreaterThan(50);
  await expect(page.getByTestId('run-settings').first()).toContainText('200 × balanced (4 steps)');
});
