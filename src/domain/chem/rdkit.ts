// The one place that knows RDKit MinimalLib's calling conventions. The module instance is passed in
// (the browser and Node load it differently), so this file stays pure: it imports RDKit's types only.
import type { MainModule, Mol } from '@rdkit/rdkit';
import { graphDescriptors } from './descriptors';
import { readMolGraph, type MolGraph } from './graph';

export type RDKitModule = MainModule;
export type { Mol };

/** A SMILES the user gave that RDKit could not parse or sanitise; carries the input so the UI can name it. */
export class InvalidSmilesError extends Error {
  constructor(
    readonly input: string,
    readonly line?: number,
  ) {
    super(`Invalid SMILES${line === undefined ? '' : ` on line ${line}`}: "${truncate(input, 80)}" could not be parsed`);
    this.name = 'InvalidSmilesError';
  }
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/**
 * Longest SMILES we hand to RDKit.js: a chain of ~1,000 atoms overflows MinimalLib's stack and corrupts the
 * module for every later call. Small molecules are far shorter (ZINC's longest is ~110 characters).
 */
export const MAX_SMILES_LENGTH = 500;

/** Parse a SMILES; null when RDKit rejects it. The caller owns the Mol and must delete() it. */
export function parseSmiles(rdkit: RDKitModule, smiles: string): Mol | null {
  const s = smiles.trim();
  // get_mol also reads molblocks and other formats; a SMILES never spans lines.
  if (s === '' || s.length > MAX_SMILES_LENGTH || /[\n\r]/.test(s)) return null;
  const mol = rdkit.get_mol(s);
  if (mol === null) return null;
  if (!mol.is_valid()) {
    mol.delete();
    return null;
  }
  return mol;
}

/** Run fn on a parsed molecule and always free the WASM memory. */
export function withMol<T>(rdkit: RDKitModule, smiles: string, fn: (mol: Mol) => T): T | null {
  const mol = parseSmiles(rdkit, smiles);
  if (mol === null) return null;
  try {
    return fn(mol);
  } finally {
    mol.delete();
  }
}

export function canonicalSmiles(rdkit: RDKitModule, smiles: string): string | null {
  return withMol(rdkit, smiles, (m) => m.get_smiles());
}

/** RDKit's descriptor table (CrippenClogP, tpsa, amw, NumHBD, ... 43 entries). */
export type Descriptors = Record<string, number>;

/** The molecule as plain arrays (graph.ts), read from RDKit's JSON. */
export function molGraph(mol: Mol): MolGraph {
  return readMolGraph(mol.get_json());
}

/**
 * RDKit's descriptor table, computed in TypeScript from the graph (descriptors/: the same values, about a
 * twentieth of the time), or by RDKit.js for a molecule the TypeScript side declines.
 */
export function descriptors(mol: Mol, graph: MolGraph = molGraph(mol)): Descriptors {
  return graphDescriptors(graph) ?? rdkitDescriptors(mol);
}

/** RDKit.js's own table (get_descriptors), about 1 ms a molecule: the reference the TypeScript one is checked against. */
export function rdkitDescriptors(mol: Mol): Descriptors {
  return JSON.parse(mol.get_descriptors()) as Descriptors;
}

/** Morgan fingerprint unpacked to one byte per bit (0/1), bit i of byte j is index 8j+i as RDKit packs it. */
export function morganBits(mol: Mol, radius: number, nBits: number): Uint8Array {
  const packed = mol.get_morgan_fp_as_uint8array(JSON.stringify({ radius, nBits })) as Uint8Array;
  return unpackBits(packed, nBits);
}

export function unpackBits(packed: Uint8Array, nBits: number): Uint8Array {
  if (packed.length * 8 !== nBits) throw new Error(`fingerprint has ${packed.length * 8} bits, expected ${nBits}`);
  const out = new Uint8Array(nBits);
  for (let j = 0; j < packed.length; j++) {
    const b = packed[j];
    for (let i = 0; i < 8; i++) out[8 * j + i] = (b >> i) & 1;
  }
  return out;
}
