// Space group and Wyckoff letters through moyo (spglib's successor). The module is passed in so this file stays
// pure and synchronous; moyo.ts loads it.
import { atomicNumber } from './elements';
import type { MoyoApi } from './moyo';
import type { Structure } from './structure';

export interface SymmetryInfo {
  /** International (ITA) space-group number, 1–230. */
  number: number;
  /** Hermann–Mauguin symbol as moyo prints it, e.g. "P m -3 m". */
  symbol: string;
  /** Wyckoff letter of each input site. */
  wyckoffs: string[];
  /** Number of symmetry operations of the input cell. */
  operations: number;
}

/**
 * pymatgen's SpacegroupAnalyzer default tolerance (Å). Generated structures are slightly noisy; at this
 * tolerance a near-cubic perovskite is reported as cubic, as in the published tables.
 */
export const DEFAULT_SYMPREC = 0.01;

/**
 * The tolerance the studio shows generated and imported crystals at (Å): a generated cell is a few hundredths of
 * an Å off its ideal positions, so at 0.01 nearly every one reads P1; at 0.1 a near-cubic perovskite reads
 * Pm-3m, as a crystallographer would call it (the CDVAE/DiffCSP papers judge generated symmetry at 0.1 too).
 */
export const DISPLAY_SYMPREC = 0.1;

/** moyo fails on some degenerate inputs (overlapping atoms, tolerance too large); we report P1 then. */
export function analyzeSymmetry(moyo: MoyoApi, s: Structure, symprec = DEFAULT_SYMPREC): SymmetryInfo {
  const cell = {
    lattice: { basis: s.lattice.flat() },
    positions: s.frac,
    numbers: s.species.map((e) => atomicNumber(e) ?? 0),
  };
  try {
    const d = moyo.analyzeCell(JSON.stringify(cell), symprec, 'Standard');
    return { number: d.number, symbol: d.hm_symbol, wyckoffs: d.wyckoffs, operations: d.operations.length };
  } catch {
    return { number: 1, symbol: 'P 1', wyckoffs: s.species.map(() => 'a'), operations: 1 };
  }
}

/** Compact symbol without spaces ("Pm-3m"), as pymatgen's get_space_group_symbol prints it. */
export function compactSymbol(symbol: string): string {
  return symbol.replace(/\s+/g, '');
}
