// SELFIES decoding: hand-derived examples of each grammar rule, plus strings published with the selfies
// package (README, docstrings, changelog) and SELFIES columns of public datasets made with selfies 2.x.
import { describe, it, expect } from 'vitest';
import init from '@rdkit/rdkit';
import { canonicalSmiles, type RDKitModule } from '../../../../src/domain/chem/rdkit';
import {
  BRANCH_TOKENS,
  DEFAULT_CONSTRAINTS,
  INDEX_ALPHABET,
  RING_TOKENS,
  SELFIES_PACKAGE_CONSTRAINTS,
  SelfiesDecodeError,
  bondingCapacity,
  decode,
  indexFromTokens,
  indexToTokens,
  joinSelfies,
  lenSelfies,
  parseSymbol,
  semanticRobustAlphabet,
  splitSelfies,
} from '../../../../src/domain/selfies';

const rdkit: RDKitModule = await init();
const canon = (smiles: string): string | null => canonicalSmiles(rdkit, smiles);

describe('tokens', () => {
  it('splits and joins', () => {
    expect(splitSelfies('[C][=C][F].[C]')).toEqual(['[C]', '[=C]', '[F]', '.', '[C]']);
    expect(splitSelfies('')).toEqual([]);
    expect(joinSelfies(['[C]', '[=C]', '[F]'])).toBe('[C][=C][F]');
    expect(lenSelfies('[C][=C][F].[C]')).toBe(5);
  });

  it('rejects malformed strings', () => {
    expect(() => splitSelfies('[C][=C')).toThrow(SelfiesDecodeError);
    expect(() => splitSelfies('[C[C]')).toThrow(SelfiesDecodeError);
    expect(() => splitSelfies('C[C]')).toThrow(/unexpected 'C'/);
  });

  it('parses atom, branch and ring symbols', () => {
    expect(parseSymbol('[C]')).toMatchObject({ kind: 'atom', element: 'C', order: 1, hCount: null, charge: 0 });
    expect(parseSymbol('[=C]')).toMatchObject({ kind: 'atom', order: 2 });
    expect(parseSymbol('[#N]')).toMatchObject({ kind: 'atom', element: 'N', order: 3 });
    expect(parseSymbol('[NH1+1]')).toMatchObject({ element: 'N', hCount: 1, charge: 1 });
    expect(parseSymbol('[NH1+]')).toMatchObject({ element: 'N', hCount: 1, charge: 1 }); // lenient spelling
    expect(parseSymbol('[C@@H1]')).toMatchObject({ element: 'C', chirality: '@@', hCount: 1 });
    expect(parseSymbol('[/C]')).toMatchObject({ order: 1, stereo: '/' });
    expect(parseSymbol('[\\C]')).toMatchObject({ order: 1, stereo: '\\' });
    expect(parseSymbol('[O-1]')).toMatchObject({ element: 'O', charge: -1, hCount: 0 });
    expect(parseSymbol('[2H]')).toMatchObject({ element: 'H', isotope: 2, hCount: 0 });
    expect(parseSymbol('[CH0]')).toMatchObject({ element: 'C', hCount: 0 });
    expect(parseSymbol('[=Branch2]')).toEqual({ kind: 'branch', order: 2, length: 2 });
    expect(parseSymbol('[=Ring1]')).toEqual({ kind: 'ring', order: 2, length: 1, leftStereo: '', rightStereo: '' });
    expect(parseSymbol('[-/Ring2]')).toEqual({ kind: 'ring', order: 1, length: 2, leftStereo: '', rightStereo: '/' });
    expect(parseSymbol('[\\/Ring3]')).toEqual({ kind: 'ring', order: 1, length: 3, leftStereo: '\\', rightStereo: '/' });
    for (const bad of ['[--Ring1]', '[Branch4]', '[c]', '[Xx]', '[C', 'C', '[=]']) expect(parseSymbol(bad)).toBeNull();
    for (const t of [...BRANCH_TOKENS, ...RING_TOKENS]) expect(parseSymbol(t)).not.toBeNull();
    expect(BRANCH_TOKENS).toHaveLength(9);
    expect(RING_TOKENS).toHaveLength(33);
  });
});

