// QED against RDKit's own rdkit.Chem.QED (Debian's python3-rdkit), via tests/fixtures/qed.json.
// Regenerate the fixture with: /usr/bin/python3 tests/fixtures/make_qed_fixture.py
import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import init from '@rdkit/rdkit';
import { gunzipSync } from 'node:zlib';
import { molGraph, parseSmiles, withMol, type Mol, type RDKitModule } from '../../../../src/domain/chem/rdkit';
import {
  QED_ADS_PARAMETERS,
  QED_ALERT_SMARTS,
  QED_WEIGHTS_NONE,
  desirability,
  qed,
  qedAlerts,
  qedFromProperties,
  qedProperties,
  type QedProperties,
} from '../../../../src/domain/chem/qed';

interface FixtureMolecule {
  smiles: string;
  qed: number;
  props: QedProperties;
}
interface Fixture {
  rdkit: string;
  made_by: string;
  molecules: FixtureMolecule[];
}

const fixture = JSON.parse(readFileSync(new URL('../../../fixtures/qed.json', import.meta.url), 'utf8')) as Fixture;
const rdkit: RDKitModule = await init();

function parsed(smiles: string): Mol {
  const mol = parseSmiles(rdkit, smiles);
  if (mol === null) throw new Error(`RDKit.js could not parse fixture SMILES ${smiles}`);
  return mol;
}

// Compute once; the describe blocks below only compare.
const mols = fixture.molecules.map((m) => parsed(m.smiles));
const computed = mols.map((mol) => qedProperties(rdkit, mol));
const computedQed = computed.map((p) => qedFromProperties(p));

describe('qed agrees with rdkit.Chem.QED', () => {
  it(`loads the fixture (${fixture.molecules.length} molecules, RDKit ${fixture.rdkit}) in RDKit.js ${rdkit.version()}`, () => {
    expect(fixture.molecules.length).toBeGreaterThan(400);
  });

  it('QED within 0.01 of RDKit for every molecule', () => {
    const diffs = fixture.molecules.map((m, i) => Math.abs(computedQed[i] - m.qed));
    const max = Math.max(...diffs);
    const mean = diffs.reduce((a, b) => a + b, 0) / diffs.length;
    console.log(`|dQED| over ${diffs.length} molecules: max ${max.toExponential(3)}, mean ${mean.toExponential(3)}`);
    const over = fixture.molecules.flatMap((m, i) => (diffs[i] > 0.002 ? [`${m.smiles}: ours ${computedQed[i].toFixed(6)} RDKit ${m.qed}`] : []));
    console.log(over.length === 0 ? 'no molecule differs by more than 0.002' : `differ by > 0.002:\n  ${over.join('\n  ')}`);
    const offenders = fixture.molecules.filter((_, i) => !(diffs[i] <= 0.01)).map((m) => m.smiles);
    expect(offenders).toEqual([]);
  });

  it('qed(rdkit, mol) is qedFromProperties(qedProperties(...))', () => {
    for (let i = 0; i < 20; i++) expect(qed(rdkit, mols[i])).toBe(computedQed[i]);
  });

  for (const name of ['HBA', 'HBD', 'ROTB', 'AROM', 'ALERTS'] as const) {
    it(`${name} equals RDKit's for at least 98% of molecules`, () => {
      const mismatches = fixture.molecules.flatMap((m, i) => (computed[i][name] === m.props[name] ? [] : [`${m.smiles}: ours ${computed[i][name]} RDKit ${m.props[name]}`]));
      if (mismatches.length > 0) console.log(`${name} mismatches (${mismatches.length}):\n  ${mismatches.join('\n  ')}`);
      expect(mismatches.length).toBeLessThanOrEqual(Math.floor(0.02 * fixture.molecules.length));
    });
  }

  for (const name of ['MW', 'ALOGP', 'PSA'] as const) {
    it(`${name} within 1e-3 of RDKit's`, () => {
      const off = fixture.molecules.flatMap((m, i) => (Math.abs(computed[i][name] - m.props[name]) <= 1e-3 ? [] : [`${m.smiles}: ours ${computed[i][name]} RDKit ${m.props[name]}`]));
      expect(off).toEqual([]);
    });
  }
});

