// Fingerprints of crystals for the CDVAE coverage metrics (COV-R, COV-P). Pure, no I/O.
//
// CDVAE uses matminer's CrystalNNFingerprint ("ops" preset, mean over sites) as the structure fingerprint and
// matminer's Magpie ElementProperty preset, standardised with a fixed scaler, as the composition fingerprint.
// matminer is not available here, so both are OUR substitutes, and the CDVAE cut-offs (0.2 structure, 4
// composition) do not carry over: docs/evaluation-crystal.md gives ours and how they were calibrated.
//
// Composition fingerprint (in the spirit of Magpie's ElementProperty): for 13 elemental properties from pymatgen
// (Z, Mendeleev number, atomic mass, melting point, row, group, atomic radius, Pauling electronegativity, valence
// s/p/d/f electron counts and their sum; scripts/make_element_features.py writes the table, element-features.json),
// six statistics weighted by atomic fraction: mean, average absolute deviation from the mean, min, max, range and
// mode (the value of the most abundant element; on a tie the smallest value). 78 numbers, standardised with a
// fixed scaler fitted on the Perov-5 training compositions (as CDVAE standardises with fixed CompScaler
// means/stds), then compared by Euclidean distance. It depends on the composition only, so it is invariant to
// supercells, permutations and anything geometric. Elements beyond Z = 94 have no fingerprint (null).
//
// Structure fingerprint (a substitute for CrystalNN's local-environment fingerprint): for every site, over all
// periodic images of all sites within R_MAX = 6 Å (the site's own images included, itself excluded):
//  - a Gaussian-smeared radial distribution: at centres r = 0.5, 0.75, …, 6.0 Å, Σ_j exp(−(d_j − r)² / 2σ²) / r²
//    with σ = 0.2 Å (the 1/r² keeps the many far neighbours from swamping the near shells);
//  - smooth coordination counts relative to the site's nearest-neighbour distance d₀: Σ_j sigmoid((f − d_j/d₀)/0.025)
//    for f = 1.1, 1.25, 1.5 (scale-free, like the coordination part of CrystalNN).
// The structure's fingerprint is the mean over sites of those 26 numbers followed by their standard deviation over
// sites (52 numbers). Site features depend only on the periodic environment, so the fingerprint is invariant to
// translations, permutations, the choice of cell (any basis of the same lattice) and supercells. It ignores the
// species (as CrystalNN's "ops" fingerprint does up to its coordination weighting). A cell so dense that a site
// would have more than MAX_NEIGHBOURS neighbours within 6 Å (a collapsed, structurally invalid sample) has no
// fingerprint (null), as a CrystalNN failure makes CDVAE drop a sample from the fingerprint sets.
import type { Structure } from '../crystal/structure';
import { lllReduce, norm, reciprocal, vecMat, inv3, volume, type Mat3 } from '../crystal/lattice';
import features from './element-features.json';

export const R_MAX = 6;
export const RDF_SIGMA = 0.2;
export const RDF_CENTRES: readonly number[] = Array.from({ length: 23 }, (_, k) => 0.5 + 0.25 * k);
export const CN_RATIOS: readonly number[] = [1.1, 1.25, 1.5];
const CN_WIDTH = 0.025;
/** Above this many neighbours within R_MAX per site (about 30 times a close-packed metal's) a cell has no fingerprint. */
export const MAX_NEIGHBOURS = 3000;

const SITE_DIM = RDF_CENTRES.length + CN_RATIOS.length;
export const STRUCTURE_FP_DIM = 2 * SITE_DIM;

interface FeatureFile {
  props: string[];
  stats: string[];
  symbols: string[];
  table: number[][];
  scaler: { mean: number[]; std: number[] };
  checks: Record<string, number[]>;
}
const F = features as FeatureFile;
const INDEX = new Map(F.symbols.map((s, i) => [s, i]));
export const COMPOSITION_FP_DIM = F.props.length * F.stats.length;
export const COMPOSITION_PROPS: readonly string[] = F.props;
/** Unscaled fingerprints the Python script computed, for the unit test that checks this file agrees with it. */
export const COMPOSITION_FP_CHECKS: Readonly<Record<string, readonly number[]>> = F.checks;

/** The raw (unscaled) composition fingerprint of a list of site species; null when an element is beyond Z = 94. */
export function rawCompositionFingerprint(species: readonly string[]): Float64Array | null {
  const counts = new Map<string, number>();
  for (const s of species) counts.set(s, (counts.get(s) ?? 0) + 1);
  const els = [...counts.keys()];
  const rows: number[][] = [];
  for (const e of els) {
    const i = INDEX.get(e);
    if (i === undefined) return null;
    rows.push(F.table[i]);
  }
  const total = species.length;
  const w = els.map((e) => counts.get(e)! / total);
  const top = Math.max(...w);
  const out = new Float64Array(COMPOSITION_FP_DIM);
  let o = 0;
  for (let k = 0; k < F.props.length; k++) {
    let mean = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < els.length; i++) {
      const v = rows[i][k];
      mean += w[i] * v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    let dev = 0;
    let mode = Infinity;
    for (let i = 0; i < els.length; i++) {
      dev += w[i] * Math.abs(rows[i][k] - mean);
      if (w[i] >= top - 1e-12 && rows[i][k] < mode) mode = rows[i][k];
    }
    out[o++] = mean;
    out[o++] = dev;
    out[o++] = min;
    out[o++] = max;
    out[o++] = max - min;
    out[o++] = mode;
  }
  return out;
}

