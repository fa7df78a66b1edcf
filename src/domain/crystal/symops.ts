// Symmetry operations written as coordinate triplets ("-x+1/2, y, z+0.5"), as CIF files list them.
import type { Vec3 } from './lattice';

export interface SymOp {
  /** rotation[i][j]: coefficient of coordinate j in output coordinate i. */
  rotation: [Vec3, Vec3, Vec3];
  translation: Vec3;
}

function parseComponent(expr: string, op: string): { row: Vec3; t: number } {
  const s = expr.replace(/\s+/g, '').toLowerCase();
  if (s === '') throw new Error(`Symmetry operation "${op}" has an empty component`);
  const row: Vec3 = [0, 0, 0];
  let t = 0;
  let i = 0;
  while (i < s.length) {
    let sign = 1;
    if (s[i] === '+' || s[i] === '-') {
      sign = s[i] === '-' ? -1 : 1;
      i++;
    }
    // Optional number (integer, decimal or fraction), optional '*', optional variable.
    let j = i;
    while (j < s.length && /[0-9./]/.test(s[j])) j++;
    let num: number | null = null;
    if (j > i) {
      const txt = s.slice(i, j);
      const parts = txt.split('/');
      if (parts.length > 2 || parts.some((p) => p === '' || Number.isNaN(Number(p))))
        throw new Error(`Symmetry operation "${op}": cannot read "${txt}"`);
      num = parts.length === 2 ? Number(parts[0]) / Number(parts[1]) : Number(parts[0]);
      if (!Number.isFinite(num)) throw new Error(`Symmetry operation "${op}": cannot read "${txt}"`);
      i = j;
    }
    if (s[i] === '*') i++;
    const v = s[i];
    if (v === 'x' || v === 'y' || v === 'z') {
      row['xyz'.indexOf(v)] += sign * (num ?? 1);
      i++;
      // "x/2"-style or "x*2" is not used in practice; reject rather than guess.
    } else if (num !== null) {
      t += sign * num;
    } else {
      throw new Error(`Symmetry operation "${op}": unexpected "${s.slice(i, i + 5)}"`);
    }
  }
  return { row, t };
}

export function parseSymOp(op: string): SymOp {
  const parts = op.split(',');
  if (parts.length !== 3) throw new Error(`Symmetry operation "${op}" does not have three components`);
  const c = parts.map((p) => parseComponent(p, op));
  return { rotation: [c[0].row, c[1].row, c[2].row], translation: [c[0].t, c[1].t, c[2].t] };
}

export function applySymOp(op: SymOp, f: Vec3): Vec3 {
  const r = op.rotation;
  return [
    r[0][0] * f[0] + r[0][1] * f[1] + r[0][2] * f[2] + op.translation[0],
    r[1][0] * f[0] + r[1][1] * f[1] + r[1][2] * f[2] + op.translation[1],
    r[2][0] * f[0] + r[2][1] * f[1] + r[2][2] * f[2] + op.translation[2],
  ];
}

export function isIdentity(op: SymOp): boolean {
  const r = op.rotation;
  return (
    r.every((row, i) => row.every((x, j) => x === (i === j ? 1 : 0))) &&
    op.translation.every((t) => Math.abs(t - Math.round(t)) < 1e-9)
  );
}
