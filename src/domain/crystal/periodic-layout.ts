// Where each element sits in the usual 18-column periodic table, with the lanthanides (La–Lu) and actinides
// (Ac–Lr) as two 15-element rows below the table, so the whole table fits a narrow panel.
import { SYMBOLS } from './elements-data';

export interface TableCell {
  z: number;
  symbol: string;
  period: number;
  /** IUPAC group 1–18; null for the lanthanide and actinide rows, whose group-3 place the table leaves empty. */
  group: number | null;
  /** Grid position: rows 1–7 are the periods, 8 and 9 the lanthanide and actinide rows; columns 1–18. */
  row: number;
  col: number;
}

/** Atomic number at which each period ends. */
const PERIOD_ENDS = [2, 10, 18, 36, 54, 86, 118];

function place(z: number): Omit<TableCell, 'symbol'> {
  const period = PERIOD_ENDS.findIndex((end) => z <= end) + 1;
  const start = period === 1 ? 1 : PERIOD_ENDS[period - 2] + 1;
  const i = z - start; // position within the period
  const fixed = (group: number) => ({ z, period, group, row: period, col: group });
  if (period === 1) return fixed(z === 1 ? 1 : 18);
  if (period <= 3) return fixed(i < 2 ? i + 1 : i + 11); // s block, then p block in 13–18
  if (period <= 5) return fixed(i + 1);
  // Periods 6 and 7: s block, 15 f-block elements (La–Lu, Ac–Lr) in their own row, then Hf/Rf … in 4–18.
  if (i < 2) return fixed(i + 1);
  if (i < 17) return { z, period, group: null, row: period + 2, col: i + 1 };
  return fixed(i - 13);
}

/** All 118 elements in atomic-number order. */
export const PERIODIC_LAYOUT: readonly TableCell[] = SYMBOLS.map((symbol, k) => ({ symbol, ...place(k + 1) }));
