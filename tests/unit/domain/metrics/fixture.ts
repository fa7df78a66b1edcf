// tests/fixtures/metrics.json (Debian's python3-rdkit, numpy, scipy) and RDKit.js helpers for the metrics tests.
// Regenerate the fixture with: /usr/bin/python3 tests/fixtures/make_metrics_fixture.py
import { readFileSync } from 'node:fs';
import init from '@rdkit/rdkit';
import { parseSmiles, type Mol, type RDKitModule } from '../../../../src/domain/chem/rdkit';
import { FingerprintSet, morganFingerprint } from '../../../../src/domain/metrics/fingerprints';

export interface MetricsFixture {
  rdkit: string;
  numpy: string;
  scipy: string;
  fingerprint: { radius: number; nBits: number };
  descriptorKeys: string[];
  molecules: { smiles: string; bits: number[]; descriptors: number[] }[];
  pairs: { a: string; b: string; tanimoto: number }[];
  sets: { A: string[]; B: string[]; intDiv1: number; intDiv2: number; intDiv2MosesCode: number; snnAtoB: number; snnBtoA: number };
  wasserstein: { name: string; u: number[]; v: number[]; w1: number }[];
  frechet: { samples: { a: number[][]; b: number[][]; value: number }; descriptorsAvsB: number };
}

export const fixture = JSON.parse(readFileSync(new URL('../../../fixtures/metrics.json', import.meta.url), 'utf8')) as MetricsFixture;

let module: Promise<RDKitModule> | null = null;
/** One RDKit.js instance per test file. */
export function loadRDKit(): Promise<RDKitModule> {
  module ??= init();
  return module;
}

/** Run fn on a parsed fixture molecule; throws if RDKit.js rejects it (the fixture only holds valid SMILES). */
export function withParsed<T>(rdkit: RDKitModule, smiles: string, fn: (mol: Mol) => T): T {
  const mol = parseSmiles(rdkit, smiles);
  if (mol === null) throw new Error(`RDKit.js could not parse fixture SMILES ${smiles}`);
  try {
    return fn(mol);
  } finally {
    mol.delete();
  }
}

/** Morgan r2 1024 fingerprints of SMILES as a FingerprintSet. */
export function fingerprintSet(rdkit: RDKitModule, smiles: readonly string[]): FingerprintSet {
  return FingerprintSet.from(smiles.map((s) => withParsed(rdkit, s, morganFingerprint)));
}