describe('alphabet', () => {
  it('has the selfies 2.x index alphabet in order', () => {
    expect(INDEX_ALPHABET).toEqual([
      '[C]', '[Ring1]', '[Ring2]', '[Branch1]', '[=Branch1]', '[#Branch1]', '[Branch2]', '[=Branch2]', '[#Branch2]',
      '[O]', '[N]', '[=N]', '[=C]', '[#C]', '[S]', '[P]',
    ]);
    expect(indexToTokens(0)).toEqual(['[C]']);
    expect(indexToTokens(4)).toEqual(['[=Branch1]']);
    expect(indexToTokens(16)).toEqual(['[Ring1]', '[C]']);
    expect(indexToTokens(4095)).toEqual(['[P]', '[P]', '[P]']);
    expect(indexFromTokens(['[Ring2]', '[Ring1]', '[Branch2]'])).toBe(2 * 256 + 16 + 6);
    expect(indexFromTokens(['[F]', '[Ring1]'])).toBe(1); // a token outside the index alphabet counts 0
    for (let q = 0; q < 5000; q += 37) expect(indexFromTokens(indexToTokens(q))).toBe(q);
  });

  it('has the bonding capacities', () => {
    const cap = (e: string, q = 0) => bondingCapacity(e, q);
    expect([cap('C'), cap('N'), cap('O'), cap('S'), cap('P'), cap('F'), cap('Cl'), cap('Br'), cap('I'), cap('B'), cap('H')]).toEqual([4, 3, 2, 6, 5, 1, 1, 1, 1, 3, 1]);
    expect([cap('N', 1), cap('N', -1), cap('O', 1), cap('O', -1), cap('C', -1), cap('P', -1), cap('B', 1), cap('B', -1)]).toEqual([4, 2, 3, 1, 3, 4, 2, 4]);
    // Lowered from the package (C+1 5, P+1 6, S+1 7, S-1 5) to what RDKit accepts:
    expect([cap('C', 1), cap('P', 1), cap('S', 1), cap('S', -1)]).toEqual([3, 4, 5, 1]);
    expect(cap('Si')).toBe(8); // '?'
    expect(bondingCapacity('C', 1, SELFIES_PACKAGE_CONSTRAINTS)).toBe(5);
  });

  it('builds the semantic robust alphabet', () => {
    const a = semanticRobustAlphabet();
    for (const t of ['[C]', '[=C]', '[#C]', '[O]', '[=O]', '[F]', '[#N+1]', '[O-1]', '[Ring1]', '[=Ring3]', '[#Branch2]', '[P]']) expect(a).toContain(t);
    for (const t of ['[#O]', '[=F]', '[=O-1]', '[#S-1]']) expect(a).not.toContain(t);
    expect(semanticRobustAlphabet(SELFIES_PACKAGE_CONSTRAINTS)).toContain('[=S-1]');
  });
});

