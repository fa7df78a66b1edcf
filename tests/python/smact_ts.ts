// Reads a JSON list of compositions (one element symbol per site) on stdin and prints the app's SMACT verdicts,
// so the Python port in models/crystal/check.py can be compared with src/domain/crystal/smact.ts.
import { readFileSync } from 'node:fs';
import { smactValid } from '../../src/domain/crystal/smact';

const comps: string[][] = JSON.parse(readFileSync(0, 'utf8'));
console.log(JSON.stringify(comps.map((c) => smactValid(c))));
