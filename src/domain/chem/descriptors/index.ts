// RDKit's descriptor table, computed in TypeScript from the molecule graph (graph.ts): the same names, order
// and values as RDKit.js's get_descriptors(), checked over ZINC250k, the MOSES test set and QM9 by
// scripts/check-descriptors.ts. It costs a few hundredths of a millisecond where RDKit's table costs about one
// (most of it Crippen's SMARTS typing and the chi/kappa path enumeration). Each part returns null for a molecule
// it cannot reproduce exactly (an element or case outside what it implements); then the whole table is null
// and the caller asks RDKit.
import type { MolGraph } from '../graph';
import { crippenDescriptors } from './crippen';
import { countDescriptors } from './counts';
import { stereoDescriptors } from './stereo';
import { surfaceDescriptors } from './surface';
import { topologyDescriptors } from './topology';

export type DescriptorTable = Record<string, number>;

/** RDKit.js 2026.09's get_descriptors() names, in its order (models' feature lists were made from it). */
export const DESCRIPTOR_NAMES = Object.freeze([
  'exactmw', 'amw', 'lipinskiHBA', 'lipinskiHBD', 'NumRotatableBonds', 'NumHBD', 'NumHBA', 'NumHeavyAtoms', 'NumAtoms',
  'NumHeteroatoms', 'NumAmideBonds', 'FractionCSP3', 'NumRings', 'NumAromaticRings', 'NumAliphaticRings', 'NumSaturatedRings',
  'NumHeterocycles', 'NumAromaticHeterocycles', 'NumSaturatedHeterocycles', 'NumAliphaticHeterocycles', 'NumSpiroAtoms',
  'NumBridgeheadAtoms', 'NumAtomStereoCenters', 'NumUnspecifiedAtomStereoCenters', 'labuteASA', 'tpsa', 'CrippenClogP',
  'CrippenMR', 'chi0v', 'chi1v', 'chi2v', 'chi3v', 'chi4v', 'chi0n', 'chi1n', 'chi2n', 'chi3n', 'chi4n', 'hallKierAlpha',
  'kappa1', 'kappa2', 'kappa3', 'Phi',
] as const);

/** Whichever parts are present, in RDKit's order; null if a part declines the molecule. */
export function partialGraphDescriptors(g: MolGraph): DescriptorTable | null {
  const parts = [countDescriptors(g), stereoDescriptors(g), topologyDescriptors(g), surfaceDescriptors(g), crippenDescriptors(g)];
  if (parts.some((p) => p === null)) return null;
  const merged: DescriptorTable = Object.assign({}, ...parts);
  const table: DescriptorTable = {};
  for (const name of DESCRIPTOR_NAMES) if (name in merged) table[name] = merged[name];
  return table;
}

/** The whole table, or null when RDKit must be asked for this molecule. */
export function graphDescriptors(g: MolGraph): DescriptorTable | null {
  const table = partialGraphDescriptors(g);
  return table !== null && DESCRIPTOR_NAMES.every((name) => name in table) ? table : null;
}
