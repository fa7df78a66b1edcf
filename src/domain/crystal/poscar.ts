// VASP POSCAR / CONTCAR read (VASP 5, with the species line) and write.
import { isElement } from './elements';
import { cartToFrac, volume, type Mat3, type Vec3 } from './lattice';
import { makeStructure, MAX_SITES, type Structure } from './structure';
import { composition } from './composition';

/** Largest POSCAR text we read: a 1,000-site POSCAR is well under 100 kB. */
export const MAX_POSCAR_CHARS = 2_000_000;

function numbers(line: string | undefined, count: number, what: string, lineNo: number): number[] {
  if (line === undefined) throw new Error(`POSCAR ends before the ${what} (line ${lineNo})`);
  const parts = line.trim().split(/\s+/).slice(0, count);
  const vals = parts.map(Number);
  if (parts.length < count || !vals.every(Number.isFinite))
    throw new Error(`POSCAR line ${lineNo}: expected ${count} numbers for the ${what}, got "${line.trim().slice(0, 60)}"`);
  return vals;
}

export function readPoscar(text: string): Structure {
  if (text.length > MAX_POSCAR_CHARS)
    throw new Error(`POSCAR input is ${(text.length / 1e6).toFixed(1)} MB; the limit is ${MAX_POSCAR_CHARS / 1e6} MB`);
  const lines = text.split(/\r?\n/);
  // Line 1 is a comment; line 2 the scale (a negative scale is the target volume); 3–5 the lattice.
  const [scale] = numbers(lines[1], 1, 'scale factor', 2);
  const raw = [2, 3, 4].map((k) => numbers(lines[k], 3, 'lattice vector', k + 1)) as Mat3;
  let speciesLine = (lines[5] ?? '').trim().split(/\s+/);
  let k = 6;
  let countsTokens: string[];
  if (speciesLine.length > 0 && speciesLine.every((t) => /^\d+$/.test(t))) {
    // VASP 4: no species line. Some writers put the symbols on the comment line; use them if they fit.
    countsTokens = speciesLine;
    speciesLine = (lines[0] ?? '').trim().split(/\s+/);
    if (speciesLine.length < countsTokens.length || !speciesLine.slice(0, countsTokens.length).every(isElement))
      throw new Error('POSCAR has no species line (VASP 4 format): the elements are unknown');
    speciesLine = speciesLine.slice(0, countsTokens.length);
  } else {
    // VASP 6 may append "/hash" to the symbols ("Sr_sv/abc123"); keep the element.
    speciesLine = speciesLine.map((t) => t.split(/[_/]/)[0]);
    const bad = speciesLine.find((t) => !isElement(t));
    if (bad !== undefined) throw new Error(`POSCAR line 6: unknown element "${bad}"`);
    countsTokens = (lines[6] ?? '').trim().split(/\s+/);
    k = 7;
  }
  const counts = countsTokens.map(Number);
  if (counts.length !== speciesLine.length || !counts.every((c) => Number.isInteger(c) && c >= 0))
    throw new Error(`POSCAR line ${k}: atom counts "${countsTokens.join(' ')}" do not match species "${speciesLine.join(' ')}"`);
  const n = counts.reduce((a, b) => a + b, 0);
  if (n === 0) throw new Error('POSCAR has no atoms');
  if (n > MAX_SITES) throw new Error(`POSCAR has ${n} atoms; the limit is ${MAX_SITES}`);
  let mode = (lines[k] ?? '').trim();
  if (/^s/i.test(mode)) mode = (lines[++k] ?? '').trim(); // Selective dynamics
  const cartesian = /^[ck]/i.test(mode);
  if (!cartesian && !/^d/i.test(mode)) throw new Error(`POSCAR line ${k + 1}: expected Direct or Cartesian, got "${mode.slice(0, 40)}"`);
  k++;
  let factor = scale;
  if (!(scale !== 0)) throw new Error('POSCAR scale factor is zero');
  if (scale < 0) {
    const v = volume(raw);
    if (!(v > 0)) throw new Error('POSCAR lattice has zero volume');
    factor = Math.cbrt(-scale / v);
  }
  const lattice = raw.map((r) => r.map((x) => x * factor)) as Mat3;
  const species: string[] = [];
  speciesLine.forEach((e, i) => {
    for (let c = 0; c < counts[i]; c++) species.push(e);
  });
  const frac: Vec3[] = [];
  for (let i = 0; i < n; i++) {
    const v = numbers(lines[k + i], 3, `coordinates of atom ${i + 1}`, k + i + 1) as Vec3;
    frac.push(cartesian ? cartToFrac(v.map((x) => x * factor), lattice) : v);
  }
  return makeStructure(lattice, species, frac);
}

const f = (x: number) => x.toFixed(10).padStart(16);

/** POSCAR (VASP 5, Direct). Sites are grouped by element in first-seen order, as VASP needs. */
export function writePoscar(s: Structure, comment?: string): string {
  const comp = composition(s.species);
  const elems = [...comp.keys()];
  const lines = [comment ?? [...comp].map(([e, c]) => `${e}${c}`).join(' '), '1.0'];
  for (const r of s.lattice) lines.push(`  ${f(r[0])} ${f(r[1])} ${f(r[2])}`);
  lines.push('  ' + elems.join('  '), '  ' + elems.map((e) => comp.get(e)).join('  '), 'Direct');
  for (const e of elems)
    s.species.forEach((sp, i) => {
      if (sp === e) lines.push(`  ${f(s.frac[i][0])} ${f(s.frac[i][1])} ${f(s.frac[i][2])} ${e}`);
    });
  return lines.join('\n') + '\n';
}
