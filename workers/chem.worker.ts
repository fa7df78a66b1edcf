// Chemistry + inference worker: RDKit.js, QED, and the ONNX predictors. A thin entry point: the work
// itself lives in src/inference and src/domain.
import * as Comlink from 'comlink';
import initRDKit from '@rdkit/rdkit';
import rdkitWasmUrl from '@rdkit/rdkit/RDKit_minimal.wasm?url';
import { OnnxEngine } from '../src/inference/onnx';
import { loadCard } from '../src/inference/registry';
import { checkGenerator, runGenerator } from '../src/inference/run-generator';
import type { FamilyContext } from '../src/inference/family';
import { DOMAINS, domainOf } from '../src/domains/registry';
import type { BatchReport } from '../src/contract/generator';
import type { Backend, BackendInfo, GenerateSummary, ProgressFn } from '../src/contract/compute';
import { fetchRetrying } from '../src/inference/fetch-retry';
import { analyse, splitInput, type Analysed, type AnalyseResult, type Entry } from '../src/inference/analyse';
import type { ModelCard } from '../src/contract/card';
import { withMol, type RDKitModule } from '../src/domain/chem/rdkit';
import { FingerprintSet, morganFingerprint } from '../src/domain/metrics/fingerprints';
import { internalDiversity } from '../src/domain/metrics/diversity';
import { molblockFromSmiles, smilesFromMolblock } from '../src/domain/io/sdf';
import { readMolecules } from '../src/domain/io/molecules-file';
import { decodeFileText } from '../src/domain/io/file-text';
import type { LineError } from '../src/domain/io/csv';
import { startHeartbeat } from '../src/contract/heartbeat';
import { loadMoyoInBrowser } from '../src/inference/moyo-browser';
import { analyseCrystals, type CrystalAnalysed } from '../src/inference/analyse-crystal';
import { crystalDiversity } from '../src/domain/metrics/crystal-diversity';
import { readCif } from '../src/domain/crystal/cif';
import { domainOfGenerator, generatorMeta } from '../src/domains/registry';
import { familyFactory } from '../src/inference/families';

let settings: { modelBaseUrl: string; prefer: 'auto' | Backend } | null = null;
let rdkit: Promise<RDKitModule> | null = null;
let engine: OnnxEngine | null = null;
const cards = new Map<string, Promise<ModelCard>>();
const files = new Map<string, Promise<unknown>>();

/** A data file beside the models, fetched and parsed once per worker (forgotten if it fails, so a retry refetches). */
function dataFile<T>(file: string, what: string, parse: (bytes: Uint8Array) => T): Promise<T> {
  let p = files.get(file) as Promise<T> | undefined;
  if (!p) {
    const url = new URL(file, need().base).href;
    p = fetchRetrying(url, async (res) => {
      if (!res.ok) throw new Error(`${what} not found at ${url} (HTTP ${res.status})`);
      return parse(new Uint8Array(await res.arrayBuffer()));
    });
    files.set(file, p);
    p.catch(() => files.delete(file));
  }
  return p;
}

export type { GenerateSummary };

function need() {
  if (!settings) throw new Error('chem worker used before configure()');
  engine ??= new OnnxEngine({ modelBaseUrl: settings.modelBaseUrl, prefer: settings.prefer });
  rdkit ??= initRDKit({ locateFile: () => rdkitWasmUrl }) as Promise<RDKitModule>;
  return { engine, rdkit, base: settings.modelBaseUrl };
}

function card(id: string): Promise<ModelCard> {
  const { base } = need();
  let c = cards.get(id);
  if (!c) {
    c = loadCard(id, base);
    cards.set(id, c);
    c.catch(() => cards.delete(id));
  }
  return c;
}

/** What a generator family builds itself from here. A crystal run waits for no RDKit; a molecule run needs no moyo. */
async function familyContext(generatorId: string): Promise<FamilyContext> {
  const { engine, rdkit } = need();
  const molecules = domainOfGenerator(generatorId).kind === 'molecule';
  return { rdkit: molecules ? await rdkit : undefined, engine, card, data: dataFile, symmetry: loadMoyoInBrowser };
}

/** Entries from the page, checked: whatever crosses the worker boundary is data, not trusted shape. */
function checkEntries(list: unknown): Entry[] {
  if (!Array.isArray(list)) throw new Error('analyse: expected a list of entries');
  return list.map((e, i) => {
    const x = e as Partial<Entry>;
    if (typeof x?.input !== 'string' || !Number.isInteger(x.line)) throw new Error(`analyse: entry ${i} needs a line number and a SMILES`);
    return { line: x.line!, input: x.input, ...(typeof x.name === 'string' && x.name ? { name: x.name.slice(0, 200) } : {}) };
  });
}

