// Every fuzz target, for the bounded tests here and for `npm run fuzz`.
// The project file and the settings gate are in gate-targets.ts.
import init from '@rdkit/rdkit';
import { ioTargets, rdkitMolblocks } from './io-targets';
import { otherTargets } from './other-targets';
import { gateTargets } from './gate-targets';
import type { FuzzTarget } from './harness';

export async function allTargets(): Promise<FuzzTarget[]> {
  const rdkit = await init();
  return [...ioTargets(rdkitMolblocks(rdkit)), ...otherTargets(rdkit), ...gateTargets()];
}
