// Extended XYZ write (ASE / OVITO read it): Cartesian positions plus the lattice in the comment line.
import { fracToCart } from './lattice';
import type { Structure } from './structure';

const f = (x: number) => x.toFixed(8);

export function writeExtxyz(s: Structure, comment?: Record<string, string | number>): string {
  const lat = s.lattice.flat().map(f).join(' ');
  const extra = Object.entries(comment ?? {})
    .map(([k, v]) => ` ${k.replace(/\s+/g, '_')}=${typeof v === 'number' ? v : JSON.stringify(v)}`)
    .join('');
  const lines = [
    String(s.species.length),
    `Lattice="${lat}" Properties=species:S:1:pos:R:3 pbc="T T T"${extra}`,
  ];
  s.species.forEach((e, i) => {
    const c = fracToCart(s.frac[i], s.lattice);
    lines.push(`${e} ${f(c[0])} ${f(c[1])} ${f(c[2])}`);
  });
  return lines.join('\n') + '\n';
}

/** Several structures as one multi-frame file. */
export function writeExtxyzAll(structures: readonly Structure[]): string {
  return structures.map((s) => writeExtxyz(s)).join('');
}
