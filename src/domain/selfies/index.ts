// SELFIES (Krenn et al. 2020, "Self-referencing embedded strings"), v2 grammar of the `selfies` package.
export {
  BRANCH_TOKENS,
  DEFAULT_CONSTRAINTS,
  ELEMENTS,
  INDEX_ALPHABET,
  NOP,
  ORGANIC_SUBSET,
  RING_TOKENS,
  SELFIES_PACKAGE_CONSTRAINTS,
  bondingCapacity,
  indexFromTokens,
  indexToTokens,
  semanticRobustAlphabet,
  type BondConstraints,
} from './alphabet';
export { SelfiesDecodeError, countTokens, joinSelfies, lenSelfies, parseSymbol, splitSelfies, type SelfiesSymbol } from './tokens';
export { decode, type DecodeOptions } from './decoder';
export { SelfiesEncodeError, encode, type EncodeOptions } from './encoder';
export { encodeMolecule, kekuleSmiles } from './kekule';
