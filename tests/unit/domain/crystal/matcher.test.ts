// The structure matcher against pymatgen's StructureMatcher verdicts (tests/fixtures/crystal.json).
// Why our own matcher rather than matterviz-wasm's: see the head of src/domain/crystal/matcher.ts.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CSP_TOLERANCES, StructureMatcher } from '../../../../src/domain/crystal/matcher';
import { readCif } from '../../../../src/domain/crystal/cif';
import { parseCsv } from '../../../../src/domain/io/csv';
import { DATA, fixture, fromCompact } from './fixture';

const def = new StructureMatcher();
const csp = new StructureMatcher(CSP_TOLERANCES);

function cifs(path: string, n: number) {
  const csv = parseCsv(readFileSync(path, 'utf8'));
  const col = csv.header.indexOf('cif');
  return csv.rows.slice(0, n).map((r) => readCif(r.cells[col]));
}

describe('structure matcher vs pymatgen', () => {
  it('fit verdicts equal pymatgen’s on every fixture pair, at default and CSP tolerances', () => {
    const wrong: string[] = [];
    for (const p of fixture.pairs) {
      const a = fromCompact(p.a);
      const b = fromCompact(p.b);
      if (def.fit(a, b) !== p.default.fit) wrong.push(`default ${p.kind}: pymatgen ${p.default.fit}`);
      if (csp.fit(a, b) !== p.csp.fit) wrong.push(`csp ${p.kind}: pymatgen ${p.csp.fit}`);
    }
    expect(wrong).toEqual([]);
    // The fixture holds both verdicts.
    expect(new Set(fixture.pairs.map((p) => p.default.fit)).size).toBe(2);
  });

  it('RMS distances equal pymatgen’s get_rms_dist', () => {
    const wrong: string[] = [];
    for (const p of fixture.pairs) {
      for (const [m, ref] of [[def, p.default.rms], [csp, p.csp.rms]] as const) {
        const r = m.rmsDist(fromCompact(p.a), fromCompact(p.b));
        if ((r === null) !== (ref === null)) wrong.push(`${p.kind}: ${JSON.stringify(r)} vs ${JSON.stringify(ref)}`);
        else if (r && ref && (Math.abs(r.rms - ref[0]) > 1e-4 || Math.abs(r.maxDist - ref[1]) > 1e-4))
          wrong.push(`${p.kind}: ${r.rms} ${r.maxDist} vs ${ref[0]} ${ref[1]}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('identical structures match with zero distance; different compositions never match', () => {
    const s = fromCompact(fixture.pairs[0].a);
    expect(def.rmsDist(s, s)?.rms ?? NaN).toBeLessThan(1e-6);
    const other = { ...s, species: s.species.map((e, i) => (i === 0 ? (e === 'C' ? 'Si' : 'C') : e)) };
    expect(def.fit(s, other)).toBe(false);
  });
});

const nxl = `${DATA}/omatg_carbon_24_unique/same_structure_nxl.csv`;
describe.runIf(existsSync(nxl))('Carbon-24 data', () => {
  it('collapses the 350 rewritings of one crystal (same_structure_nxl.csv) to one structure', () => {
    const ss = cifs(nxl, 350);
    expect(ss).toHaveLength(350);
    const t = performance.now();
    const groups = def.group(ss);
    const ms = performance.now() - t;
    expect(groups).toHaveLength(1);
    console.log(`matcher: grouped 350 rewritings in ${ms.toFixed(0)} ms`);
  });

  it('dedupes 300 deduplicated-pool structures as pymatgen does (226 groups at default tolerances)', () => {
    // pymatgen 2022.11 StructureMatcher().group_structures on the first 300 rows of unique_test.csv gives 226
    // groups (run once while building this; the pool is not unique at these tolerances, as the OMatG paper says).
    const ss = cifs(`${DATA}/omatg_carbon_24_unique/unique_test.csv`, 300);
    const t = performance.now();
    const groups = def.group(ss);
    const ms = performance.now() - t;
    expect(groups).toHaveLength(226);
    console.log(`matcher: deduplicated 300 Carbon-24 structures in ${ms.toFixed(0)} ms`);
  });
});
