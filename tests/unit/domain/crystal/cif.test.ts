import { describe, expect, it } from 'vitest';
import { readCif, readCifAll, writeCif } from '../../../../src/domain/crystal/cif';
import { latticeParams, volume } from '../../../../src/domain/crystal/lattice';
import { fixture } from './fixture';

const P1 = `data_test
_cell_length_a 5.431(2)
_cell_length_b 5.431(2)
_cell_length_c 5.431(2)
_cell_angle_alpha 90
_cell_angle_beta 90
_cell_angle_gamma 90
loop_
_atom_site_label
_atom_site_type_symbol
_atom_site_fract_x
_atom_site_fract_y
_atom_site_fract_z
Si1 Si 0 0 0
`;

describe('CIF read', () => {
  it('matches pymatgen on every fixture CIF (pymatgen, ASE, COD style, Perov-5, Carbon-24)', () => {
    for (const { id, cif, expected } of fixture.structures) {
      const s = readCif(cif);
      const p = latticeParams(s.lattice);
      expect(s.species.length, id).toBe(expected.nsites);
      [p.a, p.b, p.c].forEach((x, k) => expect(x, id).toBeCloseTo(expected.abc[k], 5));
      [p.alpha, p.beta, p.gamma].forEach((x, k) => expect(x, id).toBeCloseTo(expected.angles[k], 4));
      expect(volume(s.lattice), id).toBeCloseTo(expected.volume, 3);
    }
  });

  it('covers symmetry-operation CIFs in both tag styles', () => {
    const kinds = new Set(fixture.structures.map((s) => s.id.split(':')[0]));
    for (const k of ['pymatgen-p1', 'pymatgen-symmetrized', 'cod-style', 'ase', 'perov5-test', 'carbon24-test'])
      expect(kinds.has(k)).toBe(true);
    expect(fixture.structures.some((s) => s.cif.includes('_space_group_symop_operation_xyz') && /\(3\)/.test(s.cif))).toBe(true);
  });

  it('reads uncertainty brackets and expands symmetry operations, merging duplicates', () => {
    expect(latticeParams(readCif(P1).lattice).a).toBeCloseTo(5.431, 10);
    const fcc = P1.replace('loop_', "loop_\n_symmetry_equiv_pos_as_xyz\n'x,y,z'\n'x+1/2,y+1/2,z'\n'x+1/2,y,z+1/2'\n'x,y+1/2,z+1/2'\n'-x,-y,-z'\nloop_");
    const s = readCif(fcc);
    expect(s.species).toEqual(['Si', 'Si', 'Si', 'Si']);
  });

  it('reads several data blocks', () => {
    expect(readCifAll(P1 + P1.replace('data_test', 'data_two'))).toHaveLength(2);
  });

  const bad: [string, string, RegExp][] = [
    ['no cell', P1.replace(/_cell_length_a.*\n/, ''), /no cell: _cell_length_a is missing/],
    ['NaN', P1.replace('5.431(2)\n_cell_length_b', 'abc\n_cell_length_b'), /_cell_length_a is not a number/],
    ['zero volume', P1.replace(/_cell_angle_gamma 90/, '_cell_angle_gamma 180'), /zero volume|Bad lattice/],
    ['unknown element', P1.replace('Si1 Si', 'Xx1 Qq'), /unknown element "Qq"/],
    ['missing loop column', P1.replace('_atom_site_fract_z\n', '').replace('0 0 0', '0 0'), /_atom_site_fract_z is missing/],
    ['bad coordinate', P1.replace('Si1 Si 0 0 0', 'Si1 Si 0 x 0'), /coordinate is not a number/],
    ['partial occupancy', P1.replace('_atom_site_fract_z', '_atom_site_fract_z\n_atom_site_occupancy').replace('0 0 0', '0 0 0 0.5'), /occupancy 0.5/],
    ['ragged loop', P1.replace('Si1 Si 0 0 0', 'Si1 Si 0 0 0 0'), /not a multiple/],
    ['space group without operations', P1.replace('data_test', "data_test\n_symmetry_space_group_name_H-M 'F m -3 m'"), /lists no symmetry operations/],
    ['not a CIF', 'hello world', /Not a CIF/],
    ['empty', '', /no data_ block/],
    ['no atoms', 'data_x\n_cell_length_a 1\n', /no atom sites/],
  ];
  for (const [name, text, re] of bad) it(`bad input: ${name}`, () => expect(() => readCif(text)).toThrow(re));

  it('too many sites is refused with a clear message', () => {
    const rows = Array.from({ length: 1200 }, (_, i) => `C${i} C ${(i % 10) / 10} ${Math.floor(i / 10) % 10 / 10} ${Math.floor(i / 100) / 12}`);
    expect(() => readCif(P1.replace('Si1 Si 0 0 0', rows.join('\n')))).toThrow(/1200 atom sites; the limit is 1000/);
  });

  it('10 MB of junk fails fast with a size error, and 4 MB of junk with a syntax error', () => {
    const junk = 'x'.repeat(10_000_000);
    let t = performance.now();
    expect(() => readCif(junk)).toThrow(/10\.0 MB; the limit is 5 MB/);
    const line = 'loop_ _a ;;; \'"# 1.0(2) data_ \n';
    const big = 'data_j\n' + line.repeat(Math.floor(4_000_000 / line.length));
    t = performance.now();
    expect(() => readCif(big)).toThrow(Error);
    expect(performance.now() - t).toBeLessThan(5000);
  });
});

describe('CIF write', () => {
  it('writes P1 that our reader reads back to the same structure', () => {
    for (const { id, cif } of fixture.structures) {
      const s = readCif(cif);
      const t = readCif(writeCif(s));
      expect(t.species, id).toEqual(s.species);
      const p = latticeParams(s.lattice);
      const q = latticeParams(t.lattice);
      expect(q.a).toBeCloseTo(p.a, 6);
      expect(q.gamma).toBeCloseTo(p.gamma, 5);
      t.frac.forEach((f, i) =>
        f.forEach((x, k) => {
          const d = x - s.frac[i][k];
          expect(Math.abs(d - Math.round(d)), id).toBeLessThan(1e-7);
        }),
      );
    }
  });
});
