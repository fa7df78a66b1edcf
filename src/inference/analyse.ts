// Score a user's molecules: canonical SMILES, exact RDKit properties, QED, and predicted SA with its
// uncertainty. Invalid lines come back as errors naming the line; they never stop the batch.
import type { MolGraph } from '../domain/chem/graph';
import { descriptors, MAX_SMILES_LENGTH, molGraph, parseSmiles, type Descriptors, type Mol, type RDKitModule } from '../domain/chem/rdkit';
import { qed } from '../domain/chem/qed';
import type { ModelCard } from '../contract/card';
import type { Backend, OnnxEngine } from './onnx';
import { predictAll, type Prediction } from './predictors/molecule';

/** Exact properties, computed by RDKit.js (QED by our implementation of Bickerton et al.). */
export interface MolProps {
  logp: number;
  mw: number;
  tpsa: number;
  hbd: number;
  hba: number;
  rotb: number;
  rings: number;
  heavyAtoms: number;
  qed: number;
}

export type Analysed =
  | { ok: true; line: number; input: string; name?: string; smiles: string; props: MolProps; predicted: Record<string, Prediction> }
  | { ok: false; line: number; input: string; name?: string; error: string };

export interface AnalyseResult {
  results: Analysed[];
  backend: Backend;
  timings: { totalMs: number; chemistryMs: number; modelMs: number };
}

/** `graph` and `d`: mol's graph and descriptor table, when the caller has them already (both are computed once). */
export function exactProps(rdkit: RDKitModule, mol: Mol, graph: MolGraph = molGraph(mol), d: Descriptors = descriptors(mol, graph)): MolProps {
  return {
    logp: d.CrippenClogP,
    mw: d.amw,
    tpsa: d.tpsa,
    hbd: d.NumHBD,
    hba: d.NumHBA,
    rotb: d.NumRotatableBonds,
    rings: d.NumRings,
    heavyAtoms: d.NumHeavyAtoms,
    qed: qed(rdkit, mol, d, graph),
  };
}

/** One molecule to score: the line of the text or file it came from, the SMILES as written, and its name if any. */
export interface Entry {
  line: number;
  input: string;
  name?: string;
}

/** Split pasted text into SMILES entries: one per line (any line ending); text after the first whitespace is a name. */
export function splitInput(text: string): Entry[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((raw, i) => {
      const [input = '', ...rest] = raw.trim().split(/\s+/);
      const name = rest.join(' ').slice(0, 200);
      return { line: i + 1, input, ...(name ? { name } : {}) };
    })
    .filter((e) => e.input !== '');
}

export async function analyse(
  rdkit: RDKitModule,
  engine: OnnxEngine,
  predictors: readonly { card: ModelCard; properties: readonly string[] }[],
  entries: Entry[],
  onProgress?: (done: number, total: number) => void,
  onBatch?: (batch: Analysed[]) => void | Promise<void>,
  batchSize = 256,
): Promise<AnalyseResult> {
  const t0 = performance.now();
  let chemistryMs = 0;
  let modelMs = 0;
  let backend: Backend = (await engine.info()).backend;
  const results: Analysed[] = [];
  for (let start = 0; start < entries.length; start += batchSize) {
    const batch = entries.slice(start, start + batchSize);
    const tc = performance.now();
    const parsed: { entry: (typeof batch)[number]; mol: Mol | null }[] = batch.map((entry) => ({ entry, mol: parseSmiles(rdkit, entry.input) }));
    const mols = parsed.flatMap((p) => (p.mol ? [p.mol] : []));
    try {
      // The graph and the descriptor table serve properties, QED and features: compute them once.
      const graphs = mols.map((m) => molGraph(m));
      const tables = mols.map((m, i) => descriptors(m, graphs[i]));
      const props = mols.map((m, i) => exactProps(rdkit, m, graphs[i], tables[i]));
      chemistryMs += performance.now() - tc;
      const tm = performance.now();
      const predicted = await predictAll(engine, predictors, mols, tables);
      modelMs += performance.now() - tm;
      backend = predicted.backend ?? backend;
      let k = 0;
      const out: Analysed[] = [];
      for (const { entry, mol } of parsed) {
        if (!mol) {
          const why = entry.input.length > MAX_SMILES_LENGTH ? `is longer than ${MAX_SMILES_LENGTH} characters (Lodestone handles small molecules)` : 'is not a valid SMILES';
          const shown = entry.input.length > 60 ? `${entry.input.slice(0, 57)}…` : entry.input;
          out.push({ ok: false, ...entry, error: `line ${entry.line}: "${shown}" ${why}` });
          continue;
        }
        out.push({ ok: true, ...entry, smiles: mol.get_smiles(), props: props[k], predicted: predicted.predictions[k] });
        k++;
      }
      results.push(...out);
      // Awaited, so the UI has stored this batch before the next one is computed.
      await onBatch?.(out);
    } finally {
      for (const m of mols) m.delete();
    }
    onProgress?.(Math.min(start + batchSize, entries.length), entries.length);
  }
  return { results, backend, timings: { totalMs: performance.now() - t0, chemistryMs, modelMs } };
}