/** A WebAssembly trap leaves RDKit's memory undefined: load a fresh module for the next task. */
function resetOnTrap(e: unknown): never {
  if (e instanceof WebAssembly.RuntimeError) {
    rdkit = null;
    throw new Error(`RDKit.js failed inside WebAssembly (${e.message}); it has been reloaded, please try again`);
  }
  throw e;
}

const api = {
  configure(s: { modelBaseUrl: string; prefer: 'auto' | Backend }) {
    settings = s;
  },
  backend(): Promise<BackendInfo> {
    return need().engine.info();
  },
  async rdkitVersion(): Promise<string> {
    return (await need().rdkit).version();
  },
  /**
   * Score molecules with a domain's exact properties and predictors: pasted text (one SMILES per line, a name
   * after it), or entries read from a file, which keep the file's line numbers and names. Results stream back
   * batch by batch through onBatch.
   */
  async analyse(
    input: string | Entry[] | { name: string; bytes: Uint8Array },
    onProgress?: ProgressFn,
    onBatch?: (batch: Analysed[]) => Promise<void>,
    domainId = DOMAINS[0].id,
  ): Promise<Omit<AnalyseResult, 'results'> & { count: number; invalid: number; backendInfo: BackendInfo; problems: LineError[]; problemCount: number }> {
    const { engine, rdkit } = need();
    const report = (done: number, total: number) => onProgress?.({ done, total });
    const predictors = await Promise.all(domainOf(domainId).predictors.map(async (p) => ({ card: await card(p.model), properties: p.properties })));
    let entries: Entry[];
    let problems: LineError[] = [];
    if (typeof input === 'string') entries = splitInput(input);
    else if (Array.isArray(input)) entries = checkEntries(input);
    else {
      // A file is read here, not on the page: parsing tens of megabytes would freeze the page for seconds.
      const rd = await rdkit;
      const file = await readMolecules(String(input.name), decodeFileText(input.bytes), async (blocks) => blocks.map((b) => smilesFromMolblock(rd, b)));
      entries = file.entries;
      problems = file.problems;
    }
    const { results, ...rest } = await analyse(await rdkit, engine, predictors, entries, report, onBatch).catch(resetOnTrap);
    // the first thousand problems travel back; the count says how many there were
    return { ...rest, count: results.length, invalid: results.filter((r) => !r.ok).length, backendInfo: await engine.info(), problems: problems.slice(0, 1000), problemCount: problems.length };
  },
  /**
   * Score a user's crystals (a CIF with any number of blocks, or a POSCAR) with a crystal domain's exact
   * properties and predictor. Parsed here, not on the page: a big CIF would freeze the page.
   */
  async analyseCrystals(file: { name: string; bytes: Uint8Array }, domainId: string): Promise<{ results: CrystalAnalysed[]; backendInfo: BackendInfo; ms: number }> {
    const t0 = performance.now();
    const domain = domainOf(domainId);
    if (domain.kind !== 'crystal') throw new Error(`${domain.label} holds no crystals`);
    const p = domain.predictors[0];
    if (!p) throw new Error(`${domain.label} has no predictor`);
    const { engine } = need();
    const moyo = await loadMoyoInBrowser().catch(() => null);
    const results = await analyseCrystals(engine, { card: await card(p.model), properties: p.properties }, moyo, String(file.name), decodeFileText(file.bytes));
    return { results, backendInfo: await engine.info(), ms: performance.now() - t0 };
  },
  /**
   * Generate with a registered generator; each batch's new unique valid items stream back through onBatch. The
   * settings pass the family's normalise() first, whatever sent them: nothing unchecked reaches a model.
   */
  async generate(
    generatorId: string,
    settings: unknown,
    onProgress?: ProgressFn,
    onBatch?: (b: BatchReport) => Promise<void>,
    shard?: { index: number; count: number },
  ): Promise<GenerateSummary> {
    const sum = await runGenerator(await familyContext(generatorId), generatorId, settings, onProgress, onBatch, shard).catch(resetOnTrap);
    return { ...sum, backendInfo: await need().engine.info() };
  },
  /** What in these settings a run would fail on before making anything (a start molecule the model cannot read), or null. */
  async check(generatorId: string, settings: unknown): Promise<string | null> {
    return checkGenerator(await familyContext(generatorId), generatorId, settings).catch(resetOnTrap);
  },
  /**
   * Load what a run with these settings needs (RDKit or moyo, the cards, the data files, a session per model)
   * while the visitor reads the page, so that Generate starts computing at once. Settings pass normalise() first.
   */
  async prepare(generatorId: string, settings: unknown): Promise<void> {
    const meta = generatorMeta(generatorId);
    const s = meta.normalise(settings);
    const ctx = await familyContext(generatorId);
    await Promise.all([
      familyFactory(meta.family)(ctx, s, meta.id),
      ...meta.modelsUsed(s).map(async (id) => ctx.engine.preload(await card(id))),
      ctx.rdkit ? null : loadMoyoInBrowser(),
    ]);
  },
  /**
   * 2D depictions for the candidate table, as SVG text drawn by RDKit ('' where RDKit cannot parse the SMILES).
   * Only RDKit's own output is returned, and the UI shows it through an <img>, so no markup from data is run.
   */
  async depict(smiles: string[], width = 150, height = 90): Promise<string[]> {
    const rd = await need().rdkit;
    const size = (x: number) => Math.round(Math.min(1000, Math.max(16, Number(x) || 16)));
    const opts = JSON.stringify({ width: size(width), height: size(height), clearBackground: false });
    try {
      return smiles.map((s) => {
        const svg = typeof s === 'string' ? withMol(rd, s, (m) => m.get_svg_with_highlights(opts)) : null;
        return svg && /^(<\?xml[^>]*>\s*)?<svg[\s>]/.test(svg) ? svg : '';
      });
    } catch (e) {
      return resetOnTrap(e);
    }
  },
  /**
   * Internal diversity: of molecules, IntDiv1 (MOSES: 1 − mean pairwise Tanimoto, Morgan r=2, 1024 bits) of their
   * SMILES; of crystals (their CIFs), the fingerprint diversity of src/domain/metrics/crystal-diversity.ts. NaN for none.
   */
  async diversity(smiles: string[], kind: 'molecule' | 'crystal' = 'molecule'): Promise<number> {
    if (kind === 'crystal') return crystalDiversity(smiles.flatMap((cif) => { try { return [readCif(cif)]; } catch { return []; } }));
    const rd = await need().rdkit;
    try {
      const fps = smiles.map((s) => withMol(rd, s, (m) => morganFingerprint(m))).filter((f): f is Uint32Array => f !== null);
      return internalDiversity(FingerprintSet.from(fps)).intDiv1;
    } catch (e) {
      return resetOnTrap(e);
    }
  },
  /**
   * Molblocks for an SDF export: the 3D conformer when one was computed (kept with its hydrogens),
   * otherwise RDKit's 2D layout; null where RDKit cannot read the molecule.
   */
  async molblocks(items: { smiles: string; molblock3d?: string }[], version: 'V2000' | 'V3000'): Promise<(string | null)[]> {
    const rd = await need().rdkit;
    try {
      return items.map(({ smiles, molblock3d }) => {
        if (molblock3d && version === 'V2000') return molblock3d;
        if (molblock3d) {
          const m = rd.get_mol(molblock3d, JSON.stringify({ removeHs: false }));
          if (m) {
            try {
              if (m.is_valid()) return m.get_v3Kmolblock();
            } finally {
              m.delete();
            }
          }
        }
        return molblockFromSmiles(rd, smiles, version);
      });
    } catch (e) {
      return resetOnTrap(e);
    }
  },
  /** Canonical SMILES of imported molblocks (SDF import); null where RDKit rejects one. */
  async smilesFromMolblocks(molblocks: string[]): Promise<(string | null)[]> {
    const rd = await need().rdkit;
    try {
      return molblocks.map((mb) => smilesFromMolblock(rd, mb));
    } catch (e) {
      return resetOnTrap(e);
    }
  },
  /** Raw model run for the end-to-end tests (browser vs Node numbers). */
  async predictFeatures(modelId: string, features: Float32Array, rows: number) {
    const c = await card(modelId);
    const dim = features.length / rows;
    return need().engine.run(c, { [c.inputs[0].name]: { dtype: 'float32', data: features, dims: [rows, dim] } });
  },
  /** Test hooks: an uncaught error (the bridge must restart us), and a lost WebGPU device. */
  crashForTest() {
    setTimeout(() => {
      throw new Error('crash requested by test');
    });
  },
  destroyGpuDevice(): Promise<BackendInfo> {
    return need().engine.destroyDeviceForTest();
  },
};

export type ChemAPI = typeof api;
Comlink.expose(api);
startHeartbeat(self as unknown as Parameters<typeof startHeartbeat>[0]);
