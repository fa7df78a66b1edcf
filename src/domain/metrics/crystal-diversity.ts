// Internal diversity of a set of crystals, the crystal counterpart of MOSES's IntDiv₁ for the diversity–fidelity
// plot: the mean over pairs of the structure-fingerprint distance plus the composition-fingerprint distance, each
// divided by its coverage cut-off (crystal-fingerprints.ts), so 1 means two crystals as far apart as coverage
// tolerates for either fingerprint alone. At most `limit` crystals (evenly spread over the list) are compared.
import type { Structure } from '../crystal/structure';
import { fingerprints } from './crystal';
import { COVERAGE_CUTOFFS } from './crystal-fingerprints';

const dist = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s);
};

export function crystalDiversity(structures: readonly Structure[], cutoffs: { structure: number; composition: number } = COVERAGE_CUTOFFS['crystal-perov5'], limit = 400): number {
  const step = Math.max(1, structures.length / limit);
  const picked: Structure[] = [];
  for (let i = 0; i < structures.length && picked.length < limit; i += step) picked.push(structures[Math.floor(i)]);
  const fps = picked.map(fingerprints).filter((f) => f.structure && f.composition);
  if (fps.length < 2) return NaN;
  let sum = 0;
  let n = 0;
  for (let i = 0; i < fps.length; i++)
    for (let j = i + 1; j < fps.length; j++) {
      sum += dist(fps[i].structure!, fps[j].structure!) / cutoffs.structure + dist(fps[i].composition!, fps[j].composition!) / cutoffs.composition;
      n++;
    }
  return sum / n;
}