/** The standardised composition fingerprint (what coverage compares); null when an element is beyond Z = 94. */
export function compositionFingerprint(species: readonly string[]): Float64Array | null {
  const raw = rawCompositionFingerprint(species);
  if (!raw) return null;
  for (let k = 0; k < raw.length; k++) raw[k] = (raw[k] - F.scaler.mean[k]) / F.scaler.std[k];
  return raw;
}

/** Per-site environment features (rows) of a structure; null when the cell is too dense to enumerate. */
export function siteFeatures(s: Structure): Float64Array[] | null {
  const n = s.species.length;
  const v = Math.abs(volume(s.lattice));
  if (!(v > 0) || (n * (4 / 3) * Math.PI * R_MAX ** 3) / v > MAX_NEIGHBOURS) return null;
  const { lattice: red } = lllReduce(s.lattice);
  const redInv: Mat3 = inv3(red);
  const rec = reciprocal(red);
  const reach = rec.map((b) => Math.ceil(R_MAX * norm(b) + 0.5));
  const cart = s.frac.map((f) => vecMat(f, s.lattice));
  const inv2s2 = 1 / (2 * RDF_SIGMA * RDF_SIGMA);
  const out: Float64Array[] = [];
  const dists: number[] = [];
  for (let i = 0; i < n; i++) {
    dists.length = 0;
    for (let j = 0; j < n; j++) {
      const dx = [cart[j][0] - cart[i][0], cart[j][1] - cart[i][1], cart[j][2] - cart[i][2]];
      // wrap the difference into the reduced cell, then walk every image that can be within R_MAX
      const f = vecMat(dx, redInv);
      const base = f.map((x) => x - Math.round(x));
      const b0 = vecMat(base, red);
      for (let a = -reach[0]; a <= reach[0]; a++)
        for (let b = -reach[1]; b <= reach[1]; b++)
          for (let c = -reach[2]; c <= reach[2]; c++) {
            const x = b0[0] + a * red[0][0] + b * red[1][0] + c * red[2][0];
            const y = b0[1] + a * red[0][1] + b * red[1][1] + c * red[2][1];
            const z = b0[2] + a * red[0][2] + b * red[1][2] + c * red[2][2];
            const d2 = x * x + y * y + z * z;
            if (d2 > R_MAX * R_MAX) continue;
            if (i === j && d2 < 1e-16) continue; // the site itself
            dists.push(Math.sqrt(d2));
          }
    }
    const row = new Float64Array(SITE_DIM);
    let d0 = Infinity;
    for (const d of dists) if (d < d0) d0 = d;
    for (const d of dists) {
      for (let k = 0; k < RDF_CENTRES.length; k++) {
        const r = RDF_CENTRES[k];
        const e = (d - r) * (d - r) * inv2s2;
        if (e < 30) row[k] += Math.exp(-e) / (r * r);
      }
      if (d0 > 0 && Number.isFinite(d0))
        for (let k = 0; k < CN_RATIOS.length; k++) {
          const t = (CN_RATIOS[k] - d / d0) / CN_WIDTH;
          row[RDF_CENTRES.length + k] += t > 40 ? 1 : t < -40 ? 0 : 1 / (1 + Math.exp(-t));
        }
    }
    out.push(row);
  }
  return out;
}

/** The structure fingerprint: mean over sites of the site features, then their standard deviation over sites. */
export function structureFingerprint(s: Structure): Float64Array | null {
  const rows = siteFeatures(s);
  if (!rows) return null;
  const n = rows.length;
  const fp = new Float64Array(STRUCTURE_FP_DIM);
  for (const r of rows) for (let k = 0; k < SITE_DIM; k++) fp[k] += r[k] / n;
  for (const r of rows) for (let k = 0; k < SITE_DIM; k++) fp[SITE_DIM + k] += (r[k] - fp[k]) ** 2 / n;
  for (let k = 0; k < SITE_DIM; k++) fp[SITE_DIM + k] = Math.sqrt(fp[SITE_DIM + k]);
  return fp;
}

export function euclidean(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += (a[k] - b[k]) ** 2;
  return Math.sqrt(s);
}

/**
 * Coverage cut-offs for OUR fingerprints (structure, composition), calibrated on Perov-5 / Carbon-24 so that
 * held-out real data is covered by the training data nearly fully and a shuffled-coordinates corruption of it
 * clearly less (docs/evaluation-crystal.md gives the measurements and the command). Not CDVAE's 0.2 / 4.
 */
export const COVERAGE_CUTOFFS = {
  'crystal-perov5': { structure: 1.0, composition: 4 },
  'crystal-carbon24': { structure: 1.0, composition: 4 },
} as const;