describe('decode: published examples', () => {
  it('decodes the README and docstring strings', () => {
    expect(decode('[C][=C][C][=C][C][=C][Ring1][=Branch1]')).toBe('C1=CC=CC=C1'); // benzene
    expect(decode('[C][=C][F]')).toBe('C=CF');
    expect(decode(['[C]', '[=C]', '[F]'])).toBe('C=CF');
    // v1 docs on constraints: I makes one bond, so both orders come out single-bonded.
    expect(decode('[C][=I]')).toBe('CI');
    expect(decode('[I][=C]')).toBe('IC');
  });

  // SMILES and the SELFIES selfies 2.x made of them (ClinTox, BBBP and Lipophilicity columns on Hugging Face).
  const published: [string, string][] = [
    ['CC(C)C[C@H](NC(=O)CNC(=O)c1cc(Cl)ccc1Cl)B(O)O', '[C][C][Branch1][C][C][C][C@H1][Branch2][Ring1][Branch2][N][C][=Branch1][C][=O][C][N][C][=Branch1][C][=O][C][=C][C][Branch1][C][Cl][=C][C][=C][Ring1][#Branch1][Cl][B][Branch1][C][O][O]'],
    ['O=C(NCC(O)CO)c1c(I)c(C(=O)NCC(O)CO)c(I)c(N(CCO)C(=O)CO)c1I', '[O][=C][Branch1][=Branch2][N][C][C][Branch1][C][O][C][O][C][=C][Branch1][C][I][C][Branch1][=N][C][=Branch1][C][=O][N][C][C][Branch1][C][O][C][O][=C][Branch1][C][I][C][Branch1][=N][N][Branch1][Ring2][C][C][O][C][=Branch1][C][=O][C][O][=C][Ring2][Ring1][Branch2][I]'],
    ['Clc1cc(Cl)c(OCC#CI)cc1Cl', '[Cl][C][=C][C][Branch1][C][Cl][=C][Branch1][=Branch1][O][C][C][#C][I][C][=C][Ring1][N][Cl]'],
    ['N#Cc1cc(NC(=O)C(=O)[O-])c(Cl)c(NC(=O)C(=O)[O-])c1', '[N][#C][C][=C][C][Branch1][O][N][C][=Branch1][C][=O][C][=Branch1][C][=O][O-1][=C][Branch1][C][Cl][C][Branch1][O][N][C][=Branch1][C][=O][C][=Branch1][C][=O][O-1][=C][Ring2][Ring1][Ring1]'],
    ['NS(=O)(=O)c1cc(Cl)c(Cl)c(S(N)(=O)=O)c1', '[N][S][=Branch1][C][=O][=Branch1][C][=O][C][=C][C][Branch1][C][Cl][=C][Branch1][C][Cl][C][Branch1][=Branch2][S][Branch1][C][N][=Branch1][C][=O][=O][=C][Ring1][N]'],
    ['NC(N)=[NH+]C(=O)Cc1c(Cl)cccc1Cl', '[N][C][Branch1][C][N][=NH1+1][C][=Branch1][C][=O][C][C][=C][Branch1][C][Cl][C][=C][C][=C][Ring1][#Branch1][Cl]'],
    ['O=C(OCC(Cl)(Cl)Cl)OCC(Cl)(Cl)Cl', '[O][=C][Branch1][O][O][C][C][Branch1][C][Cl][Branch1][C][Cl][Cl][O][C][C][Branch1][C][Cl][Branch1][C][Cl][Cl]'],
    ['C/C=C/C(=O)N(CC)C(CC)C(=O)N(C)C', '[C][/C][=C][/C][=Branch1][C][=O][N][Branch1][Ring1][C][C][C][Branch1][Ring1][C][C][C][=Branch1][C][=O][N][Branch1][C][C][C]'],
    ['CC(C)(CO)[C@@H](O)C(=O)NCCCC(=O)O', '[C][C][Branch1][C][C][Branch1][Ring1][C][O][C@@H1][Branch1][C][O][C][=Branch1][C][=O][N][C][C][C][C][=Branch1][C][=O][O]'],
    ['Cc1c(Sc2ccc(Cl)cc2)c2c(Cl)cccc2n1CC(=O)O', '[C][C][=C][Branch1][=N][S][C][=C][C][=C][Branch1][C][Cl][C][=C][Ring1][#Branch1][C][=C][Branch1][C][Cl][C][=C][C][=C][Ring1][#Branch1][N][Ring2][Ring1][C][C][C][=Branch1][C][=O][O]'],
    ['Cc1ccc2c(c1)c(Sc1ccc(S(C)(=O)=O)cc1)c(C)n2CC(=O)O', '[C][C][=C][C][=C][C][=Branch1][Ring2][=C][Ring1][=Branch1][C][Branch2][Ring1][Ring2][S][C][=C][C][=C][Branch1][=Branch2][S][Branch1][C][C][=Branch1][C][=O][=O][C][=C][Ring1][#Branch2][=C][Branch1][C][C][N][Ring2][Ring1][C][C][C][=Branch1][C][=O][O]'],
  ];
  it.each(published)('%s', (smiles, selfies) => {
    expect(canon(decode(selfies))).toBe(canon(smiles));
  });
});