describe('property details', () => {
  it('counts AROM as the rings left after deleting AliphaticRings matches, as computed from get_json', () => {
    // The brief's reference method, independent of qed.ts's union-find over a bond SMARTS:
    // delete the atoms matched by [$([A;R][!a])], then SSSR size = E - V + (connected components).
    const aliphatic = rdkit.get_qmol('[$([A;R][!a])]')!;
    try {
      const disagree: string[] = [];
      mols.forEach((mol, i) => {
        const doc = JSON.parse(mol.get_json()) as { molecules: { atoms: unknown[]; bonds?: { atoms: [number, number] }[] }[] };
        const { atoms, bonds = [] } = doc.molecules[0];
        const matches = mol.get_substruct_matches(aliphatic);
        const deleted = new Set<number>(matches === '{}' ? [] : (JSON.parse(matches) as { atoms: number[] }[]).map((m) => m.atoms[0]));
        const kept = atoms.map((_, a) => a).filter((a) => !deleted.has(a));
        const keptBonds = bonds.filter((b) => !deleted.has(b.atoms[0]) && !deleted.has(b.atoms[1]));
        const adjacency = new Map<number, number[]>(kept.map((a) => [a, []]));
        for (const { atoms: [a, b] } of keptBonds) {
          adjacency.get(a)!.push(b);
          adjacency.get(b)!.push(a);
        }
        const seen = new Set<number>();
        let components = 0;
        for (const start of kept) {
          if (seen.has(start)) continue;
          components++;
          const stack = [start];
          seen.add(start);
          while (stack.length > 0) {
            for (const n of adjacency.get(stack.pop()!)!) {
              if (!seen.has(n)) {
                seen.add(n);
                stack.push(n);
              }
            }
          }
        }
        const arom = keptBonds.length - kept.length + components;
        if (arom !== computed[i].AROM) disagree.push(`${fixture.molecules[i].smiles}: get_json ${arom}, qed.ts ${computed[i].AROM}`);
      });
      expect(disagree).toEqual([]);
    } finally {
      aliphatic.delete();
    }
  });

  it('gated alert matching finds exactly the alerts that plain matching of every SMARTS finds', () => {
    const queries = QED_ALERT_SMARTS.map((s) => rdkit.get_qmol(s)!);
    try {
      mols.forEach((mol, i) => {
        const plain = QED_ALERT_SMARTS.filter((_, k) => mol.get_substruct_match(queries[k]) !== '{}');
        expect(qedAlerts(rdkit, mol), fixture.molecules[i].smiles).toEqual(plain);
        expect(computed[i].ALERTS).toBe(plain.length);
      });
    } finally {
      for (const q of queries) q.delete();
    }
  });

  it('removes explicit hydrogens first, as RDKit does', () => {
    const implicit = parsed('OCc1ccccc1');
    const mol = rdkit.get_mol('[H]OC([H])([H])c1ccccc1', JSON.stringify({ removeHs: false }))!;
    try {
      expect(mol.get_num_atoms()).toBeGreaterThan(implicit.get_num_atoms());
      expect(qedProperties(rdkit, mol)).toEqual(qedProperties(rdkit, implicit));
      expect(mol.get_num_atoms()).toBe(implicit.get_num_atoms() + 3); // the caller's Mol is untouched
    } finally {
      mol.delete();
      implicit.delete();
    }
  });

  it('withMol yields null for an invalid SMILES, so callers can report it', () => {
    expect(withMol(rdkit, 'C1CC(', (m) => qed(rdkit, m))).toBeNull();
    expect(withMol(rdkit, 'not a molecule', (m) => qed(rdkit, m))).toBeNull();
    expect(withMol(rdkit, 'c1ccccc1O', (m) => qed(rdkit, m))).toBeCloseTo(0.5147, 3); // phenol; rdkit.Chem.QED.qed gives 0.514730
  });
});

