// Structural validity as CDVAE scores it: every distance between two different sites (minimum image) at least
// 0.5 Å and a cell volume of at least 0.1 Å³. Like CDVAE, a site's distance to its own periodic images is not
// checked (CDVAE masks the diagonal of pymatgen's distance matrix).
import { volume } from './lattice';
import { minInteratomicDistance } from './distance';
import type { Structure } from './structure';

export const MIN_DISTANCE = 0.5;
export const MIN_VOLUME = 0.1;

export interface StructuralValidity {
  valid: boolean;
  minDistance: number;
  volume: number;
}

export function structuralValidity(s: Structure, cutoff = MIN_DISTANCE): StructuralValidity {
  const v = volume(s.lattice);
  // A flat cell fails without measuring distances, which are meaningless there.
  if (!(v >= MIN_VOLUME)) return { valid: false, minDistance: NaN, volume: v };
  const d = minInteratomicDistance(s);
  return { valid: d >= cutoff, minDistance: d, volume: v };
}

export function isStructurallyValid(s: Structure): boolean {
  return structuralValidity(s).valid;
}
