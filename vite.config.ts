import { defineConfig } from 'vitest/config';
import type { Connect, Plugin, Rolldown } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

// The CSP of index.html's meta tag, plus what only a header can say (frame-ancestors; a meta CSP cannot stop
// framing). Everything is same-origin: workers and the RDKit/ONNX wasm come from this server ('wasm-unsafe-eval'
// compiles them), depictions are data: SVG images, exports are blob: downloads. Vite's dev client connects back
// over ws: to this host, which 'self' covers. Keep this in step with the meta tag.
const cspWith = (script: string) => [
  "default-src 'self'",
  `script-src 'self' ${script}`,
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'", // Svelte style: directives and 3Dmol set inline styles
  "img-src 'self' data: blob:",
  "connect-src 'self' data: blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');
const CSP = cspWith("'wasm-unsafe-eval'");
/**
 * A worker obeys the CSP of its own script's response, not the page's. RDKit MinimalLib's embind glue builds its
 * call wrappers with new Function, so the chemistry worker (and only it) also needs 'unsafe-eval'; it has no DOM.
 */
const CHEM_WORKER_CSP = cspWith("'wasm-unsafe-eval' 'unsafe-eval'");
// Built: /assets/chem.worker-<hash>.js; dev: /workers/chem.worker.ts?worker_file&type=module.
const CHEM_WORKER_URL = /^\/(assets\/chem\.worker-[\w-]+\.js|workers\/chem\.worker\.ts)(\?|$)/;

/**
 * Sent with every response of `npm run dev` and `npm start` (vite preview). COOP + COEP make the page
 * cross-origin isolated, which SharedArrayBuffer (and so WASM threads in onnxruntime-web) requires; every
 * resource is same-origin, so require-corp blocks nothing the app loads. tests/e2e/headers.spec.ts checks them.
 */
export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CSP,
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  // Other sites may not embed our files (models, wasm) either.
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY', // frame-ancestors for browsers that predate it
  'Referrer-Policy': 'no-referrer',
};

/**
 * A built file under /assets/ has its content's hash in its name, so it never changes: a browser may keep it for a
 * year without asking again. That matters beyond the request saved: Chrome keeps the optimised machine code of a
 * WebAssembly module beside the module's HTTP cache entry, and a returning visitor only gets it back when the
 * file comes from that cache unrevalidated; sirv's `no-cache` made onnxruntime and RDKit compile again on every
 * visit (docs/experiments.md, "Where the cold seconds go"). Everything else (index.html, sw.js, models) keeps
 * `no-cache`. A host serving dist/ elsewhere should do the same (README, "Hosting").
 */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
const HASHED_ASSET = /^\/assets\/[^?]+-[\w-]{8}\.\w+(\?|$)/;

/** Swaps in CHEM_WORKER_CSP for the chemistry worker's script, and IMMUTABLE for hashed assets, whichever of Vite's handlers writes the headers. */
function headerOverrides(): Plugin {
  const middleware: Connect.NextHandleFunction = (req, res, next) => {
    const url = req.url ?? '';
    const csp = CHEM_WORKER_URL.test(url);
    const immutable = HASHED_ASSET.test(url);
    if (csp || immutable) {
      const set = res.setHeader.bind(res);
      res.setHeader = (name, value) => {
        const key = name.toLowerCase();
        return set(name, csp && key === 'content-security-policy' ? CHEM_WORKER_CSP : immutable && key === 'cache-control' ? IMMUTABLE : value);
      };
    }
    next();
  };
  return {
    name: 'lodestone-header-overrides',
    // Registered before Vite's own middlewares, which set SECURITY_HEADERS when they serve the file.
    configureServer: (server) => void server.middlewares.use(middleware),
    configurePreviewServer: (server) => void server.middlewares.use(middleware),
  };
}

/**
 * Emits sw.js (src/offline/service-worker.js with this build's version and file list) at the site's root. The
 * list is every file the build wrote plus the public directory (models, cards, icon); the version is a hash of
 * all of them, so any change to code or models is a new service worker and a fresh cache.
 */
function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

function offline(publicDir: string): Plugin {
  return {
    name: 'lodestone-offline',
    apply: 'build',
    generateBundle(_options, bundle) {
      const hash = createHash('sha256');
      const files: string[] = [];
      for (const [name, item] of Object.entries(bundle)) {
        files.push(name);
        hash.update(name).update(item.type === 'chunk' ? item.code : typeof item.source === 'string' ? item.source : Buffer.from(item.source));
      }
      for (const p of walk(publicDir)) {
        const name = relative(publicDir, p).split('\\').join('/');
        files.push(name);
        hash.update(name).update(readFileSync(p));
      }
      // Vite writes index.html after this hook: add it by name (its content changes only with the hashed names above).
      if (!files.includes('index.html')) files.push('index.html');
      files.sort();
      const template = readFileSync(new URL('./src/offline/service-worker.js', import.meta.url), 'utf8');
      const version = hash.digest('hex').slice(0, 16);
      const source = template.replace("'__VERSION__'", JSON.stringify(version)).replace('__FILES__', JSON.stringify(files));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

// Build messages about dependencies' code that no user of the app can act on: RDKit.js's Node branch imports
// node:fs and node:crypto (never run in a browser), 3Dmol.js calls eval in a loader the app does not use, and the
// bundler's report of slow plugins. Every other message still prints.
type OnLog = NonNullable<Rolldown.RolldownOptions['onLog']>;
type BuildLog = Parameters<OnLog>[1];
const QUIET: ((log: BuildLog) => boolean)[] = [
  (log) => log.code === 'EVAL' && /node_modules\/3dmol\//.test(log.id ?? log.message),
  (log) => /externalized for browser compatibility/.test(log.message) && /node_modules\/@rdkit\/rdkit\//.test(log.message),
  (log) => log.code === 'PLUGIN_TIMINGS',
];
const onLog: OnLog = (level, log, handler) => {
  if (!QUIET.some((quiet) => quiet(log))) handler(level, log);
};

export default defineConfig({
  plugins: [svelte(), headerOverrides(), offline('static')],
  publicDir: 'static', // static/models/<id>.onnx + <id>.json are served at /models/
  // onnxruntime-web ships its own wasm loaders; pre-bundling breaks how it finds them.
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  worker: { format: 'es', rolldownOptions: { onLog } },
  build: { target: 'es2022', chunkSizeWarningLimit: 4000, rolldownOptions: { onLog } },
  server: { host: '127.0.0.1', port: 5173, headers: SECURITY_HEADERS },
  preview: { host: '127.0.0.1', port: 5173, headers: SECURITY_HEADERS },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
