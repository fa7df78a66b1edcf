// Counts in words for the studio's messages: "1 row", "2 rows", "1,000 crystals".

/** `n word` with the plural `s` when n is not 1, the number in English digit groups. */
export const plural = (n: number, word: string): string => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;
