// Our writers → pymatgen. With CRYSTAL_ROUNDTRIP_DIR set, this writes every fixture structure as we read it
// (<i>.json), and as our CIF, POSCAR and extended XYZ writers write it (<i>.cif, <i>.vasp, <i>.xyz); then
//   /usr/bin/python3 tests/fixtures/make_crystal_fixtures.py --check-roundtrip "$CRYSTAL_ROUNDTRIP_DIR"
// has pymatgen (ASE for the XYZ) read them back and compare (lattice parameters, composition, and a tight
// StructureMatcher fit).
import { mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCif, writeCif } from '../../../../src/domain/crystal/cif';
import { writePoscar } from '../../../../src/domain/crystal/poscar';
import { writeExtxyz } from '../../../../src/domain/crystal/xyz';
import { fixture } from './fixture';

const dir = process.env.CRYSTAL_ROUNDTRIP_DIR;

describe.runIf(dir)('round trip files for pymatgen', () => {
  it('writes them', () => {
    mkdirSync(dir!, { recursive: true });
    fixture.structures.forEach(({ cif }, i) => {
      const s = readCif(cif);
      writeFileSync(`${dir}/${i}.json`, JSON.stringify(s));
      writeFileSync(`${dir}/${i}.cif`, writeCif(s));
      writeFileSync(`${dir}/${i}.vasp`, writePoscar(s));
      writeFileSync(`${dir}/${i}.xyz`, writeExtxyz(s));
    });
    expect(fixture.structures.length).toBeGreaterThan(0);
  });
});
