import { defineConfig } from '@playwright/test';

// Debian's Chromium; Playwright never downloads a browser here. e2e runs against the built app
// (vite preview), not the dev server, which may reload while it discovers dependencies.
const chromium = {
  executablePath: '/usr/bin/chromium',
  // Chromium's own lookups of Google hosts would fail on this closed network; the app makes none.
  args: ['--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1, EXCLUDE localhost'],
};

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  reporter: process.env.CI ? 'list' : 'line',
  use: { baseURL: 'http://127.0.0.1:4173', launchOptions: chromium, viewport: { width: 1366, height: 768 } },
  webServer: {
    command: 'npx vite preview --host 127.0.0.1 --port 4173 --strictPort',
    url: 'http://127.0.0.1:4173',
    reuseExistingServer: false,
    timeout: 60_000,
  },
  projects: [
    { name: 'wasm', testIgnore: /webgpu/ },
    // SwiftShader WebGPU: correct but ~100x slower than WASM; only for checking numbers.
    {
      name: 'webgpu',
      testMatch: /webgpu/,
      use: { launchOptions: { ...chromium, args: [...chromium.args, '--enable-unsafe-webgpu'] } },
    },
  ],
});
