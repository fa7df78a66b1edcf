// The assembled TypeScript table (descriptors/index.ts) and descriptors() in rdkit.ts: the whole table, in
// RDKit's order, equal to RDKit.js's own; RDKit's table for molecules a part declines. Each part's own test
// checks its rules; scripts/check-descriptors.ts checks the whole table over ZINC250k, MOSES and QM9.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import init from '@rdkit/rdkit';
import { DESCRIPTOR_NAMES, graphDescriptors } from '../../../../../src/domain/chem/descriptors';
import { descriptors, molGraph, rdkitDescriptors, withMol, type RDKitModule } from '../../../../../src/domain/chem/rdkit';
import { decode } from '../../../../../src/domain/selfies/decoder';
import { Rng } from '../../../../../src/domain/random';

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

/** Names whose value differs from RDKit.js's own table for this molecule ('declined' if ours is null). */
function differences(smiles: string): string[] {
  return (
    withMol(rdkit, smiles, (m) => {
      const ours = graphDescriptors(molGraph(m));
      const ref = rdkitDescriptors(m);
      if (ours === null) return ['declined'];
      return DESCRIPTOR_NAMES.filter((name) => Math.abs(ours[name] - ref[name]) > 1e-9 * Math.max(1, Math.abs(ref[name])));
    }) ?? ['unparsable']
  );
}

describe('graphDescriptors beyond the data sets', () => {
  it('agrees on several fragments (salts, mixtures), as a pasted line can have', () => {
    const cases = ['CCO.CCN', '[NH4+].CC(=O)[O-]', 'O.O', 'C[S+](C)C.[Br-]', 'c1ccc2ccccc2c1.c1ccncc1', 'F/C=C/F.Cl\\C=C/Cl', 'C[C@H](N)C(=O)O.C[C@@H](N)C(=O)O', 'CP(C)(=O)OCC.S=C=S'];
    expect(cases.flatMap((s) => differences(s).map((d) => `${s}: ${d}`))).toEqual([]);
  });

  it("agrees, or declines, on random SELFIES over the generator's vocabulary (what a sampler can emit)", () => {
    const vocab = (JSON.parse(readFileSync(new URL('../../../../../static/models/mol-zinc-decoder.json', import.meta.url), 'utf8')) as { vocab: { tokens: string[] } }).vocab.tokens.filter(
      (t) => !['[pad]', '[bos]', '[eos]'].includes(t),
    );
    const rng = new Rng(11);
    const off: string[] = [];
    let declined = 0;
    for (let i = 0; i < 1500; i++) {
      const smiles = decode(Array.from({ length: 5 + Math.floor(rng.next() * 60) }, () => vocab[Math.floor(rng.next() * vocab.length)]));
      if (!smiles) continue;
      const d = differences(smiles);
      if (d[0] === 'declined') declined++;
      else if (d.length) off.push(`${smiles}: ${d.join(', ')}`);
    }
    expect(off).toEqual([]);
    expect(declined).toBeLessThan(75); // under 5 %: stereo.ts declines charged N with three single bonds; RDKit answers those
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
