// The preview server (what `npm start` runs) sends the security headers of vite.config.ts, and the app still
// works under them: cross-origin isolated, RDKit and onnxruntime wasm and the models load, no CSP violations
// (the fixture fails the test on any console error).
import { test, expect } from './fixtures';
import { openStudio, score } from './helpers';

const EXPECTED: Record<string, RegExp> = {
  'content-security-policy': /default-src 'self'.*script-src 'self' 'wasm-unsafe-eval'.*frame-ancestors 'none'/,
  'cross-origin-opener-policy': /^same-origin$/,
  'cross-origin-embedder-policy': /^require-corp$/,
  'x-content-type-options': /^nosniff$/,
  'referrer-policy': /^no-referrer$/,
};

for (const path of ['/', '/models/sa-mlp.onnx', '/models/sa-mlp.json']) {
  test(`${path} is served with the security headers`, async ({ request }) => {
    const res = await request.get(path);
    expect(res.status()).toBe(200);
    const headers = res.headers();
    for (const [name, value] of Object.entries(EXPECTED)) expect(headers[name], name).toMatch(value);
  });
}

test('built files named by their hash are cached for good; the page and the models are revalidated', async ({ page, request }) => {
  const assets: string[] = [];
  page.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/assets/')) assets.push(path);
  });
  await openStudio(page);
  // the workers fetch onnxruntime's and RDKit's wasm while the page is read
  await expect.poll(() => assets.filter((a) => a.endsWith('.wasm')).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
  const wasm = assets.filter((a) => a.endsWith('.wasm'));
  for (const path of [...wasm, ...assets.filter((a) => a.endsWith('.js')).slice(0, 3)]) {
    expect((await request.get(path)).headers()['cache-control'], path).toBe('public, max-age=31536000, immutable');
  }
  for (const path of ['/', '/index.html', '/sw.js', '/models/sa-mlp.onnx']) expect((await request.get(path)).headers()['cache-control'], path).toBe('no-cache');
});

test('the page is cross-origin isolated and scoring (RDKit + ONNX wasm) still works', async ({ page, watch }) => {
  // A worker obeys its own script's CSP: only the chemistry worker (RDKit's embind glue) may eval.
  const workerCsp = new Map<string, string>();
  page.on('response', (r) => {
    const m = /\/(\w+)\.worker[-.]/.exec(new URL(r.url()).pathname);
    if (m) workerCsp.set(m[1], r.headers()['content-security-policy'] ?? '');
  });
  await openStudio(page);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await score(page, 'CC(=O)Oc1ccccc1C(=O)O');
  await expect(page.getByTestId('result-row')).toHaveCount(1);
  await expect(page.getByTestId('score-summary')).toContainText('1 scored, 0 invalid');
  expect(workerCsp.get('chem')).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval'.*frame-ancestors 'none'/);
  // The page's own policy refuses inline script (an injected <script> never runs). Chromium logs the refusal.
  watch.allowConsole.push(/(Executing|Refused to execute) inline script/);
  const ran = await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'document.body.dataset.injected = "yes"';
    document.body.append(s);
    return document.body.dataset.injected === 'yes';
  });
  expect(ran).toBe(false);
});

test('another page cannot frame the app', async ({ page, watch, baseURL }) => {
  // Chromium reports the refusal as a console error; that is the point of this test.
  watch.allowConsole.push(/frame-ancestors|Refused to (frame|display)/i);
  await page.setContent(`<iframe id="f" src="${baseURL}/"></iframe>`);
  const frame = await (await page.waitForSelector('#f')).contentFrame();
  // A refused frame never runs the app: no #app element appears in it.
  await page.waitForTimeout(1000);
  expect(await frame?.locator('#app').count().catch(() => 0)).toBe(0);
});
