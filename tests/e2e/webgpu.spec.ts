// Runs in the 'webgpu' project (Chromium with --enable-unsafe-webgpu: SwiftShader on the CPU).
import { test, expect } from './fixtures';
import { nodeSA } from './reference';
import { openStudio, pageCandidates, score } from './helpers';

const SMILES = ['CC(=O)Oc1ccccc1C(=O)O', 'CN1C=NC2=C1C(=O)N(C(=O)N2C)C', 'CC(C)Cc1ccc(cc1)[C@@H](C)C(=O)O'];

test('WebGPU gives the same numbers as Node within 1e-4, and falls back to WASM when the device is lost', async ({ page }) => {
  await openStudio(page);
  await expect(page.getByTestId('backend-name')).toHaveText('WebGPU');
  await expect(page.getByTestId('backend')).toContainText('software adapter');
  const ref = await nodeSA(SMILES);

  await score(page, SMILES.join('\n'));
  await expect(page.getByTestId('score-summary')).toContainText('on WebGPU', { timeout: 90_000 });
  let got = await pageCandidates(page);
  got.forEach((c, i) => expect(Math.abs(c.sa!.mean - ref.mean[i])).toBeLessThan(1e-4));

  await page.evaluate(async () => {
    const w = window as unknown as { lodestone: { compute: { setBackend(i: unknown): void; chem: { call(fn: (api: { destroyGpuDevice(): Promise<unknown> }) => Promise<unknown>): Promise<unknown> } } } };
    w.lodestone.compute.setBackend(await w.lodestone.compute.chem.call((api) => api.destroyGpuDevice()));
  });
  await expect(page.getByTestId('notice')).toContainText('switched to WASM');
  await expect(page.getByTestId('backend-name')).toHaveText(/WASM/);
  await score(page, SMILES.join('\n'));
  await expect(page.getByTestId('score-summary')).toContainText('on WASM');
  got = await pageCandidates(page);
  got.forEach((c, i) => expect(Math.abs(c.sa!.mean - ref.mean[i])).toBeLessThan(1e-4));
});
