// Supercells: the same crystal described by a cell n1 × n2 × n3 times larger, for viewing and for checks that a
// property is per-cell or per-atom.
import type { Mat3, Vec3 } from './lattice';
import { MAX_SITES, type Structure } from './structure';

/**
 * Repeat the cell n1, n2, n3 times along its lattice vectors. Lattice row i is scaled by n_i and every site
 * appears once per translation (t1, t2, t3), at (f + t) / n; translations are the outer loop, so species are the
 * original list repeated n1·n2·n3 times. Throws when a factor is not a positive integer or the result would
 * exceed MAX_SITES.
 */
export function supercell(s: Structure, [n1, n2, n3]: readonly [number, number, number]): Structure {
  const n = [n1, n2, n3];
  for (const k of n)
    if (!Number.isInteger(k) || k < 1) throw new Error(`Supercell factors must be positive integers (got ${n.join(' × ')})`);
  const count = s.species.length * n1 * n2 * n3;
  if (count > MAX_SITES)
    throw new Error(`A ${n.join('×')} supercell of ${s.species.length} sites has ${count}; the limit is ${MAX_SITES}`);
  const lattice = s.lattice.map((row, i) => row.map((x) => x * n[i])) as Mat3;
  const species: string[] = [];
  const frac: Vec3[] = [];
  for (let a = 0; a < n1; a++)
    for (let b = 0; b < n2; b++)
      for (let c = 0; c < n3; c++)
        for (let i = 0; i < s.species.length; i++) {
          const f = s.frac[i];
          species.push(s.species[i]);
          frac.push([(f[0] + a) / n1, (f[1] + b) / n2, (f[2] + c) / n3]);
        }
  return { lattice, species, frac };
}
