// The RDKit side of encoding: SELFIES has no aromatic tokens, so molecules are kekulized by RDKit first.
// Only this file touches RDKit (through the wrapper, which takes the module instance); decoder.ts never does.
import { InvalidSmilesError, withMol, type RDKitModule } from '../chem/rdkit';
import { encode, type EncodeOptions } from './encoder';

/**
 * RDKit's canonical Kekulé SMILES: explicit double bonds, no lowercase atoms, stereo kept. MinimalLib takes
 * SmilesWriteParams names here; `{ doKekule: true }` is the one that kekulizes ({ kekulize: true } is ignored).
 */
export function kekuleSmiles(rdkit: RDKitModule, smiles: string): string | null {
  return withMol(rdkit, smiles, (mol) => mol.get_smiles(JSON.stringify({ doKekule: true })));
}

/** Any SMILES RDKit reads -> SELFIES. Throws InvalidSmilesError, or SelfiesEncodeError for what SELFIES cannot express. */
export function encodeMolecule(rdkit: RDKitModule, smiles: string, options?: EncodeOptions): string {
  const kekule = kekuleSmiles(rdkit, smiles);
  if (kekule === null) throw new InvalidSmilesError(smiles);
  return encode(kekule, options);
}
