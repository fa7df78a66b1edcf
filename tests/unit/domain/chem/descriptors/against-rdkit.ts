// What the descriptor tests share: RDKit.js, ZINC's first molecules, and one comparison of a TypeScript part
// (descriptors/*.ts) with RDKit.js's own table (rdkitDescriptors, not the app's TypeScript-first descriptors()).
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { expect } from 'vitest';
import init from '@rdkit/rdkit';
import { readMolGraph, type MolGraph } from '../../../../../src/domain/chem/graph';
import { parseSmiles, rdkitDescriptors, type Mol, type RDKitModule } from '../../../../../src/domain/chem/rdkit';

export const rdkit: RDKitModule = await init();

export type Part = (g: MolGraph) => Record<string, number> | null;

/** The first n SMILES of ZINC250k (../shared/data, as in CI). */
export function zincSmiles(n = 2000): string[] {
  const file = new URL('../../../../../../shared/data/zinc250k/250k_rndm_zinc_drugs_clean.smi.gz', import.meta.url);
  const smiles = gunzipSync(readFileSync(file)).toString('utf8').split('\n').map((l) => l.trim()).filter(Boolean).slice(0, n);
  expect(smiles.length).toBe(n);
  return smiles;
}

/** Parse (or throw, naming the SMILES), run fn, free the molecule. */
export function withParsed<T>(smiles: string, fn: (mol: Mol) => T): T {
  const mol = parseSmiles(rdkit, smiles);
  if (mol === null) throw new Error(`RDKit.js could not parse ${smiles}`);
  try {
    return fn(mol);
  } finally {
    mol.delete();
  }
}

/** The part's table for a SMILES (null if it declines). */
export function ours(part: Part, smiles: string): Record<string, number> | null {
  return withParsed(smiles, (mol) => part(readMolGraph(mol.get_json())));
}

/**
 * Where the part disagrees with RDKit.js on a parsed molecule (relative tolerance 1e-9, as
 * scripts/check-descriptors.ts), as readable lines; [] when all agree. The part must give exactly `names`.
 */
export function disagreementsOf(part: Part, names: readonly string[], mol: Mol, label: string): string[] {
  const got = part(readMolGraph(mol.get_json()));
  if (got === null) return [`${label}: returned null`];
  expect(Object.keys(got).sort()).toEqual([...names].sort());
  const want = rdkitDescriptors(mol);
  return names.flatMap((k) =>
    Math.abs(got[k] - want[k]) <= 1e-9 * Math.max(1, Math.abs(want[k])) ? [] : [`${label} ${k}: ours ${got[k]} RDKit ${want[k]}`],
  );
}

/** disagreementsOf for a SMILES. */
export function disagreements(part: Part, names: readonly string[], smiles: string): string[] {
  return withParsed(smiles, (mol) => disagreementsOf(part, names, mol, smiles));
}
