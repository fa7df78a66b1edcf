// Counts in words for the studio's messages: "1 row", "2 rows", "1,000 crystals".

/** `n word` with the plural `s` when n is not 1, the number in English digit groups. */
export const plural = (n: number, word: string): string => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

/**
 * A target box as a run's description says it: "3.45–3.6", and with a negative end "−154.56 to −154.46" (an en
 * dash beside a minus sign reads as a subtraction).
 */
export function rangeText(min: number, max: number): string {
  const n = (x: number) => (x < 0 ? `−${-x}` : String(x));
  return min < 0 || max < 0 ? `${n(min)} to ${n(max)}` : `${min}–${max}`;
}
