// Node's side of scripts/rdkit_structure.py: what `npm run eval` takes from Debian's full RDKit because
// RDKit.js MinimalLib cannot compute it exactly (the Ertl–Schuffenhauer SA score, BRICS, Murcko scaffolds).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { StructureRecord } from '../src/domain/metrics/structure';

const SCRIPT = fileURLToPath(new URL('./rdkit_structure.py', import.meta.url));
/** Debian's interpreter (python3-rdkit); RDKIT_PYTHON names another with RDKit. */
const PYTHON = process.env.RDKIT_PYTHON ?? '/usr/bin/python3';

export interface RdkitRow {
  sa: number;
  frags?: string[];
  scaffold?: string | null;
  murcko?: string | null;
}

/** One row per SMILES, in order; null where full RDKit cannot read it. `saOnly`: the SA score alone (faster). */
export function rdkitRows(smiles: readonly string[], saOnly = false): (RdkitRow | null)[] {
  if (smiles.length === 0) return [];
  const out = execFileSync(PYTHON, [SCRIPT, ...(saOnly ? ['--sa-only'] : [])], {
    input: smiles.map((s) => `${s}\n`).join(''),
    maxBuffer: 1 << 30,
    encoding: 'utf8',
  });
  const rows = out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as RdkitRow | null);
  if (rows.length !== smiles.length) throw new Error(`${SCRIPT} answered ${rows.length} rows for ${smiles.length} SMILES`);
  return rows;
}

/** The exact SA score of each SMILES (NaN where full RDKit cannot read it, which no target box then holds). */
export function exactSA(smiles: readonly string[]): number[] {
  return rdkitRows(smiles, true).map((r) => r?.sa ?? Number.NaN);
}

/** A StructureRecord's full-RDKit half from a row (empty when full RDKit could not read the molecule). */
export function structureParts(row: RdkitRow | null): Omit<StructureRecord, 'structure'> {
  return { frags: row?.frags ?? [], scaffold: row?.scaffold ?? null, murcko: row?.murcko ?? null };
}
