// 3×3 lattice algebra. A lattice is three rows, each a lattice vector in Å (the convention of pymatgen, ASE,
// POSCAR and moyo), so Cartesian = fractional · L.
export type Vec3 = [number, number, number];
export type Mat3 = [Vec3, Vec3, Vec3];

export interface LatticeParams {
  a: number;
  b: number;
  c: number;
  /** Angles in degrees: α between b and c, β between a and c, γ between a and b. */
  alpha: number;
  beta: number;
  gamma: number;
}

const DEG = Math.PI / 180;

export const dot = (u: readonly number[], v: readonly number[]): number => u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
export const norm = (u: readonly number[]): number => Math.sqrt(dot(u, u));
export const cross = (u: readonly number[], v: readonly number[]): Vec3 => [
  u[1] * v[2] - u[2] * v[1],
  u[2] * v[0] - u[0] * v[2],
  u[0] * v[1] - u[1] * v[0],
];

export function det3(m: readonly (readonly number[])[]): number {
  return dot(m[0], cross(m[1], m[2]));
}

/** Inverse of a 3×3 matrix; throws on a singular one (a flat cell). */
export function inv3(m: readonly (readonly number[])[]): Mat3 {
  const d = det3(m);
  if (!Number.isFinite(d) || Math.abs(d) < 1e-12) throw new Error('Singular lattice: the cell has zero volume');
  const c0 = cross(m[1], m[2]);
  const c1 = cross(m[2], m[0]);
  const c2 = cross(m[0], m[1]);
  // Columns of the inverse are the cross products divided by the determinant.
  return [
    [c0[0] / d, c1[0] / d, c2[0] / d],
    [c0[1] / d, c1[1] / d, c2[1] / d],
    [c0[2] / d, c1[2] / d, c2[2] / d],
  ];
}

export function matMul(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): Mat3 {
  const r: Mat3 = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) r[i][j] = a[i][0] * b[0][j] + a[i][1] * b[1][j] + a[i][2] * b[2][j];
  return r;
}

/** Row vector times matrix: v · M. */
export function vecMat(v: readonly number[], m: readonly (readonly number[])[]): Vec3 {
  return [
    v[0] * m[0][0] + v[1] * m[1][0] + v[2] * m[2][0],
    v[0] * m[0][1] + v[1] * m[1][1] + v[2] * m[2][1],
    v[0] * m[0][2] + v[1] * m[1][2] + v[2] * m[2][2],
  ];
}

export function volume(lattice: Mat3): number {
  return Math.abs(det3(lattice));
}

export function latticeParams(lattice: Mat3): LatticeParams {
  const [u, v, w] = lattice;
  const a = norm(u);
  const b = norm(v);
  const c = norm(w);
  const angle = (p: Vec3, q: Vec3, lp: number, lq: number) =>
    Math.acos(Math.max(-1, Math.min(1, dot(p, q) / (lp * lq)))) / DEG;
  return { a, b, c, alpha: angle(v, w, b, c), beta: angle(u, w, a, c), gamma: angle(u, v, a, b) };
}

/**
 * Lattice from a b c α β γ in the usual crystallographic orientation: a along x, b in the xy-plane. Throws when
 * the angles cannot close a cell (the Gram matrix is not positive definite).
 */
export function latticeFromParams(p: LatticeParams): Mat3 {
  const { a, b, c } = p;
  for (const [k, v] of Object.entries(p))
    if (!Number.isFinite(v) || v <= 0) throw new Error(`Bad lattice parameter ${k} = ${v}`);
  const ca = Math.cos(p.alpha * DEG);
  const cb = Math.cos(p.beta * DEG);
  const cg = Math.cos(p.gamma * DEG);
  const sg = Math.sin(p.gamma * DEG);
  const cx = c * cb;
  const cy = (c * (ca - cb * cg)) / sg;
  const cz2 = c * c - cx * cx - cy * cy;
  if (!(cz2 > 1e-12 * c * c)) {
    throw new Error(`Lattice angles α=${p.alpha} β=${p.beta} γ=${p.gamma} do not form a cell (zero volume)`);
  }
  return [
    [a, 0, 0],
    [b * cg, b * sg, 0],
    [cx, cy, Math.sqrt(cz2)],
  ];
}

export const fracToCart = (f: readonly number[], lattice: Mat3): Vec3 => vecMat(f, lattice);

export function cartToFrac(x: readonly number[], lattice: Mat3, inverse: Mat3 = inv3(lattice)): Vec3 {
  return vecMat(x, inverse);
}

/** Reciprocal vectors without the 2π: rows b_i with a_i · b_j = δ_ij (the columns of L⁻¹). */
export function reciprocal(lattice: Mat3): Mat3 {
  const m = inv3(lattice);
  return [
    [m[0][0], m[1][0], m[2][0]],
    [m[0][1], m[1][1], m[2][1]],
    [m[0][2], m[1][2], m[2][2]],
  ];
}

/** x mod 1 into [0, 1), with values a rounding error below 1 sent to 0 so that 0.9999999999 and 0 agree. */
export function wrap01(x: number): number {
  const y = x - Math.floor(x);
  return y >= 1 - 1e-12 ? 0 : y;
}

/**
 * LLL reduction (δ = 0.75) of the rows of a lattice. Returns the reduced lattice and the integer matrix T with
 * reduced = T · lattice. Used to keep image searches short in skewed cells.
 */
export function lllReduce(lattice: Mat3, delta = 0.75): { lattice: Mat3; transform: Mat3 } {
  const b: Vec3[] = lattice.map((r) => [...r] as Vec3);
  const t: Vec3[] = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ];
  const gs = () => {
    const bs: Vec3[] = [];
    const mu = [
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ];
    for (let i = 0; i < 3; i++) {
      const v: Vec3 = [...b[i]] as Vec3;
      for (let j = 0; j < i; j++) {
        mu[i][j] = dot(b[i], bs[j]) / dot(bs[j], bs[j]);
        for (let k = 0; k < 3; k++) v[k] -= mu[i][j] * bs[j][k];
      }
      bs.push(v);
    }
    return { bs, mu };
  };
  let k = 1;
  let guard = 0;
  while (k < 3) {
    if (++guard > 10_000) throw new Error('LLL reduction did not converge (degenerate lattice)');
    for (let j = k - 1; j >= 0; j--) {
      const { mu } = gs();
      const q = Math.round(mu[k][j]);
      if (q !== 0) {
        for (let c = 0; c < 3; c++) {
          b[k][c] -= q * b[j][c];
          t[k][c] -= q * t[j][c];
        }
      }
    }
    const { bs, mu } = gs();
    if (dot(bs[k], bs[k]) >= (delta - mu[k][k - 1] ** 2) * dot(bs[k - 1], bs[k - 1])) k++;
    else {
      [b[k], b[k - 1]] = [b[k - 1], b[k]];
      [t[k], t[k - 1]] = [t[k - 1], t[k]];
      k = Math.max(k - 1, 1);
    }
  }
  return { lattice: b as Mat3, transform: t as Mat3 };
}
