// Where a first visit's CPU goes: Chrome traces of page load → "Try an example" clicked at once → 1,000 targeted
// candidates done, in a fresh browser profile (cold) and then again in the same profile (a returning visitor, whose
// browser has cached the compiled WebAssembly). Prints the seconds to the first row and to all rows; the CPU and
// wall seconds of the events that tell cold from warm: V8's optimising (TurboFan) compilation of hot WebAssembly
// functions and its lazy baseline compilation; the CPU of the page's main thread and of its workers; and the
// optimised code Chrome caches per module.
//
// usage: npm run build && node scripts/trace-cold.mjs [--visits N] [--out trace.json] [--no-service-worker | --keep-offline]
// --keep-offline: after the first visit's run, "Keep offline" is pressed and the copy awaited, so the return visits
// are served by the service worker from its cache.
// Needs a quiet machine for its seconds; its CPU totals are what to compare.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : dflt);
const visits = Number(opt('visits', '2'));
const serviceWorkers = args.includes('--no-service-worker') ? 'block' : 'allow';
const port = 4179;
const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], { stdio: 'ignore', detached: true });
const stop = () => { try { process.kill(-server.pid); } catch {} };
process.on('exit', stop);
for (let t = Date.now(); Date.now() - t < 60_000; await new Promise((r) => setTimeout(r, 250))) {
  try { if ((await fetch(`http://127.0.0.1:${port}/`)).ok) break; } catch {}
}

const CATEGORIES = ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.wasm', 'disabled-by-default-v8.compile'];
// Trace events carry wall time (dur) and the thread's CPU time (tdur), both in µs. On two busy cores they differ by
// half or more: a compile job waits for a core as long as it runs.
const sum = (events, name, key) => events.filter((e) => e.name === name && e.ph === 'X').reduce((a, e) => a + (e[key] ?? 0) / 1e6, 0);
const s2 = (x) => +x.toFixed(2);
/** CPU seconds of each kind of thread's outermost tasks (RunTask events not inside another). */
function threadCpu(events) {
  const names = new Map(events.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args.name]));
  const byThread = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || e.name !== 'RunTask') continue;
    const key = `${e.pid}:${e.tid}`;
    if (!byThread.has(key)) byThread.set(key, []);
    byThread.get(key).push(e);
  }
  const out = {};
  for (const [key, tasks] of byThread) {
    const kind = { CrRendererMain: 'page_main', 'DedicatedWorker thread': 'workers' }[names.get(key)];
    if (!kind) continue;
    let end = -1;
    for (const e of tasks.sort((a, b) => a.ts - b.ts)) {
      if (e.ts < end) continue;
      end = e.ts + (e.dur ?? 0);
      out[kind] = (out[kind] ?? 0) + (e.tdur ?? 0) / 1e6;
    }
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, s2(v)]));
}

// A persistent profile in a fresh folder, as a user's browser has: Playwright's default contexts are off the record,
// and Chrome keeps no code cache for those, so a return visit there would look cold too.
const profile = mkdtempSync(join(tmpdir(), 'lodestone-trace-'));
const ctx = await chromium.launchPersistentContext(profile, { executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', viewport: { width: 1366, height: 768 }, serviceWorkers });
const rows = [];
for (let v = 0; v < visits; v++) {
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (d) => events.push(...d.value));
  const complete = new Promise((r) => cdp.on('Tracing.tracingComplete', r));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: CATEGORIES, recordMode: 'recordContinuously' }, transferMode: 'ReportEvents' });
  await page.goto(`http://127.0.0.1:${port}/?backend=wasm`);
  await page.getByTestId('example').click();
  await page.getByTestId('result-row').first().waitFor({ timeout: 120_000 });
  const first = await page.evaluate(() => performance.now());
  await page.getByTestId('gen-summary').waitFor({ timeout: 120_000 });
  const all = await page.evaluate(() => performance.now());
  await cdp.send('Tracing.end');
  await complete;
  if (opt('out', '')) writeFileSync(opt('out', '').replace(/(\.json)?$/, `-${v + 1}.json`), JSON.stringify(events));
  const cached = {};
  for (const e of events.filter((x) => x.name === 'v8.wasm.compiledModule')) {
    const next = events.find((x) => x.name === 'v8.wasm.cachedModule' && x.ts === e.ts) ?? events.find((x) => x.name === 'v8.wasm.cachedModule' && Math.abs(x.ts - e.ts) < 50_000);
    const file = String(e.args?.url ?? '').split('/').pop().replace(/-[\w-]{8}\.wasm$/, '.wasm');
    if (next) cached[file] = Math.max(cached[file] ?? 0, next.args.producedCacheSize);
  }
  const row = {
    visit: v === 0 ? 'first (cold profile)' : `return visit ${v}`,
    // (a return visit's page shows the last run's rows at once: its first row is not the new run's)
    first_row_s: +(first / 1000).toFixed(2),
    all_s: +(all / 1000).toFixed(2),
    wasm_top_tier_s: { cpu: s2(sum(events, 'wasm.TopTierCompilation', 'tdur')), wall: s2(sum(events, 'wasm.TopTierCompilation', 'dur')) },
    wasm_lazy_compile_s: { cpu: s2(sum(events, 'wasm.CompileLazy', 'tdur')), wall: s2(sum(events, 'wasm.CompileLazy', 'dur')) },
    thread_cpu_s: threadCpu(events),
    optimised_code_cached_bytes: cached,
  };
  rows.push(row);
  console.log(JSON.stringify(row));
  if (v === 0 && args.includes('--keep-offline')) {
    await page.getByTestId('offline-save').click();
    await page.getByTestId('offline-ready').waitFor({ timeout: 300_000 });
  }
  await page.close();
}
await ctx.close();
rmSync(profile, { recursive: true, force: true });
stop();
