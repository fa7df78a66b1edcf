// npm run bench -- --out FILE [--runs N] [--molecules N] [--no-build] [--only predictor,generator,ui] [--confident F] [--pick F] [--noise S] [--models DIR]
// --models DIR: the app built into dist-models/ with DIR's files (ONNX models and cards, e.g. a retrained chain's
// --models folder) over the shipped ones, to bench them before they replace static/models.
// Builds the app, serves it on 127.0.0.1, drives it in headless Debian Chromium and writes
// {"machine", "backend", "results": [{"name", "unit", "median", "runs"}]}. Medians of several runs; the
// first (cold) run is reported separately and not in the median.
import { spawn, execSync } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import os from 'node:os';
import { chromium } from '@playwright/test';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const out = opt('out', 'bench.json');
const runs = Number(opt('runs', '5'));
const molecules = Number(opt('molecules', '2000'));
const genCount = Number(opt('gen-count', '10000'));
// The teacher is ~50x slower than a student: 10,000 of its samples take minutes per run on WASM.
const teacherCount = Number(opt('teacher-count', '1000'));
const genRuns = Number(opt('gen-runs', '3'));
const confident = opt('confident', ''); // fraction of decodes kept (GenerateSettings.confident); default the studio's
const pick = opt('pick', ''); // fraction of latents decoded, the confidence head's surest (GenerateSettings.pick); default the studio's
const noise = opt('noise', ''); // the prior's starting-noise scale; default the studio's
const only = opt('only', 'predictor,generator,crystal,firstrow,ui').split(',');
const crystalCount = Number(opt('crystal-count', '2000'));
const crystalTeacherCount = Number(opt('crystal-teacher-count', '500'));
const port = 4175;

const models = opt('models', '');
const outDir = models ? 'dist-models' : 'dist';
if (!args.includes('--no-build')) execSync(`npx vite build --logLevel warn --outDir ${outDir}`, { stdio: 'inherit' });
if (models) {
  const files = readdirSync(models).filter((f) => /\.(onnx|json|f32|hashes|bin)$/.test(f));
  if (!files.length) throw new Error(`--models ${models}: no model files there`);
  for (const f of files) copyFileSync(join(models, f), join(outDir, 'models', f));
  console.log(`${files.length} files of ${models} over the shipped models in ${outDir}/models`);
}
const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort', '--outDir', outDir], { stdio: 'ignore', detached: true });
const stop = () => {
  try {
    process.kill(-server.pid);
  } catch {}
};
process.on('exit', stop);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function waitForServer(url, ms = 60_000) {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`preview server did not start on ${url}`);
}

const smiles = gunzipSync(readFileSync(new URL('../../shared/data/zinc250k/dd_vae_split/test.csv.gz', import.meta.url)))
  .toString('utf8').split('\n').filter(Boolean).slice(0, molecules);

