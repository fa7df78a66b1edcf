// Fuzz targets for the gates stored and imported data pass: a generator's normalise() (settings from a stored run,
// a project file or a run file) and the project-file check (checkExport). Each refuses only with its own error and
// what it accepts is usable: normalised settings validate and survive JSON, an accepted project re-checks the same.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { SettingsError } from '../../../src/contract/generator';
import { molZinc } from '../../../src/domains/drug-like/mol-zinc';
import { checkExport, ImportError } from '../../../src/state/db-validate';
import { must, same, target, type FuzzTarget } from './harness';

/** Anything JSON, with the keys and values the settings contract reads mixed in, so the checks' edges are reached. */
const keys = ['count', 'seed', 'sampler', 'guidance', 'temperature', 'noise', 'aim', 'condition', 'screen', 'confident', 'pick', 'targets', 'start', 'batchSize', '__proto__', 'toString'];
const values = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom('student-k4', 'teacher', 'toString', 'data', 'box', 'auto', 'abc', 1e308, -0, 0.5, 1000, [null], {}),
  fc.array(fc.record({ key: fc.constantFrom('logp', 'qed', 'sa', 'mw', 'tpsa', 'hba', 'constructor'), min: fc.double(), max: fc.double() }, { requiredKeys: [] }), { maxLength: 6 }),
  fc.record({ smiles: fc.oneof(fc.string(), fc.integer()), strength: fc.oneof(fc.double(), fc.string()) }, { requiredKeys: [] }),
);
const settings = fc.oneof(fc.dictionary(fc.constantFrom(...keys), values, { maxKeys: 8 }), fc.jsonValue({ maxDepth: 4 }));

const settingsGate: FuzzTarget<unknown> = {
  name: 'settings.normalise',
  arbitrary: settings,
  check(input) {
    const s = molZinc.normalise(JSON.parse(JSON.stringify(input ?? null)));
    must(Object.keys(molZinc.validate(s)).length === 0, 'normalise() accepted settings that validate() refuses');
    same(molZinc.normalise(JSON.parse(JSON.stringify(s))), s, 'normalised settings read again');
    must(molZinc.describe(s).length > 0 && Number.isFinite(molZinc.flops(s, { kept: 1, checked: 2 }, () => 1)), 'describe()/flops() on accepted settings');
  },
  expected: (e) => e instanceof SettingsError,
};

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/project-schema1.json', import.meta.url), 'utf8'));
const paths = ['format', 'schemaVersion', 'exportedAt', 'project', 'project.id', 'project.createdAt', 'runs', 'runs.0', 'runs.1.settings', 'runs.1.status', 'runs.1.startedAt', 'runs.1.counts', 'runs.0.projectId', 'candidates', 'candidates.0', 'candidates.1.smiles', 'candidates.2.props', 'candidates.3.runId', 'extra'];

/** The schema-1 fixture with one field replaced by arbitrary JSON or removed. */
const spoiledProject = fc.tuple(fc.constantFrom(...paths), values, fc.boolean()).map(([path, value, remove]) => {
  const f = structuredClone(fixture) as Record<string, any>;
  const parts = path.split('.');
  let holder = f;
  for (const p of parts.slice(0, -1)) holder = holder?.[p];
  const key = parts[parts.length - 1];
  if (holder !== null && typeof holder === 'object') {
    if (remove) delete holder[key];
    else holder[key] = value;
  }
  return f;
});

const projectFile: FuzzTarget<unknown> = {
  name: 'project-file.check',
  arbitrary: fc.oneof(spoiledProject, fc.jsonValue({ maxDepth: 4 })),
  check(input) {
    const file = checkExport(JSON.parse(JSON.stringify(input)), 2);
    same(checkExport(JSON.parse(JSON.stringify(file)), 2), file, 'an accepted project checked again');
    must(file.runs.every((r) => r.status !== 'running'), 'an imported run still running');
  },
  expected: (e) => e instanceof ImportError,
};

export const gateTargets = (): FuzzTarget[] => [target(settingsGate), target(projectFile)];
