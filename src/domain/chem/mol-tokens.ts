// The two token languages a molecule decoder may write. SELFIES: every token list is a molecule, so a decoder's
// slip becomes a valid but odd one (a macrocycle, a stray C=C). SMILES: a slip gives a string RDKit rejects,
// which is discarded and counted (issue 24; Skinnider 2024, "Invalid SMILES are beneficial rather than
// detrimental to chemical language models"). The models are trained on one or the other; the data folder's
// meta.json (`tokens`) and the decoder card (`vocab.kind`) say which.
import { decode } from '../selfies/decoder';
import { encode } from '../selfies/encoder';
import { splitSelfies } from '../selfies/tokens';
import { joinSmiles, splitSmiles } from '../smiles/tokens';

export type TokenKind = 'selfies' | 'smiles';

/** A declared token kind, checked; SELFIES when none is declared (data and cards from before SMILES). */
export function tokenKind(declared: unknown): TokenKind {
  if (declared === undefined || declared === null) return 'selfies';
  if (declared === 'selfies' || declared === 'smiles') return declared;
  throw new Error(`unknown token kind ${JSON.stringify(declared)}: expected "selfies" or "smiles"`);
}

/**
 * A decoded token list as SMILES, '' when it spells nothing. A SELFIES list is always a molecule (the decoder
 * rejects only symbols outside its grammar); whether a SMILES string is one is RDKit's call.
 */
export function tokensToSmiles(kind: TokenKind, tokens: readonly string[]): string {
  if (kind === 'smiles') return joinSmiles(tokens);
  try {
    return decode(tokens);
  } catch {
    return '';
  }
}

/** An RDKit molecule's canonical SMILES, aromatic or kekulised (RDKit.js: mol.get_smiles(), with doKekule). */
export type CanonicalSmiles = (kekule: boolean) => string;

/**
 * A molecule as the models' training rows spell it (models/mol_zinc/prepare.ts): RDKit's canonical aromatic
 * SMILES split into tokens (an aromatic ring the decoder gets wrong cannot be kekulised, and is discarded), or
 * the SELFIES of the kekulised canonical SMILES (SELFIES has no aromatic symbols). Throws what the tokenizer
 * or the SELFIES encoder throws.
 */
export function moleculeTokens(kind: TokenKind, canonical: CanonicalSmiles): string[] {
  return kind === 'smiles' ? splitSmiles(canonical(false)) : splitSelfies(encode(canonical(true)));
}
