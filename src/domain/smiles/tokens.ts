// SMILES strings as token lists, for chemical language models that read and write SMILES one token at a time.
//
// One token is one of:
//   bracket atom   [nH] [C@@H] [NH3+] [O-] [13C] [Na+]  (everything between '[' and ']' is one token: the
//                  model never has to balance brackets or spell charges letter by letter)
//   organic atom   B C N O P S F I Cl Br, aromatic b c n o p s  (Cl and Br before C and B: 'Cl' is chlorine,
//                  not carbon followed by an 'l')
//   ring closure   a digit 0-9, or %nn for ring numbers 10-99
//   bond           - = # $ : / \
//   branch         ( )
//   dot            .
//   wildcard       *
// Unlike SELFIES, a token list need not be a molecule: unbalanced branches, a ring left open or an aromatic
// ring that cannot be kekulised are invalid, which is the point (a decoder's slip is discarded, not kept).

/** A string that is not a sequence of SMILES tokens (a stray character, a '[' without its ']'). */
export class SmilesTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SmilesTokenError';
  }
}

// Sticky, so each match must start where the previous one ended: anything unmatched is an error, not skipped.
const TOKEN_RE = /\[[^[\]]+\]|Cl|Br|[BCNOPSFI]|[bcnops]|%\d\d|\d|[-=#$:/\\]|[().*]/y;

/** 'CC(=O)Nc1ccc(Cl)cc1' -> ['C', 'C', '(', '=', 'O', ')', 'N', 'c', '1', ...]; the tokens join back to the input. */
export function splitSmiles(smiles: string): string[] {
  const out: string[] = [];
  TOKEN_RE.lastIndex = 0;
  while (TOKEN_RE.lastIndex < smiles.length) {
    const at = TOKEN_RE.lastIndex;
    const m = TOKEN_RE.exec(smiles);
    if (!m) throw new SmilesTokenError(`no SMILES token at position ${at} in "${smiles.length > 80 ? `${smiles.slice(0, 80)}...` : smiles}"`);
    out.push(m[0]);
  }
  return out;
}

/** The SMILES string of a token list (whether it is a valid molecule is RDKit's call). */
export function joinSmiles(tokens: readonly string[]): string {
  return tokens.join('');
}
