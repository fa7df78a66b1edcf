// Fuzz targets for run files and SELFIES. A run file is refused only with the reader's own Error ("run file:
// ..."), and what it accepts survives JSON again. SELFIES decoding of valid tokens never throws, of any text
// throws only SelfiesDecodeError, and a decoded molecule re-encodes to SELFIES that decode to the same SMILES.
import fc from 'fast-check';
import { makeRunFile, parseRunFile, RUN_FILE_FORMAT, RUN_FILE_VERSION, type RunFileInit } from '../../../src/domain/io/run-file';
import { BRANCH_TOKENS, NOP, RING_TOKENS, SelfiesDecodeError, SelfiesEncodeError, decode, encode, semanticRobustAlphabet } from '../../../src/domain/selfies';
import type { RDKitModule } from '../../../src/domain/chem/rdkit';
import { must, same, target, type FuzzTarget } from './harness';
import { freeText, textOf } from './text';

const sha = fc.stringMatching(/^[0-9a-f]{64}$/);
const isoTime = fc.date({ min: new Date('0000-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true });
const model = fc.record({ id: freeText.filter((s) => s !== ''), cardSha256: sha });
const settings = fc.tuple(fc.dictionary(freeText, fc.jsonValue({ maxDepth: 4 }), { maxKeys: 6 }), fc.maxSafeInteger()).map(([s, seed]) => ({ ...s, seed }));
const validRunFile: fc.Arbitrary<RunFileInit> = fc.record({
  generator: freeText.filter((s) => s.trim() !== ''),
  settings,
  models: fc.uniqueArray(model, { selector: (m) => m.id, maxLength: 4 }),
  createdAt: isoTime,
});

const isRunFileError = (e: unknown) => e instanceof Error && e.constructor === Error && e.message.startsWith('run file');

/** A valid file with one field replaced by arbitrary JSON, a field added or removed: the checks' edges. */
const spoiledRunFile = fc
  .tuple(validRunFile, fc.constantFrom('format', 'version', 'generator', 'settings', 'models', 'createdAt', 'extra', 'settings.seed', 'models.0'), fc.jsonValue({ maxDepth: 3 }), fc.boolean())
  .map(([init, field, value, remove]) => {
    const f = JSON.parse(JSON.stringify(makeRunFile(init))) as Record<string, any>;
    const [a, b] = field.split('.');
    const holder = b === undefined ? f : f[a];
    const key = b ?? a;
    if (holder !== null && typeof holder === 'object') {
      if (remove) delete holder[key];
      else holder[key] = value;
    }
    return JSON.stringify(f);
  });

const runFileParse: FuzzTarget<string> = {
  name: 'run-file.parse',
  arbitrary: fc.oneof(
    spoiledRunFile,
    fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v)),
    textOf(['{', '}', '[', ']', '"', ':', ',', 'null', '1e999', '"format"', `"${RUN_FILE_FORMAT}"`, `${RUN_FILE_VERSION}`, '"__proto__"', '\ufeff', ' '], 200),
  ),
  check(text) {
    const file = parseRunFile(text);
    same(file, parseRunFile(JSON.stringify(file)), 'an accepted run file read again');
  },
  expected: isRunFileError,
};

const runFileRoundTrip: FuzzTarget<{ init: RunFileInit; bom: boolean; indent: boolean }> = {
  name: 'run-file.roundtrip',
  arbitrary: fc.record({ init: validRunFile, bom: fc.boolean(), indent: fc.boolean() }),
  check({ init, bom, indent }) {
    const file = makeRunFile(init);
    const text = JSON.stringify(file, null, indent ? 2 : undefined);
    same(file, parseRunFile(bom ? `\ufeff${text}` : text), 'run file round trip');
  },
  expected: () => false,
};

const TOKENS = [...semanticRobustAlphabet(), ...BRANCH_TOKENS, ...RING_TOKENS, NOP, '[epsilon]', '.', '[C@@H1]', '[N+1]', '[2H]', '[/C]', '[\\C]', '[-/Ring1]', '[=N-1]'];

/** RDKit's canonical SMILES without sanitising (decoded graphs may break valence rules RDKit enforces). */
function sameMolecule(rdkit: RDKitModule, a: string, b: string): boolean {
  const canon = (s: string) => {
    const mol = rdkit.get_mol(s, JSON.stringify({ sanitize: false }));
    if (mol === null) return null;
    try {
      return mol.get_smiles();
    } finally {
      mol.delete();
    }
  };
  const ca = canon(a);
  return ca !== null && ca === canon(b);
}

function selfiesTokens(rdkit: RDKitModule): FuzzTarget<string[]> {
  return {
    name: 'selfies.decode-tokens',
    arbitrary: fc.array(fc.constantFrom(...TOKENS), { maxLength: 80 }),
    check(tokens) {
      const smiles = decode(tokens);
      must(typeof smiles === 'string', 'decode did not return a string');
      if (smiles === '') return;
      let again: string;
      try {
        again = encode(smiles);
      } catch (e) {
        // Documented: the grammar cannot express some decoded graphs (a ring bond across '.').
        if (e instanceof SelfiesEncodeError) return;
        throw e;
      }
      const back = decode(again);
      // Usually the very same string; an atom opening several ring bonds may get its ring labels in another
      // order (C\1\23 ... vs C\12\3 ...), the same molecule: then RDKit's canonical form must agree.
      must(back === smiles || sameMolecule(rdkit, smiles, back), `round trip: ${smiles} -> ${again} -> ${back}`);
    },
    expected: () => false,
  };
}

const SELFIES_BITS = ['[', ']', '[C]', '[=C]', '[Branch1]', '[Ring2]', '.', '[nop]', 'H', '+', '-', '1', '@', '/', '\\', '[epsilon]', 'Cl', '[Xx]', '[CH5]', '[C', 'C]', ''];
const selfiesText: FuzzTarget<string> = {
  name: 'selfies.decode-text',
  arbitrary: textOf(SELFIES_BITS, 60),
  check(text) {
    must(typeof decode(text) === 'string', 'decode did not return a string');
  },
  expected: (e) => e instanceof SelfiesDecodeError,
};

const SMILES_BITS = ['C', 'N', 'O', '=', '#', '(', ')', '1', '2', '%10', '[', ']', '@', '@@', 'H', '+', '-', '/', '\\', '.', 'c', 'Cl', '[Na+]', '[2H]', ':', '*', ' ',
  'C1CCCCC1', 'C(=O)O', 'N#C', 'C=C', '[C@@H](N)', '[C@H]1CC1', 'F/C=C/F', 'C1=CC=CC=C1', '[O-]', '[NH4+]'];
const selfiesEncode: FuzzTarget<string> = {
  name: 'selfies.encode-text',
  arbitrary: textOf(SMILES_BITS, 40),
  check(smiles) {
    // What the encoder accepts must decode (any throw from decode here is a bug, not an input error).
    const selfies = encode(smiles);
    try {
      decode(selfies);
    } catch (e) {
      throw new Error(`decode(encode(${JSON.stringify(smiles)})) threw ${(e as Error).message}`);
    }
  },
  expected: (e) => e instanceof SelfiesEncodeError,
};

export function otherTargets(rdkit: RDKitModule): FuzzTarget[] {
  return [target(runFileParse), target(runFileRoundTrip), target(selfiesTokens(rdkit)), target(selfiesText), target(selfiesEncode)];
}
