// CIF read (P1 or with symmetry operations) and write (P1, in the layout pymatgen writes and reads).
import { parseCifBlocks, loopColumn, cifNumber, type CifBlock } from './cif-syntax';
import { cleanSymbol } from './elements';
import { latticeFromParams, latticeParams, volume, norm, vecMat, type Vec3, type Mat3 } from './lattice';
import { applySymOp, isIdentity, parseSymOp, type SymOp } from './symops';
import { makeStructure, MAX_SITES, type Structure } from './structure';
import { composition, cellFormula, gcd, reducedFormula } from './composition';

/** Largest CIF text we read. A CIF of a 1,000-site cell is far smaller; this is a guard against junk. */
export const MAX_CIF_CHARS = 5_000_000;

/**
 * Images of one asymmetric site under the symmetry operations closer than this (Å) are the same atom: special
 * positions written with 4–5 decimals land a few thousandths of an Å apart. Well under any real bond.
 */
const MERGE_TOLERANCE = 0.02;

export interface CifStructure {
  name: string;
  structure: Structure;
}

function need(block: CifBlock, tag: string): number {
  const raw = block.items.get(tag);
  if (raw === undefined) throw new Error(`CIF block "${block.name}" has no cell: ${tag} is missing`);
  const v = cifNumber(raw);
  if (!Number.isFinite(v)) throw new Error(`CIF block "${block.name}": ${tag} is not a number ("${raw}")`);
  return v;
}

function symOps(block: CifBlock): SymOp[] {
  const tags = ['_symmetry_equiv_pos_as_xyz', '_space_group_symop_operation_xyz'];
  for (const tag of tags) {
    const col = loopColumn(block, tag);
    if (col) {
      const { loop, index } = col;
      const ops: SymOp[] = [];
      for (let r = index; r < loop.values.length; r += loop.tags.length) ops.push(parseSymOp(loop.values[r]));
      if (ops.length > 192) throw new Error(`CIF lists ${ops.length} symmetry operations; a space group has at most 192`);
      return ops;
    }
    const single = block.items.get(tag);
    if (single !== undefined) return [parseSymOp(single)];
  }
  // No operations: fine only when the file says P1 (or says nothing about the space group).
  const hm = (block.items.get('_symmetry_space_group_name_h-m') ?? block.items.get('_space_group_name_h-m_alt') ?? '')
    .replace(/\s+/g, '')
    .toUpperCase();
  const num = block.items.get('_symmetry_int_tables_number') ?? block.items.get('_space_group_it_number');
  if ((hm !== '' && hm !== 'P1' && hm !== '?') || (num !== undefined && num !== '?' && cifNumber(num) !== 1))
    throw new Error(
      `CIF block "${block.name}" names space group ${hm || num} but lists no symmetry operations ` +
        '(_symmetry_equiv_pos_as_xyz or _space_group_symop_operation_xyz)',
    );
  return [parseSymOp('x,y,z')];
}

function column(block: CifBlock, tags: string[]): { values: string[]; stride: number; index: number } | null {
  for (const tag of tags) {
    const col = loopColumn(block, tag);
    if (col) return { values: col.loop.values, stride: col.loop.tags.length, index: col.index };
  }
  return null;
}

