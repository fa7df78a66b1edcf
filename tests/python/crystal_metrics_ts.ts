// Reads {"dir": folder of CIFs, "reference": CSV path, "rows": N} on stdin and prints the app's per-structure
// validity flags and densities and the W1 distances of the valid ones against the first N reference rows, so
// tests/python/test_crystal_metrics.py can compare them with pymatgen.
import { readFileSync } from 'node:fs';
import { readCifDir, readCdvaeCsv } from '../../scripts/eval-crystal';
import { validityFlags, w1Density, w1NumElements } from '../../src/domain/metrics/crystal';
import { density } from '../../src/domain/crystal/composition';
import type { Structure } from '../../src/domain/crystal/structure';

const q: { dir: string; reference: string; rows: number } = JSON.parse(readFileSync(0, 'utf8'));
const { samples, names } = readCifDir(q.dir);
const ref = readCdvaeCsv(q.reference).structures.slice(0, q.rows);
const f = validityFlags(samples);
const valid = samples.filter((_, i) => f.valid[i]) as Structure[];
console.log(JSON.stringify({
  names,
  struct: f.struct,
  comp: f.comp,
  density: samples.map((s) => (s ? density(s) : null)),
  w1_density: w1Density(valid, ref),
  w1_nelements: w1NumElements(valid, ref),
}));
