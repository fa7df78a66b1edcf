// 3D conformers for the viewer: openchemlib embeds the molecule (torsion library, collision checks,
// seeded) and relaxes it with MMFF94s+. Pure: openchemlib's static tables (torsions, bond lengths) are
// handed in by the caller, because the browser fetches them and Node reads them from disk.
import { ConformerGenerator, ForceFieldMMFF94, Molecule, Resources } from 'openchemlib';

export interface ConformerOptions {
  /** Seeds the torsion choices: the same SMILES and seed give the same coordinates. */
  seed?: number;
  /** MMFF minimiser iterations (openchemlib's default is 4000). */
  maxIterations?: number;
}

export interface Conformer {
  /** MDL molfile V2000 with 3D coordinates and explicit hydrogens; title line is the SMILES. */
  molblock: string;
  /** MMFF94s+ total energy after minimisation, kcal/mol (compare only between conformers of one molecule). */
  energy: number;
  /** All atoms, hydrogens included. */
  atoms: number;
  /** False only when the minimiser ran out of iterations; a failed line search near the minimum counts as converged. */
  converged: boolean;
}

/** Register openchemlib's resources.json (its text or parsed object) once per process or worker. */
export function registerConformerResources(data: string | Record<string, string>): void {
  Resources.register(data);
}

export function conformer3d(smiles: string, opts: ConformerOptions = {}): Conformer {
  const input = smiles.trim();
  const name = `"${input.length > 80 ? `${input.slice(0, 79)}…` : input}"`;
  let mol: Molecule;
  try {
    mol = Molecule.fromSmiles(input);
  } catch (e) {
    throw new Error(`Invalid SMILES ${name}: ${reason(e)}`, { cause: e });
  }
  // openchemlib accepts an empty string as an empty molecule.
  if (mol.getAllAtoms() === 0) throw new Error(`Invalid SMILES ${name}: no atoms`);

  let embedded: Molecule | null;
  try {
    embedded = new ConformerGenerator(opts.seed ?? 0).getOneConformerAsMolecule(mol);
  } catch (e) {
    throw new Error(`Could not embed ${name} in 3D: ${reason(e)}`, { cause: e });
  }
  if (!embedded) throw new Error(`Could not embed ${name} in 3D: no collision-free conformer found`);

  let energy: number;
  let status: number;
  try {
    const ff = new ForceFieldMMFF94(embedded, ForceFieldMMFF94.MMFF94SPLUS);
    status = ff.minimise({ maxIts: opts.maxIterations ?? 4000 });
    energy = ff.getTotalEnergy();
  } catch (e) {
    // e.g. metals: MMFF94 has no atom types for them.
    throw new Error(`Could not compute an MMFF94 energy for ${name}: ${reason(e)}`, { cause: e });
  }
  if (!Number.isFinite(energy)) throw new Error(`MMFF94 minimisation of ${name} diverged`);

  embedded.setName(input.slice(0, 80)); // molfile title lines hold 80 characters
  return { molblock: embedded.toMolfile(), energy, atoms: embedded.getAllAtoms(), converged: status !== 1 };
}

/** openchemlib's errors are GWT-compiled Java exceptions: keep the message, drop the class prefix. */
function reason(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  if (msg.includes('resources must be registered')) return 'openchemlib resources not loaded (call registerConformerResources first)';
  return msg.replace(/^Class\$\S+:\s*/, '');
}
