// The assembled TypeScript table (descriptors/index.ts) and descriptors() in rdkit.ts: the whole table, in
// RDKit's order, equal to RDKit.js's own; RDKit's table for molecules a part declines. Each part's own test
// checks its rules; scripts/check-descriptors.ts checks the whole table over ZINC250k, MOSES and QM9.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import init from '@rdkit/rdkit';
import { DESCRIPTOR_NAMES, graphDescriptors } from '../../../../../src/domain/chem/descriptors';
import { descriptors, molGraph, rdkitDescriptors, withMol, type RDKitModule } from '../../../../../src/domain/chem/rdkit';

const rdkit: RDKitModule = await init();
const zinc = gunzipSync(readFileSync(new URL('../../../../../../shared/data/zinc250k/250k_rndm_zinc_drugs_clean.smi.gz', import.meta.url)))
  .toString('utf8').split('\n').map((l) => l.trim()).filter(Boolean);

describe('graphDescriptors', () => {
  it("names RDKit.js's descriptors in its order", () => {
    withMol(rdkit, 'CCO', (m) => expect(Object.keys(rdkitDescriptors(m))).toEqual([...DESCRIPTOR_NAMES]));
  });

  it("is RDKit.js's whole table, in its order, for 500 ZINC molecules spread over the file", () => {
    const off: string[] = [];
    for (let i = 0; i < zinc.length; i += Math.floor(zinc.length / 500)) {
      withMol(rdkit, zinc[i], (m) => {
        const ours = graphDescriptors(molGraph(m));
        const ref = rdkitDescriptors(m);
        if (ours === null) off.push(`${zinc[i]}: declined`);
        else if (Object.keys(ours).join() !== Object.keys(ref).join()) off.push(`${zinc[i]}: names or order differ`);
        else for (const name of DESCRIPTOR_NAMES) if (Math.abs(ours[name] - ref[name]) > 1e-9 * Math.max(1, Math.abs(ref[name]))) off.push(`${zinc[i]} ${name}: ${ours[name]} vs ${ref[name]}`);
      });
    }
    expect(off).toEqual([]);
  });
});

describe('descriptors()', () => {
  it('asks RDKit for a molecule the TypeScript table declines (isotopic hydrogen, an element outside its tables)', () => {
    for (const smiles of ['[2H]C([2H])([2H])Oc1ccccc1', 'C[Si](C)(C)C', 'CC[Se]CC']) {
      withMol(rdkit, smiles, (m) => {
        expect(graphDescriptors(molGraph(m))).toBeNull();
        expect(descriptors(m)).toEqual(rdkitDescriptors(m));
      });
    }
  });
});
