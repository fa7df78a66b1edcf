// Small dense symmetric linear algebra for the Fréchet distance: a cyclic Jacobi eigen solver and the
// square root of a positive semi-definite matrix. Matrices are row-major Float64Arrays of d × d.

export interface SymmetricEigen {
  /** Eigenvalues, in no particular order. */
  values: Float64Array;
  /** Eigenvectors as columns: vectors[k * d + i] is component k of eigenvector i. */
  vectors: Float64Array;
}

const MAX_SWEEPS = 100;

/** Eigen-decomposition of a symmetric d × d matrix by cyclic Jacobi rotations (the input is not modified). */
export function symmetricEigen(matrix: ArrayLike<number>, d: number): SymmetricEigen {
  if (matrix.length !== d * d) throw new Error(`expected ${d}×${d} = ${d * d} entries, got ${matrix.length}`);
  const a = Float64Array.from(matrix);
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  let scale = 0;
  for (let k = 0; k < a.length; k++) scale += a[k] * a[k];
  const tolerance = Number.EPSILON * Number.EPSILON * scale;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += 2 * a[p * d + q] * a[p * d + q];
    if (off <= tolerance) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q];
        if (apq === 0) continue;
        // Rotation angle φ zeroing a[p][q]: t = tan φ is the smaller root of t² + 2θt − 1 = 0.
        const theta = (a[q * d + q] - a[p * d + p]) / (2 * apq);
        const t = Math.abs(theta) > 1e150 ? 1 / (2 * theta) : Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          if (k === p || k === q) continue;
          const akp = a[k * d + p];
          const akq = a[k * d + q];
          a[k * d + p] = a[p * d + k] = c * akp - s * akq;
          a[k * d + q] = a[q * d + k] = s * akp + c * akq;
        }
        a[p * d + p] -= t * apq;
        a[q * d + q] += t * apq;
        a[p * d + q] = a[q * d + p] = 0;
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p];
          const vkq = v[k * d + q];
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(d);
  for (let i = 0; i < d; i++) values[i] = a[i * d + i];
  return { values, vectors: v };
}

/** Principal square root V diag(√λ) Vᵀ of a symmetric positive semi-definite matrix; negative rounding noise in λ is taken as 0. */
export function sqrtPsd(matrix: ArrayLike<number>, d: number): Float64Array {
  const { values, vectors } = symmetricEigen(matrix, d);
  const out = new Float64Array(d * d);
  for (let e = 0; e < d; e++) {
    const r = Math.sqrt(Math.max(values[e], 0));
    if (r === 0) continue;
    for (let i = 0; i < d; i++) {
      const vi = vectors[i * d + e] * r;
      for (let j = 0; j < d; j++) out[i * d + j] += vi * vectors[j * d + e];
    }
  }
  return out;
}

/** Product of two d × d matrices. */
export function matmul(a: ArrayLike<number>, b: ArrayLike<number>, d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++)
    for (let k = 0; k < d; k++) {
      const aik = a[i * d + k];
      if (aik === 0) continue;
      for (let j = 0; j < d; j++) out[i * d + j] += aik * b[k * d + j];
    }
  return out;
}

/** Trace of a d × d matrix. */
export function trace(a: ArrayLike<number>, d: number): number {
  let t = 0;
  for (let i = 0; i < d; i++) t += a[i * d + i];
  return t;
}
