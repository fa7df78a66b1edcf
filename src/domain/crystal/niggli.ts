// Niggli reduction (Křivý–Gruber with the tolerance handling of Grosse-Kunstleve, Sauter & Adams 2004), the
// unique reduced cell the structure matcher compares lattices in. We track the integer change of basis instead
// of rebuilding the cell from its parameters, so the reduced vectors keep the input's orientation.
// pymatgen 2022.11's get_niggli_reduced_lattice now and then returns a cell that is not reduced (mixed acute and
// obtuse angles, a longer vector); for such inputs our matcher's RMS can come out slightly below pymatgen's.
import { det3, lllReduce, matMul, volume, inv3, vecMat, wrap01, type Mat3, type Vec3 } from './lattice';
import type { Structure } from './structure';

/** Rows of the result are T · rows of the input; T integer with det +1. */
export function niggliReduce(lattice: Mat3, tol = 1e-5): { lattice: Mat3; transform: Mat3 } {
  // LLL first: the Křivý–Gruber loop converges in few steps from an almost reduced cell.
  const lll = lllReduce(lattice);
  let t: Mat3 = lll.transform;
  if (det3(t) < 0) t = t.map((r) => r.map((x) => -x)) as Mat3;
  const e = tol * Math.cbrt(volume(lattice));
  const cur = () => matMul(t, lattice);
  // Apply a basis change given as the column matrix M of the paper: new rows = Mᵀ · rows.
  const apply = (m: number[][]) => {
    const mt: Mat3 = [
      [m[0][0], m[1][0], m[2][0]],
      [m[0][1], m[1][1], m[2][1]],
      [m[0][2], m[1][2], m[2][2]],
    ];
    t = matMul(mt, t);
  };
  const metric = () => {
    const l = cur();
    const d = (i: number, j: number) => l[i][0] * l[j][0] + l[i][1] * l[j][1] + l[i][2] * l[j][2];
    return { A: d(0, 0), B: d(1, 1), C: d(2, 2), E: 2 * d(1, 2), N: 2 * d(0, 2), Y: 2 * d(0, 1) };
  };
  const sgn = (x: number) => (Math.abs(x) < e ? 0 : Math.sign(x));
  for (let iter = 0; iter < 100; iter++) {
    let { A, B, C, E, N, Y } = metric();
    if (A > B + e || (Math.abs(A - B) < e && Math.abs(E) > Math.abs(N) + e)) {
      apply([
        [0, -1, 0],
        [-1, 0, 0],
        [0, 0, -1],
      ]);
      ({ A, B, C, E, N, Y } = metric());
    }
    if (B > C + e || (Math.abs(B - C) < e && Math.abs(N) > Math.abs(Y) + e)) {
      apply([
        [-1, 0, 0],
        [0, 0, -1],
        [0, -1, 0],
      ]);
      continue;
    }
    const l = sgn(E);
    const m = sgn(N);
    const n = sgn(Y);
    if (l * m * n === 1) {
      apply([
        [l === -1 ? -1 : 1, 0, 0],
        [0, m === -1 ? -1 : 1, 0],
        [0, 0, n === -1 ? -1 : 1],
      ]);
    } else {
      let i = l === 1 ? -1 : 1;
      let j = m === 1 ? -1 : 1;
      let k = n === 1 ? -1 : 1;
      if (i * j * k === -1) {
        if (n === 0) k = -1;
        else if (m === 0) j = -1;
        else if (l === 0) i = -1;
      }
      apply([
        [i, 0, 0],
        [0, j, 0],
        [0, 0, k],
      ]);
    }
    ({ A, B, C, E, N, Y } = metric());
    if (Math.abs(E) > B + e || (Math.abs(E - B) < e && 2 * N < Y - e) || (Math.abs(E + B) < e && Y < -e)) {
      apply([
        [1, 0, 0],
        [0, 1, -Math.sign(E)],
        [0, 0, 1],
      ]);
      continue;
    }
    if (Math.abs(N) > A + e || (Math.abs(A - N) < e && 2 * E < Y - e) || (Math.abs(A + N) < e && Y < -e)) {
      apply([
        [1, 0, -Math.sign(N)],
        [0, 1, 0],
        [0, 0, 1],
      ]);
      continue;
    }
    if (Math.abs(Y) > A + e || (Math.abs(A - Y) < e && 2 * E < N - e) || (Math.abs(A + Y) < e && N < -e)) {
      apply([
        [1, -Math.sign(Y), 0],
        [0, 1, 0],
        [0, 0, 1],
      ]);
      continue;
    }
    if (E + N + Y + A + B < -e || (Math.abs(E + N + Y + A + B) < e && Y + (A + N) * 2 > e)) {
      apply([
        [1, 0, 1],
        [0, 1, 1],
        [0, 0, 1],
      ]);
      continue;
    }
    break;
  }
  return { lattice: cur(), transform: t };
}

/** The structure in its Niggli cell, coordinates wrapped into [0, 1). */
export function niggliStructure(s: Structure): Structure {
  const { lattice, transform } = niggliReduce(s.lattice);
  const tInv = inv3(transform);
  const frac = s.frac.map((f) => vecMat(f, tInv).map(wrap01) as Vec3);
  return { lattice, species: [...s.species], frac };
}