describe('qedFromProperties', () => {
  // Worked by hand (bc -l) from d(x) = (A + B / (1 + exp(-(x - C + D/2) / E)) * (1 - 1 / (1 + exp(-(x - C - D/2) / F)))) / DMAX
  // and QED = exp(sum w_i ln d_i / sum w_i), for MW 300, ALOGP 2.5, HBA 4, HBD 1, PSA 60, ROTB 4, AROM 2, ALERTS 0:
  const p: QedProperties = { MW: 300, ALOGP: 2.5, HBA: 4, HBD: 1, PSA: 60, ROTB: 4, AROM: 2, ALERTS: 0 };
  const d: QedProperties = {
    MW: 0.997172586126687,
    ALOGP: 0.993294958449411,
    HBA: 0.886513546762126,
    HBD: 0.986596391664354,
    PSA: 0.989237575938535,
    ROTB: 0.969695010476771,
    AROM: 0.937733051201379,
    ALERTS: 0.842467599330387,
  };

  it('maps each property through its asymmetric double sigmoid', () => {
    for (const name of Object.keys(d) as (keyof QedProperties)[]) {
      expect(desirability(p[name], QED_ADS_PARAMETERS[name]), name).toBeCloseTo(d[name], 12);
    }
  });

  it('takes the weighted geometric mean with the mean weights (0.66 0.46 0.05 0.61 0.06 0.65 0.48 0.95)', () => {
    expect(qedFromProperties(p)).toBeCloseTo(0.942154228943288, 12);
  });

  it('takes the plain geometric mean with unit weights', () => {
    expect(qedFromProperties(p, QED_WEIGHTS_NONE)).toBeCloseTo(0.948757467405837, 12);
  });

  it('drops as alerts accumulate', () => {
    const scores = [0, 1, 2, 4].map((ALERTS) => qedFromProperties({ ...p, ALERTS }));
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });
});

describe('with the molecule graph (qed-graph.ts)', () => {
  // scripts/check-qed-graph.ts runs the same comparison over all of ZINC250k, MOSES's test set and QM9.
  const zinc = gunzipSync(readFileSync(new URL('../../../../../shared/data/zinc250k/250k_rndm_zinc_drugs_clean.smi.gz', import.meta.url)))
    .toString('utf8').split('\n').map((l) => l.trim()).filter(Boolean).slice(0, 2000);
  const cases = [...fixture.molecules.map((m) => m.smiles), ...zinc, 'C[N+](C)(C)CC(=O)[O-]', 'CC(=O)N=C(N)N', 'C[S-]', 'N#CC(=O)C#N', 'O=C1CC1', 'C=CC=O', 'c1ccc2c(c1)Cc1ccccc1-2'];

  it('gives the same eight properties as the SMARTS matcher alone', () => {
    const disagree: string[] = [];
    for (const smiles of cases) {
      withMol(rdkit, smiles, (mol) => {
        const want = qedProperties(rdkit, mol);
        const got = qedProperties(rdkit, mol, undefined, molGraph(mol));
        if (JSON.stringify(got) !== JSON.stringify(want)) disagree.push(`${smiles}: graph ${JSON.stringify(got)} SMARTS ${JSON.stringify(want)}`);
      });
    }
    expect(disagree).toEqual([]);
  });

  it('is not used for a molecule with explicit hydrogens (QED removes them first)', () => {
    withMol(rdkit, '[2H]C([2H])([2H])Oc1ccccc1', (mol) => {
      expect(qedProperties(rdkit, mol, undefined, molGraph(mol))).toEqual(qedProperties(rdkit, mol));
    });
  });
});

describe('speed', () => {
  it('reports microseconds per molecule (not asserted)', () => {
    const smiles = fixture.molecules.map((m) => m.smiles);
    for (const mol of mols.slice(0, 50)) qed(rdkit, mol); // warm up
    const rounds = 2;
    let t0 = performance.now();
    for (let r = 0; r < rounds; r++) for (const mol of mols) qed(rdkit, mol);
    const qedOnly = ((performance.now() - t0) * 1000) / (rounds * mols.length);
    t0 = performance.now();
    for (const s of smiles) withMol(rdkit, s, (m) => qed(rdkit, m));
    const withParse = ((performance.now() - t0) * 1000) / smiles.length;
    t0 = performance.now();
    for (const mol of mols) mol.get_descriptors();
    const descriptorsOnly = ((performance.now() - t0) * 1000) / mols.length;
    console.log(
      `QED: ${qedOnly.toFixed(0)} µs/molecule on a parsed Mol, ${withParse.toFixed(0)} µs/molecule from SMILES; ` +
        `of which get_descriptors() alone ${descriptorsOnly.toFixed(0)} µs`,
    );
    for (const mol of mols) mol.delete();
    expect(qedOnly).toBeGreaterThan(0);
  });
});
