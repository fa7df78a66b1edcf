// Composition, reduced formula (pymatgen's conventions) and density.
import { atomicMass, electronegativity } from './elements';
import { volume } from './lattice';
import type { Structure } from './structure';

/** Element → count, in first-seen order. */
export function composition(species: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const s of species) m.set(s, (m.get(s) ?? 0) + 1);
  return m;
}

export function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return Math.abs(a);
}

// pymatgen writes these diatomic / peroxide formulas doubled ("O2", "Li2O2").
const SPECIAL: Record<string, string> = {
  LiO: 'Li2O2',
  NaO: 'Na2O2',
  KO: 'K2O2',
  HO: 'H2O2',
  CsO: 'Cs2O2',
  RbO: 'Rb2O2',
  O: 'O2',
  N: 'N2',
  F: 'F2',
  Cl: 'Cl2',
  H: 'H2',
};

// Elements sorted by electronegativity then symbol, as pymatgen does. pymatgen has no value for noble gases and
// sorts their NaN unpredictably; we put them last.
function byElectronegativity(a: string, b: string): number {
  const xa = electronegativity(a) ?? Infinity;
  const xb = electronegativity(b) ?? Infinity;
  if (xa !== xb) return xa < xb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

const amount = (n: number) => (n === 1 ? '' : String(n));

function reduce(counts: Map<string, number>): { formula: string; factor: number } {
  const syms = [...counts.keys()].filter((s) => (counts.get(s) ?? 0) > 0).sort(byElectronegativity);
  const factor = [...counts.values()].reduce((g, n) => gcd(g, n), 0) || 1;
  // pymatgen groups the two most electronegative elements as a polyanion when they are close in
  // electronegativity and their reduced amounts still share a factor, e.g. "Sr(NO3)2".
  let poly = '';
  if (syms.length >= 3) {
    const [p, q] = syms.slice(-2);
    const xp = electronegativity(p) ?? NaN;
    const xq = electronegativity(q) ?? NaN;
    if (xq - xp < 1.65) {
      const sub = reduce(new Map([[p, counts.get(p)! / factor], [q, counts.get(q)! / factor]]));
      if (sub.factor !== 1) poly = `(${sub.formula})${sub.factor}`;
    }
  }
  const body = (poly ? syms.slice(0, -2) : syms).map((s) => s + amount(counts.get(s)! / factor)).join('');
  return { formula: body + poly, factor };
}

/** pymatgen's reduced formula, e.g. ["Sr","Ti","O","O","O"] → "SrTiO3", 24 carbons → "C". */
export function reducedFormula(species: readonly string[]): string {
  let { formula } = reduce(composition(species));
  if (formula in SPECIAL) formula = SPECIAL[formula];
  return formula;
}

/** Formula of the whole cell in the same order, e.g. "Sr2Ti2O6". */
export function cellFormula(species: readonly string[]): string {
  const counts = composition(species);
  return [...counts.keys()]
    .sort(byElectronegativity)
    .map((s) => s + amount(counts.get(s)!))
    .join('');
}

/** Distinct elements in the cell. */
export function numElements(species: readonly string[]): number {
  return new Set(species).size;
}

/** g/cm³ from amu per Å³ (1 amu/Å³ = 1.66053906660 g/cm³). */
const AMU_PER_A3_TO_G_PER_CM3 = 1.6605390666;

export function density(s: Structure): number {
  let mass = 0;
  for (const e of s.species) mass += atomicMass(e);
  return (mass / volume(s.lattice)) * AMU_PER_A3_TO_G_PER_CM3;
}