function blockStructure(block: CifBlock): Structure {
  const lattice = latticeFromParams({
    a: need(block, '_cell_length_a'),
    b: need(block, '_cell_length_b'),
    c: need(block, '_cell_length_c'),
    alpha: need(block, '_cell_angle_alpha'),
    beta: need(block, '_cell_angle_beta'),
    gamma: need(block, '_cell_angle_gamma'),
  });
  const fx = column(block, ['_atom_site_fract_x']);
  const fy = column(block, ['_atom_site_fract_y']);
  const fz = column(block, ['_atom_site_fract_z']);
  if (!fx || !fy || !fz) {
    const missing = ['x', 'y', 'z'].filter((_, k) => ![fx, fy, fz][k]).map((a) => `_atom_site_fract_${a}`);
    throw new Error(`CIF block "${block.name}" has no atom positions: loop column ${missing.join(', ')} is missing`);
  }
  if (fx.values !== fy.values || fx.values !== fz.values)
    throw new Error(`CIF block "${block.name}": the fractional coordinates are split across loops`);
  const type = column(block, ['_atom_site_type_symbol']);
  const label = column(block, ['_atom_site_label']);
  const elem = type && type.values === fx.values ? type : label && label.values === fx.values ? label : null;
  if (!elem) throw new Error(`CIF block "${block.name}": atom sites have no _atom_site_type_symbol or _atom_site_label`);
  const occ = column(block, ['_atom_site_occupancy']);
  const rows = fx.values.length / fx.stride;
  if (rows > MAX_SITES) throw new Error(`CIF block "${block.name}" has ${rows} atom sites; the limit is ${MAX_SITES}`);

  const ops = symOps(block);
  const onlyIdentity = ops.length === 1 && isIdentity(ops[0]);
  const species: string[] = [];
  const frac: Vec3[] = [];
  for (let r = 0; r < rows; r++) {
    const at = (c: { values: string[]; stride: number; index: number }) => c.values[r * c.stride + c.index];
    const raw = at(elem);
    const sym = cleanSymbol(raw);
    if (!sym) throw new Error(`CIF block "${block.name}", atom site ${r + 1}: unknown element "${raw}"`);
    if (occ && occ.values === fx.values) {
      const o = cifNumber(at(occ));
      if (Number.isFinite(o) && Math.abs(o - 1) > 1e-3)
        throw new Error(
          `CIF block "${block.name}", atom site ${r + 1} (${raw}) has occupancy ${o}: only fully occupied sites are supported`,
        );
    }
    const f: Vec3 = [cifNumber(at(fx)), cifNumber(at(fy)), cifNumber(at(fz))];
    if (!f.every(Number.isFinite))
      throw new Error(`CIF block "${block.name}", atom site ${r + 1} (${raw}): coordinate is not a number`);
    if (onlyIdentity) {
      species.push(sym);
      frac.push(f);
      continue;
    }
    // The orbit of this site: images under every operation, merged when they coincide.
    const orbit: Vec3[] = [];
    for (const op of ops) {
      const g = applySymOp(op, f).map((x) => x - Math.floor(x)) as Vec3;
      if (!orbit.some((o) => minImageLength(o, g, lattice) < MERGE_TOLERANCE)) orbit.push(g);
    }
    for (const g of orbit) {
      species.push(sym);
      frac.push(g);
    }
    if (frac.length > MAX_SITES)
      throw new Error(`CIF block "${block.name}" expands to more than ${MAX_SITES} sites; the limit is ${MAX_SITES}`);
  }
  return makeStructure(lattice, species, frac);
}

/** Distance between two fractional points, nearest image within the 27 neighbouring cells (enough for merging). */
function minImageLength(p: Vec3, q: Vec3, lattice: Mat3): number {
  let best = Infinity;
  const d = [q[0] - p[0], q[1] - p[1], q[2] - p[2]].map((x) => x - Math.round(x));
  for (let a = -1; a <= 1; a++)
    for (let b = -1; b <= 1; b++)
      for (let c = -1; c <= 1; c++) best = Math.min(best, norm(vecMat([d[0] + a, d[1] + b, d[2] + c], lattice)));
  return best;
}

function checkSize(text: string): void {
  if (text.length > MAX_CIF_CHARS)
    throw new Error(
      `CIF input is ${(text.length / 1e6).toFixed(1)} MB; the limit is ${(MAX_CIF_CHARS / 1e6).toFixed(0)} MB`,
    );
}

