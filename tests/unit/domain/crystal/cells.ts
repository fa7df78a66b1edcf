// Small textbook cells shared by the supercell, bonding and viewer tests.
import type { Mat3, Vec3 } from '../../../../src/domain/crystal/lattice';
import type { Structure } from '../../../../src/domain/crystal/structure';

export const cube = (a: number): Mat3 => [
  [a, 0, 0],
  [0, a, 0],
  [0, 0, a],
];

/** Cubic perovskite SrTiO3, a = 3.905 Å: Ti–O 1.9525 Å, Sr–O 2.761 Å, Sr–Ti 3.382 Å. */
export const SRTIO3: Structure = {
  lattice: cube(3.905),
  species: ['Sr', 'Ti', 'O', 'O', 'O'],
  frac: [
    [0, 0, 0],
    [0.5, 0.5, 0.5],
    [0.5, 0.5, 0],
    [0.5, 0, 0.5],
    [0, 0.5, 0.5],
  ] as Vec3[],
};

/** Conventional rock-salt NaCl, a = 5.64 Å: Na–Cl 2.82 Å. */
export const NACL: Structure = {
  lattice: cube(5.64),
  species: ['Na', 'Na', 'Na', 'Na', 'Cl', 'Cl', 'Cl', 'Cl'],
  frac: [
    [0, 0, 0],
    [0.5, 0.5, 0],
    [0.5, 0, 0.5],
    [0, 0.5, 0.5],
    [0.5, 0, 0],
    [0, 0.5, 0],
    [0, 0, 0.5],
    [0.5, 0.5, 0.5],
  ] as Vec3[],
};