describe('decode: grammar rules, derived by hand', () => {
  it('branches: Q + 1 tokens off the current atom, bond order limited to state - 1', () => {
    expect(decode('[C][Branch1][C][F][O]')).toBe('C(F)O');
    expect(decode('[N][C@@H1][Branch1][C][C][C][=Branch1][C][=O][O]')).toBe('N[C@@H](C)C(=O)O'); // L-alanine
    // [=C] leaves state 2, so [=Branch1] starts at min(2 - 1, 2) = 1: the branch's [=O] becomes single.
    expect(decode('[O][=C][=Branch1][C][=O][C]')).toBe('O=C(O)C');
    // A branch at state 1 is ignored and its "index" [C] is read as an atom.
    expect(decode('[C][=N][Branch1][C][F][C]')).toBe('C=NCF');
    // The branch holds Q + 1 = 2 tokens; [F] ends it, and the [C] after it is swallowed with it.
    expect(decode('[C][Branch1][Ring1][F][C][O]')).toBe('C(F)O');
    expect(decode('[C][Branch2][Ring1][C]' + '[C]'.repeat(17) + '[O]')).toBe(`C(${'C'.repeat(17)})O`); // Q = 16
  });

  it('clips bond orders to the bonding capacity', () => {
    expect(decode('[F][=C][=C][#N]')).toBe('FC=C=N'); // F: 1 bond; =C then has 3 left; #N gets 2
    expect(decode('[C][#O]')).toBe('C=O');
    expect(decode('[O][=O][C]')).toBe('O=O'); // O is full, the chain ends
    expect(decode('[C][F][C]')).toBe('CF');
    expect(decode('[NH3+1][C][C][=Branch1][C][=O][O-1]')).toBe('[NH3+]CC(=O)[O-]');
    expect(decode('[C][CH4]')).toBe('C'); // capacity 0: dropped, chain ends
    expect(decode('[CH4]')).toBe('[CH4]');
  });

  it('ring bonds: order, clipping at either end, duplicates and self-rings', () => {
    expect(decode('[C][C][C][Ring1][Ring1]')).toBe('C1CC1');
    expect(decode('[C][C][C][=Ring1][Ring1]')).toBe('C=1CC=1');
    expect(decode('[C][C][C][#Ring1][Ring1]')).toBe('C#1CC#1'); // capacities allow it; chemistry aside
    expect(decode('[O][C][C][=Ring1][Ring1]')).toBe('O1CC1'); // O has one bond left: single
    expect(decode('[F][C][C][Ring1][Ring1]')).toBe('FCC'); // F is full: ring dropped
    expect(decode('[C][C][Ring1][C]')).toBe('C=C'); // ring to the bonded neighbour raises the order
    expect(decode('[C][Ring1][C]')).toBe('C'); // ring to itself: dropped ([C] was its index)
    expect(decode('[C][C][C][Ring1][Ring1][C][C][C][Ring1][Ring1]')).toBe('C1CC1C1CC1'); // labels reused
    expect(decode('[C][C][C][C][C][C][/C][=C][-/Ring1][Branch2]')).toBe('C1CCCCC/C=C/1');
    expect(decode('[C].[C][Ring1][C]')).toBe('C1.C1'); // a ring may reach into an earlier fragment
  });

  it('skips [nop] everywhere, index positions included', () => {
    expect(decode('[nop]')).toBe('');
    expect(decode('[nop][nop][nop]')).toBe('');
    expect(decode('')).toBe('');
    expect(decode('[C][nop][Branch1][nop][C][F][nop][O][nop]')).toBe('C(F)O');
  });

  it('decodes nonsense without throwing', () => {
    expect(decode('[C][Ring1][C][Branch3]')).toBe('C');
    expect(decode('[Branch1][Ring2][=Ring1][C]')).toBe('C'); // nothing happens at state 0
    expect(decode('[C][C][Ring3]')).toBe('C=C'); // missing index tokens count 0
    expect(decode('[Ring1][#Branch2]')).toBe('');
    expect(decode('[C][epsilon][C]')).toBe('C');
    expect(decode('[epsilon][C]')).toBe('C');
    expect(decode('[C][C].[O]')).toBe('CC.O');
    expect(decode('[C][Branch1][Xx][F]')).toBe('CF'); // an unknown token read as an index digit counts 0
  });

  it('throws SelfiesDecodeError for unknown tokens it has to interpret', () => {
    expect(() => decode('[C][Xx]')).toThrow(SelfiesDecodeError);
    expect(() => decode('[C][CH5]')).toThrow(/invalid SELFIES token \[CH5\]/);
  });

  it('keeps charges, isotopes and stereo marks', () => {
    expect(decode('[C][/C][=C][/C]')).toBe('C/C=C/C');
    expect(decode('[C][\\C][=C][/C]')).toBe('C\\C=C/C');
    expect(decode('[2H][C][2H]')).toBe('[2H]C[2H]');
    expect(decode('[C][C@H1][Branch1][C][F][Cl]')).toBe('C[C@H](F)Cl');
    expect(decode('[O-1][N+1][=Branch1][C][=O][C]')).toBe('[O-][N+](=O)C');
    expect(decode('[C][CH0][C]')).toBe('C[C]C');
  });

  it('uses DEFAULT_CONSTRAINTS unless told otherwise', () => {
    const s = '[C+1][Branch1][C][C][Branch1][C][C][Branch1][C][C][C]';
    expect(decode(s)).toBe('[C+](C)(C)CCC'); // C+1: 3 bonds, the third branch is ignored
    expect(decode(s, { constraints: DEFAULT_CONSTRAINTS })).toBe('[C+](C)(C)CCC');
    const pkg = decode(s, { constraints: SELFIES_PACKAGE_CONSTRAINTS });
    expect(pkg).toBe('[C+](C)(C)(C)C'); // the package's C+1: 5
    expect(canon(pkg)).toBeNull(); // ... which RDKit rejects
  });
});
