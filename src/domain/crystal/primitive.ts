// Primitive cell finding with pymatgen's get_primitive_structure semantics (its 0.25 Å tolerance, HNF
// enumeration of candidate supercell matrices, averaging of merged sites), so that the structure matcher sees
// the same cells pymatgen's StructureMatcher does: a supercell and its primitive cell then match.
import { gcd } from './composition';
import { inv3, matMul, norm, type Mat3, type Vec3 } from './lattice';
import { niggliStructure } from './niggli';
import type { Structure } from './structure';

const fracDiffSmall = (a: readonly number[], b: readonly number[], tol: readonly number[]) => {
  for (let k = 0; k < 3; k++) {
    const d = a[k] - b[k];
    if (Math.abs(d - Math.round(d)) >= tol[k]) return false;
  }
  return true;
};

function divisors(n: number): number[] {
  const out: number[] = [];
  for (let i = 1; i <= n; i++) if (n % i === 0) out.push(i);
  return out;
}

/** Upper-triangular Hermite normal forms with determinant det, in pymatgen's enumeration order. */
function* hnfs(det: number): Generator<Mat3> {
  for (const a of divisors(det))
    for (const e of divisors(det / a)) {
      const g = det / a / e;
      for (let b = 0; b < a; b++) for (let c = 0; c < a; c++) for (let f = 0; f < e; f++) yield [[a, b, c], [0, e, f], [0, 0, g]];
    }
}

/** One reduction step; null when the cell is already primitive. */
function reduceOnce(s: Structure, tol: number): Structure | null {
  const n = s.species.length;
  if (n <= 1) return null;
  const abc = s.lattice.map(norm);
  const superTol = abc.map((x) => tol / x);
  const superTol2 = superTol.map((x) => 2 * x);
  // Sites grouped by species, groups in species-name order as pymatgen sorts them.
  const names = [...new Set(s.species)].sort();
  const groups = names.map((nm) => s.frac.filter((_, i) => s.species[i] === nm));
  const numFu = groups.reduce((g, x) => gcd(g, x.length), 0);
  if (numFu <= 1) return null;
  // Candidate translations: differences within the smallest group that map every group onto itself.
  const smallest = groups.reduce((m, g) => (g.length < m.length ? g : m), groups[0]);
  let vecs: Vec3[] = smallest.map((f) => [f[0] - smallest[0][0], f[1] - smallest[0][1], f[2] - smallest[0][2]]);
  for (const g of [...groups].sort((x, y) => x.length - y.length))
    for (const f of g) {
      const shifted = g.map((h) => [h[0] - f[0], h[1] - f[1], h[2] - f[2]]);
      vecs = vecs.filter((v) => shifted.some((d) => fracDiffSmall(v, d, superTol2)));
    }
  // Sites too close in the supercell must not be merged with each other.
  const nonNbr = groups.map((g) =>
    g.map((fi, i) => g.map((fj, j) => i === j || !fracDiffSmall(fi, fj, superTol2.map((x) => x + 1e-15)))),
  );
  for (const det of divisors(numFu)) {
    if (det === 1) continue;
    for (const m of hnfs(det)) {
      const invM = inv3(m);
      if (!invM.every((row) => vecs.some((v) => fracDiffSmall(row, v, superTol)))) continue;
      const newLattice = matMul(invM, s.lattice);
      const ftol = newLattice.map((r) => tol / norm(r));
      const species: string[] = [];
      const frac: Vec3[] = [];
      let valid = true;
      for (let gi = 0; gi < groups.length && valid; gi++) {
        const g = groups[gi];
        const all = g.map((f) => [0, 1, 2].map((k) => f[0] * m[0][k] + f[1] * m[1][k] + f[2] * m[2][k]) as Vec3);
        const same = all.map((fi, i) => all.map((fj, j) => nonNbr[gi][i][j] && fracDiffSmall(fi, fj, ftol)));
        for (let j = 0; j < g.length && valid; j++) {
          let count = 0;
          for (let i = 0; i < g.length; i++) if (same[i][j]) count++;
          if (count !== det) valid = false;
        }
        // Each group must be a clique (sites equivalent to one site are equivalent to each other).
        for (let i = 0; i < g.length && valid; i++) {
          const members = same[i].flatMap((x, j) => (x ? [j] : []));
          if (!members.every((p) => members.every((q) => same[p][q]))) valid = false;
        }
        if (!valid) break;
        const done = new Uint8Array(g.length);
        for (let i = 0; i < g.length; i++) {
          if (done[i]) continue;
          const members = same[i].flatMap((x, j) => (x ? [j] : []));
          for (const j of members) done[j] = 1;
          const wrapped = (p: number) => all[p].map((x) => x - Math.floor(x)) as Vec3;
          const c = wrapped(members[0]);
          members.slice(1).forEach((p, k) => {
            const q = wrapped(p);
            for (let d = 0; d < 3; d++) {
              const off = q[d] - c[d];
              c[d] += (off - Math.round(off)) / (k + 2);
            }
          });
          species.push(names[gi]);
          frac.push(c.map((x) => x - Math.floor(x)) as Vec3);
        }
      }
      if (valid) return { lattice: newLattice, species, frac };
    }
  }
  return null;
}

/** The primitive cell (Niggli reduced) of a structure, to within tol Å; the input when it is already primitive. */
export function primitiveStructure(s: Structure, tol = 0.25): Structure {
  // Repeat on the cell as found (not re-reduced): the per-axis fractional tolerances depend on the cell, and
  // pymatgen reduces only at the end, so near the tolerance this is what gives its answer.
  let cur = s;
  let reduced = false;
  for (;;) {
    const next = reduceOnce(cur, tol);
    if (next === null) return reduced ? niggliStructure(cur) : cur;
    cur = next;
    reduced = true;
  }
}