try {
  await waitForServer(`http://127.0.0.1:${port}/`);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1, EXCLUDE localhost'] });
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/?backend=wasm`);
  await page.waitForFunction(() => window.lodestone?.compute?.backend !== null, null, { timeout: 120_000 });
  const backend = await page.evaluate(() => window.lodestone.compute.backend);

  const results = [];
  if (only.includes('predictor')) {
    // Predictor throughput, end to end in the worker: parse + canonical SMILES + descriptors + QED +
    // Morgan features + ONNX ensemble, through the bridge.
    const text = smiles.join('\n');
    const timings = [];
    for (let i = 0; i <= runs; i++) {
      const t = await page.evaluate(async (text) => {
        const t0 = performance.now();
        const r = await window.lodestone.compute.chem.call((api) => api.analyse(text));
        return { ms: performance.now() - t0, count: r.count - r.invalid, chemistryMs: r.timings.chemistryMs, modelMs: r.timings.modelMs };
      }, text);
      timings.push(t);
      console.log(`run ${i}${i === 0 ? ' (cold)' : ''}: ${(t.count / (t.ms / 1000)).toFixed(0)} molecules/s`);
    }
    const warm = timings.slice(1);

    results.push(
      { name: 'predictor throughput (RDKit.js features + QED + SA ensemble, end to end)', unit: 'molecules/s', median: median(warm.map((t) => t.count / (t.ms / 1000))), runs: warm.map((t) => t.count / (t.ms / 1000)), cold: timings[0].count / (timings[0].ms / 1000), molecules: smiles.length },
      { name: 'predictor: chemistry share (parse, canonical SMILES, descriptors, QED)', unit: 'ms per 1000 molecules', median: median(warm.map((t) => (1000 * t.chemistryMs) / t.count)), runs: warm.map((t) => (1000 * t.chemistryMs) / t.count) },
      { name: 'predictor: model share (Morgan features + SA ensemble on WASM)', unit: 'ms per 1000 molecules', median: median(warm.map((t) => (1000 * t.modelMs) / t.count)), runs: warm.map((t) => (1000 * t.modelMs) / t.count) },
    );

  }

  // Generation throughput, end to end: sampler + decoder + SELFIES + canonical SMILES + properties + SA.
  if (only.includes('generator')) {
    const perSampler = {};
    for (const [sampler, count] of [['student-k1', genCount], ['student-k4', genCount], ['teacher', teacherCount]]) {
      const rates = [];
      const stages = [];
      let busyWorkers = 0;
      let used = {};
      for (let i = 0; i <= genRuns; i++) {
        const r = await page.evaluate(async ({ sampler, count, seed, confident, pick, noise }) => {
          const t0 = performance.now();
          // the studio's own defaults (decoder temperature, prior noise unless --noise), no targets, so conditioned on training
          // molecules' properties as a run without targets is
          const overrides = { ...(confident ? { confident: Number(confident) } : {}), ...(pick ? { pick: Number(pick) } : {}), ...(noise ? { noise: Number(noise) } : {}) };
          const settings = { ...window.lodestone.generation.settings(), count, seed, sampler, guidance: 0, targets: [], condition: 'data', ...overrides };
          const s = await window.lodestone.generateOnPool(settings);
          return { ms: performance.now() - t0, unique: s.unique, ms_parts: s.ms, busy: s.workers, used: { noise: settings.noise, pick: settings.pick, confident: settings.confident } };
        }, { sampler, count, seed: 100 + i, confident, pick, noise });
        console.log(`${sampler} run ${i}${i === 0 ? ' (cold)' : ''}: ${(r.unique / (r.ms / 1000)).toFixed(0)} valid unique molecules/s  ${JSON.stringify(r.ms_parts)}`);
        if (i > 0) rates.push(r.unique / (r.ms / 1000));
        busyWorkers = r.busy;
        used = r.used;
        // Worker time per valid unique molecule, by stage (summed over workers): where the time goes.
        if (i > 0) stages.push(Object.fromEntries(Object.entries(r.ms_parts).map(([k, v]) => [k, v / r.unique])));
      }
      const stageMedians = Object.fromEntries(Object.keys(stages[0] ?? {}).map((k) => [k, median(stages.map((x) => x[k]))]));
      perSampler[sampler] = median(rates);
      const workers = await page.evaluate(() => window.lodestone.compute.pool.length);
      const busy = `${busyWorkers < workers ? `${busyWorkers} of ` : ''}${workers} workers`; // a run of one batch keeps one worker busy
      results.push({ name: `generation throughput, ${sampler} (${count} molecules a run, no targets, noise ${used.noise}${used.pick < 1 ? `, surest ${used.pick} of latents decoded` : ''}${used.confident < 1 ? `, surest ${used.confident} of decodes kept` : ''}, ${busy})`, unit: 'valid unique molecules/s', median: median(rates), runs: rates, molecules: count, settings: used, workers, busy_workers: busyWorkers, worker_ms_per_molecule: stageMedians });
    }
    results.push({ name: 'generation speed-up: student-k4 / teacher', unit: 'ratio', median: perSampler['student-k4'] / perSampler.teacher, runs: [] });
    results.push({ name: 'generation speed-up: student-k1 / teacher', unit: 'ratio', median: perSampler['student-k1'] / perSampler.teacher, runs: [] });
  }

  // Crystal generation, end to end on the worker pool: flow sampler + cells + validity + structure-matcher
  // duplicates and novelty + moyo space groups + the predictor ensemble. Seconds to the first 1,000 valid
  // crystals: a run of crystalCount samples, its time scaled by 1,000 / valid (runs are batch-parallel).
  if (only.includes('crystal')) {
    const perSampler = {};
    for (const sampler of ['student-k1', 'student-k4', 'teacher']) {
      const count = sampler === 'teacher' ? crystalTeacherCount : crystalCount;
      const rates = [];
      const firstK = [];
      let stages = {};
      for (let i = 0; i <= genRuns; i++) {
        const r = await page.evaluate(async ({ sampler, count, seed }) => {
          const t0 = performance.now();
          const settings = { count, seed, sampler, guidance: 2, targets: [], elements: { include: [], exclude: [] } };
          const s = await window.lodestone.generateOnPool(settings, 'crystal-perov5');
          return { ms: performance.now() - t0, valid: s.valid, unique: s.unique, ms_parts: s.ms };
        }, { sampler, count, seed: 200 + i });
        console.log(`crystal ${sampler} run ${i}${i === 0 ? ' (cold)' : ''}: ${(r.valid / (r.ms / 1000)).toFixed(0)} valid crystals/s, ${r.unique} unique  ${JSON.stringify(r.ms_parts)}`);
        if (i > 0) {
          rates.push(r.valid / (r.ms / 1000));
          firstK.push((r.ms / 1000) * (1000 / r.valid));
          stages = Object.fromEntries(Object.entries(r.ms_parts).map(([k, v]) => [k, v / r.valid]));
        }
      }
      perSampler[sampler] = median(rates);
      results.push({ name: `crystal generation, Perov-5 ${sampler} (${count} samples a run, no targets, guidance 2)`, unit: 'valid crystals/s', median: median(rates), runs: rates, worker_ms_per_crystal: stages });
      results.push({ name: `crystal generation, Perov-5 ${sampler}: seconds to 1,000 valid crystals`, unit: 's', median: median(firstK), runs: firstK });
    }
    results.push({ name: 'crystal generation speed-up: student-k4 / teacher', unit: 'ratio', median: perSampler['student-k4'] / perSampler.teacher, runs: [] });
  }

  // Studio responsiveness at 100,000 candidates: render, scroll, sort, filter in the table; redraw and
  // brush in the scatter. Times are from the event to the second animation frame after it (the frame
  // that shows the result), so they include Svelte's update, layout and the canvas draw.
  if (only.includes('ui')) {
    const N = 100_000;
    await page.waitForFunction(() => window.lodestone?.projects, null, { timeout: 60_000 });
    const ui = await page.evaluate(async ({ N, smiles }) => {
      const L = window.lodestone;
      const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const time = async (fn) => { const t0 = performance.now(); await fn(); await frames(); return performance.now() - t0; };
      let seed = 7;
      const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
      const cands = Array.from({ length: N }, (_, i) => ({
        runId: 'bench', index: i, projectId: 'bench', kind: 'molecule', repr: smiles[i % smiles.length], novel: rnd() > 0.1,
        props: { logp: -2 + 7 * rnd(), mw: 150 + 350 * rnd(), tpsa: 140 * rnd(), hbd: Math.floor(4 * rnd()), hba: Math.floor(8 * rnd()), rotb: Math.floor(9 * rnd()), qed: rnd() },
        predicted: { sa: { mean: 1 + 5 * rnd(), std: 0.1 } },
      }));
      const out = {};
      out.render = await time(async () => { L.projects.candidates = cands; });
      await new Promise((r) => setTimeout(r, 500));
      // Scroll the table 60 frames, a screenful a frame, and record each frame's duration.
      const viewport = document.querySelector('.viewport');
      const gaps = [];
      let last = performance.now();
      for (let f = 0; f < 60; f++) {
        viewport.scrollTop += 400 + f * 997;
        await new Promise((r) => requestAnimationFrame(r));
        const now = performance.now();
        gaps.push(now - last);
        last = now;
      }
      gaps.sort((a, b) => a - b);
      out.scrollMedian = gaps[30];
      out.scrollP95 = gaps[Math.floor(0.95 * gaps.length)];
      // Each interaction 5 times (alternating, so every repeat does real work); the median is reported.
      const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      const reps = (n, fn) => (async () => { const xs = []; for (let i = 0; i < n; i++) xs.push(await fn(i)); return xs; })();
      const sortBtn = document.querySelector('[data-testid="sort-qed"]');
      out.sortRuns = await reps(5, () => time(async () => sortBtn.click()));
      const minBox = document.querySelector('[data-testid="filter-logp-min"]');
      out.filterRuns = await reps(5, (i) => time(async () => { minBox.value = String(1 + (i % 2)); minBox.dispatchEvent(new Event('input', { bubbles: true })); }));
      // The scatter: switch axes (a full redraw of 100,000 points + density).
      const ySel = document.querySelector('[data-testid="scatter-y"]');
      out.scatterRuns = await reps(5, (i) => time(async () => { ySel.value = i % 2 ? 'qed' : 'mw'; ySel.dispatchEvent(new Event('change', { bubbles: true })); }));
      for (const k of ['sort', 'filter', 'scatter']) out[k === 'scatter' ? 'scatterRedraw' : k] = med(out[`${k}Runs`]);
      out.points = Number(document.querySelector('[data-testid="scatter"]')?.getAttribute('data-points'));
      return out;
    }, { N, smiles: smiles.slice(0, 2000) });
    // A brush drawn with real mouse input (the plot's overlay captures the pointer, which synthetic events
    // cannot): from before the first mouse event to the second frame after the logP target changed. It
    // includes Playwright's input dispatch, so it overstates the app's share by a few milliseconds.
    const area = await page.getByTestId('scatter-canvas').boundingBox();
    ui.brushRuns = [];
    for (let i = 0; i < 5; i++) {
      const before = await page.getByTestId('target-logp-min').inputValue();
      const t0 = await page.evaluate(() => performance.now());
      const d = 0.05 * i;
      await page.mouse.move(area.x + area.width * (0.3 + d), area.y + area.height * 0.3);
      await page.mouse.down();
      await page.mouse.move(area.x + area.width * (0.5 + d), area.y + area.height * 0.5, { steps: 3 });
      await page.mouse.up();
      ui.brushRuns.push(await page.evaluate(async ({ t0, before }) => {
        const input = document.querySelector('[data-testid="target-logp-min"]');
        for (const end = performance.now() + 5000; input.value === before; await new Promise((r) => setTimeout(r, 1))) {
          if (performance.now() > end) throw new Error('the brush did not set the logP target');
        }
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        return performance.now() - t0;
      }, { t0, before }));
    }
    ui.brush = [...ui.brushRuns].sort((a, b) => a - b)[2];
    console.log(`ui at ${N} rows: ${JSON.stringify(ui)}`);
    results.push(
      { name: `table: first render of ${N} candidates (with scatter and Pareto ranks)`, unit: 'ms', median: ui.render, runs: [ui.render] },
      { name: `table: scroll frame time at ${N} rows (median of 60 frames)`, unit: 'ms', median: ui.scrollMedian, runs: [ui.scrollMedian], p95: ui.scrollP95 },
      { name: `table: sort ${N} rows by QED (click to painted)`, unit: 'ms', median: ui.sort, runs: ui.sortRuns },
      { name: `table: filter ${N} rows (logP minimum, input to painted)`, unit: 'ms', median: ui.filter, runs: ui.filterRuns },
      { name: `scatter: redraw ${ui.points} points + training density (axis change to painted)`, unit: 'ms', median: ui.scatterRedraw, runs: ui.scatterRuns },
      { name: `scatter: brush over ${ui.points} points sets the targets (real mouse drag to painted)`, unit: 'ms', median: ui.brush, runs: ui.brushRuns },
    );
  }
  // What a visitor waits for: page load → first row and → 1,000 targeted candidates (the first example, one
  // click), cold (a fresh browser profile: nothing cached, workers and models loaded on the way) and warm (the
  // same page, a second run); and Generate → first row, warm. Times from the navigation's start, or the click.
  if (only.includes('firstrow')) {
    const cold = [], coldAll = [], warm = [], warmAll = [], readFirst = [], readAll = [], offFirst = [], offAll = [];
    const READ_MS = 5000;
    for (let i = 0; i < Math.max(3, runs - 2); i++) {
      const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      const p = await ctx.newPage();
      await p.goto(`http://127.0.0.1:${port}/?backend=wasm`);
      await p.getByTestId('example').click();
      await p.getByTestId('result-row').first().waitFor({ timeout: 120_000 });
      const first = await p.evaluate(() => performance.now());
      await p.getByTestId('gen-summary').waitFor({ timeout: 120_000 });
      const all = await p.evaluate(() => performance.now());
      cold.push(first / 1000);
      coldAll.push(all / 1000);
      // warm: Generate again on the same page (another seed: new molecules, same target)
      await p.getByTestId('seed').fill(String(1000 + i));
      const t0 = await p.evaluate(() => performance.now());
      await p.getByTestId('generate').click();
      await p.waitForFunction((t0) => window.lodestone.generation.running && window.lodestone.projects.candidates.length > 0 && performance.now() > t0, t0, { timeout: 120_000, polling: 'raf' });
      const t1 = await p.evaluate(() => performance.now());
      await p.waitForFunction(() => !window.lodestone.generation.running, null, { timeout: 120_000 });
      const t2 = await p.evaluate(() => performance.now());
      warm.push((t1 - t0) / 1000);
      warmAll.push((t2 - t0) / 1000);
      console.log(`first row: cold ${first.toFixed(0)} ms after navigation, all ${all.toFixed(0)} ms; warm ${(t1 - t0).toFixed(0)} ms after Generate, all ${(t2 - t0).toFixed(0)} ms`);
      await ctx.close();
      // a visitor who reads the page for READ_MS before the click: the workers prepare the default run meanwhile
      // (and, to see what that buys, the same with ?prepare=off)
      for (const [query, firsts, alls] of [['', readFirst, readAll], ['&prepare=off', offFirst, offAll]]) {
        const ctx2 = await browser.newContext({ viewport: { width: 1366, height: 768 } });
        const p2 = await ctx2.newPage();
        await p2.goto(`http://127.0.0.1:${port}/?backend=wasm${query}`);
        await p2.waitForTimeout(READ_MS);
        const c0 = await p2.evaluate(() => performance.now());
        await p2.getByTestId('example').click();
        await p2.getByTestId('result-row').first().waitFor({ timeout: 120_000 });
        const c1 = await p2.evaluate(() => performance.now());
        await p2.getByTestId('gen-summary').waitFor({ timeout: 120_000 });
        const c2 = await p2.evaluate(() => performance.now());
        firsts.push((c1 - c0) / 1000);
        alls.push((c2 - c0) / 1000);
        console.log(`after ${READ_MS} ms of reading${query}: first row ${(c1 - c0).toFixed(0)} ms after the click, all ${(c2 - c0).toFixed(0)} ms`);
        await ctx2.close();
      }
    }
    results.push(
      { name: 'first visit: page load to first row (first example, 1,000 targeted, cold profile)', unit: 's', median: median(cold), runs: cold },
      { name: 'first visit: page load to 1,000 targeted candidates done (cold profile)', unit: 's', median: median(coldAll), runs: coldAll },
      { name: 'first visit, 5 s of reading first: the example click to first row (cold profile)', unit: 's', median: median(readFirst), runs: readFirst },
      { name: 'first visit, 5 s of reading first: the example click to 1,000 targeted candidates done (cold profile)', unit: 's', median: median(readAll), runs: readAll },
      { name: 'the same with ?prepare=off (nothing loaded before the click): click to first row', unit: 's', median: median(offFirst), runs: offFirst },
      { name: 'the same with ?prepare=off: click to 1,000 targeted candidates done', unit: 's', median: median(offAll), runs: offAll },
      { name: 'warm: Generate to first row (same target, new seed)', unit: 's', median: median(warm), runs: warm },
      { name: 'warm: Generate to 1,000 targeted candidates done', unit: 's', median: median(warmAll), runs: warmAll },
    );
  }

  const chromiumVersion = browser.version();
  await browser.close();

  const machine = {
    cpu: os.cpus()[0]?.model, cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), platform: `${os.platform()} ${os.release()}`,
    node: process.version, chromium: chromiumVersion, wasmThreads: backend.threads, date: new Date().toISOString(),
  };
  writeFileSync(out, JSON.stringify({ machine, backend: backend.backend, models: models || 'static/models', results }, null, 1));
  console.log(`wrote ${out}`);
} finally {
  stop();
}
