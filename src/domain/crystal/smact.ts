// SMACT14 charge-neutrality validity, reproducing the check behind the CDVAE / DiffCSP / MatterGen numbers
// (../shared/data/smact14/README.md): SMACT v2.2's tables and its Pauling test, including its quirks.
import { atomicNumber } from './elements';
import { gcd } from './composition';
import { OXIDATION_STATES, PAULING } from './smact-data';

/** SMACT v2.2's metals list: a composition made only of these passes as an alloy. */
const METALS = new Set(
  ('Li Be Na Mg Al K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Cs Ba La ' +
    'Ce Pr Nd Sm Eu Gd Tb Dy Ho Er Tm Yb Lu Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po Fr Ra Ac Th Pa U Np Pu Am Cm Bk Cf ' +
    'Es Fm Md No').split(' '),
);

/** Bound on oxidation-state assignments tried, so a many-element input cannot stall the caller. */
const MAX_ASSIGNMENTS = 5_000_000;

/**
 * SMACT v2.2's Pauling test on one assignment, pair by pair in element order, returning at the first decisive
 * pair: a cation at least as electronegative as an anion fails; a missing value on a cation–anion pair made
 * Python raise, which the benchmark code caught as a pass of the whole assignment; a missing value on a
 * same-sign pair fails.
 */
function paulingOk(ox: readonly number[], en: readonly (number | null)[]): boolean {
  for (let i = 0; i < ox.length; i++)
    for (let j = i + 1; j < ox.length; j++) {
      const cationAnion = (ox[i] > 0 && ox[j] < 0) || (ox[i] < 0 && ox[j] > 0);
      if (cationAnion) {
        if (en[i] === null || en[j] === null) return true;
        const [cat, an] = ox[i] > 0 ? [en[i]!, en[j]!] : [en[j]!, en[i]!];
        if (cat >= an) return false;
      } else if (en[i] === null || en[j] === null) return false;
    }
  return true;
}

/**
 * True when the composition (element symbols, one per site) passes SMACT14 charge neutrality with the Pauling
 * test, as the benchmarks run it: counts divided by their gcd; one element or all metals pass; otherwise some
 * assignment of one oxidation state per element must sum to zero and pass paulingOk.
 */
export function smactValid(species: readonly string[]): boolean {
  const counts = new Map<string, number>();
  for (const s of species) counts.set(s, (counts.get(s) ?? 0) + 1);
  // The benchmarks order elements by atomic number; the Pauling test's early exits depend on that order.
  const elems = [...counts.keys()].sort((a, b) => (atomicNumber(a) ?? 0) - (atomicNumber(b) ?? 0));
  if (elems.length === 1) return true;
  if (elems.every((e) => METALS.has(e))) return true;
  const g = elems.reduce((acc, e) => gcd(acc, counts.get(e)!), 0);
  const n = elems.map((e) => counts.get(e)! / g);
  const states = elems.map((e) => OXIDATION_STATES[e] ?? []);
  const en = elems.map((e) => (e in PAULING ? PAULING[e] : null));
  let total = 1;
  for (const s of states) total *= s.length;
  if (total === 0) return false;
  if (total > MAX_ASSIGNMENTS) throw new Error(`SMACT check: ${total} oxidation-state assignments is too many`);
  // Odometer over the assignments, in itertools.product order.
  const idx = new Array<number>(elems.length).fill(0);
  const ox = new Array<number>(elems.length);
  for (;;) {
    let charge = 0;
    for (let k = 0; k < elems.length; k++) {
      ox[k] = states[k][idx[k]];
      charge += ox[k] * n[k];
    }
    if (charge === 0 && paulingOk(ox, en)) return true;
    let k = elems.length - 1;
    while (k >= 0 && ++idx[k] === states[k].length) idx[k--] = 0;
    if (k < 0) return false;
  }
}
