// npm run bench -- --out FILE [--runs N] [--molecules N] [--no-build]
// Builds the app, serves it on 127.0.0.1, drives it in headless Debian Chromium and writes
// {"machine", "backend", "results": [{"name", "unit", "median", "runs"}]}. Medians of several runs; the
// first (cold) run is reported separately and not in the median.
import { spawn, execSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
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
const only = opt('only', 'predictor,generator').split(',');
const port = 4175;

if (!args.includes('--no-build')) execSync('npx vite build --logLevel warn', { stdio: 'inherit' });
const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], { stdio: 'ignore', detached: true });
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
      for (let i = 0; i <= genRuns; i++) {
        const r = await page.evaluate(async ({ sampler, count, seed }) => {
          const t0 = performance.now();
          const s = await window.lodestone.compute.chem.call((api) => api.generate('mol-zinc', { count, seed, sampler, guidance: 0, temperature: 1, targets: [] }));
          return { ms: performance.now() - t0, unique: s.unique, ms_parts: s.ms };
        }, { sampler, count, seed: 100 + i });
        console.log(`${sampler} run ${i}${i === 0 ? ' (cold)' : ''}: ${(r.unique / (r.ms / 1000)).toFixed(0)} valid unique molecules/s  ${JSON.stringify(r.ms_parts)}`);
        if (i > 0) rates.push(r.unique / (r.ms / 1000));
      }
      perSampler[sampler] = median(rates);
      results.push({ name: `generation throughput, ${sampler} (${count} molecules a run, unconditional)`, unit: 'valid unique molecules/s', median: median(rates), runs: rates, molecules: count });
    }
    results.push({ name: 'generation speed-up: student-k4 / teacher', unit: 'ratio', median: perSampler['student-k4'] / perSampler.teacher, runs: [] });
    results.push({ name: 'generation speed-up: student-k1 / teacher', unit: 'ratio', median: perSampler['student-k1'] / perSampler.teacher, runs: [] });
  }
  const chromiumVersion = browser.version();
  await browser.close();

  const machine = {
    cpu: os.cpus()[0]?.model, cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), platform: `${os.platform()} ${os.release()}`,
    node: process.version, chromium: chromiumVersion, wasmThreads: backend.threads, date: new Date().toISOString(),
  };
  writeFileSync(out, JSON.stringify({ machine, backend: backend.backend, results }, null, 1));
  console.log(`wrote ${out}`);
} finally {
  stop();
}
