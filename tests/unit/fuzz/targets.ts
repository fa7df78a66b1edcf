// Every fuzz target, for the bounded tests here and for `npm run fuzz`.
// TODO(project file, issue 26): the project file (ProjectExport, checked in src/state/db-validate.ts) and the
// settings gate (validate()/normalise()) have no pure entry point in src/domain yet. When they do, add targets:
// spoiled exports (settings.targets "abc"/5/{}/[null], generator "nope", sampler "toString", start.smiles 42,
// status "running", counts, startedAt 1e308, __proto__ keys, deep nesting) refused or normalised with the
// reader's own Error; export -> JSON -> import giving the same project; a BOM in front.
import init from '@rdkit/rdkit';
import { ioTargets, rdkitMolblocks } from './io-targets';
import { otherTargets } from './other-targets';
import type { FuzzTarget } from './harness';

export async function allTargets(): Promise<FuzzTarget[]> {
  const rdkit = await init();
  return [...ioTargets(rdkitMolblocks(rdkit)), ...otherTargets(rdkit)];
}