/** Every data block with atom sites, as structures. Throws an Error naming the problem on bad input. */
export function readCifAll(text: string): CifStructure[] {
  checkSize(text);
  const blocks = parseCifBlocks(text);
  if (blocks.length === 0) throw new Error('Not a CIF: no data_ block found');
  const withAtoms = blocks.filter((b) => b.loops.some((l) => l.tags.some((t) => t.startsWith('_atom_site_'))));
  if (withAtoms.length === 0) {
    const b = blocks[0];
    if (!b.items.has('_cell_length_a')) throw new Error(`CIF block "${b.name}" has no cell: _cell_length_a is missing`);
    throw new Error(`CIF block "${b.name}" has no atom sites (no _atom_site_ loop)`);
  }
  return withAtoms.map((b) => ({ name: b.name, structure: blockStructure(b) }));
}

/**
 * Every data block with atom sites, each as a structure or the problem that block has: one bad block of a
 * many-structure file does not lose the others (imports list the problem beside the block's name).
 */
export function readCifEach(text: string): ({ name: string; structure: Structure } | { name: string; error: string })[] {
  checkSize(text);
  const blocks = parseCifBlocks(text);
  if (blocks.length === 0) throw new Error('Not a CIF: no data_ block found');
  const withAtoms = blocks.filter((b) => b.loops.some((l) => l.tags.some((t) => t.startsWith('_atom_site_'))));
  if (withAtoms.length === 0) return readCifAll(text); // throws, naming what the first block lacks
  return withAtoms.map((b) => {
    try {
      return { name: b.name, structure: blockStructure(b) };
    } catch (e) {
      return { name: b.name, error: e instanceof Error ? e.message : String(e) };
    }
  });
}

/** The first structure in a CIF. */
export function readCif(text: string): Structure {
  return readCifAll(text)[0].structure;
}

const f8 = (x: number) => x.toFixed(8);

/** A P1 CIF in pymatgen's layout (pymatgen, ASE, VESTA and 3Dmol read it). */
export function writeCif(s: Structure, name?: string): string {
  const p = latticeParams(s.lattice);
  const formula = reducedFormula(s.species);
  const comp = composition(s.species);
  const sum = [...comp.entries()].map(([e, n]) => `${e}${n}`).join(' ');
  const z = [...comp.values()].reduce((g, n) => gcd(g, n), 0);
  const lines = [
    '# generated by Lodestone',
    `data_${(name ?? cellFormula(s.species)).replace(/\s+/g, '_')}`,
    "_symmetry_space_group_name_H-M   'P 1'",
    `_cell_length_a   ${f8(p.a)}`,
    `_cell_length_b   ${f8(p.b)}`,
    `_cell_length_c   ${f8(p.c)}`,
    `_cell_angle_alpha   ${f8(p.alpha)}`,
    `_cell_angle_beta   ${f8(p.beta)}`,
    `_cell_angle_gamma   ${f8(p.gamma)}`,
    '_symmetry_Int_Tables_number   1',
    `_chemical_formula_structural   ${formula.includes('(') ? `'${formula}'` : formula}`,
    `_chemical_formula_sum   '${sum}'`,
    `_cell_volume   ${f8(volume(s.lattice))}`,
    `_cell_formula_units_Z   ${z}`,
    'loop_',
    ' _symmetry_equiv_pos_site_id',
    ' _symmetry_equiv_pos_as_xyz',
    "  1  'x, y, z'",
    'loop_',
    ' _atom_site_type_symbol',
    ' _atom_site_label',
    ' _atom_site_symmetry_multiplicity',
    ' _atom_site_fract_x',
    ' _atom_site_fract_y',
    ' _atom_site_fract_z',
    ' _atom_site_occupancy',
  ];
  const seen = new Map<string, number>();
  s.species.forEach((e, i) => {
    const k = seen.get(e) ?? 0;
    seen.set(e, k + 1);
    const [x, y, zc] = s.frac[i];
    lines.push(`  ${e}  ${e}${k}  1  ${f8(x)}  ${f8(y)}  ${f8(zc)}  1`);
  });
  return lines.join('\n') + '\n';
}
