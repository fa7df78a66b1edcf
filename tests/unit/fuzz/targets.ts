// Every fuzz target, for the bounded tests here and for `npm run fuzz`.
// TODO(project file): the project file (ProjectExport, checked in src/state/db-validate.ts) has no pure reader
// in src/domain yet; add its target here once one exists (see the note in this folder's tests).
import { ioTargets, rdkitMolblocks } from './io-targets';
import { otherTargets } from './other-targets';
import type { FuzzTarget } from './harness';

export async function allTargets(): Promise<FuzzTarget[]> {
  return [...ioTargets(await rdkitMolblocks()), ...otherTargets()];
}
