// The zip writer against the format's published check value and Debian's unzip (python3's zipfile reads what
// every unzip tool reads).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crc32, zipStore } from '../../../src/domain/io/zip';

describe('zip', () => {
  it('computes CRC-32 as the format defines it', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
  });

  it('writes an archive python\'s zipfile reads back file by file', () => {
    const enc = new TextEncoder();
    const files = [{ name: 'SrTiO3_1.vasp', bytes: enc.encode('SrTiO3\n1.0\n') }, { name: 'Ünïcode name.vasp', bytes: enc.encode('x'.repeat(5000)) }, { name: 'empty', bytes: new Uint8Array() }];
    const path = join(mkdtempSync(join(tmpdir(), 'zip-')), 'out.zip');
    writeFileSync(path, zipStore(files, new Date(2026, 11, 7, 14, 35, 42)));
    const out = execFileSync('/usr/bin/python3', ['-c', 'import sys, zipfile, json; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(json.dumps([[i.filename, len(z.read(i)), list(i.date_time)] for i in z.infolist()]))', path], { encoding: 'utf8' });
    // the export's time, local, to the 2 s the format keeps (a zeroed date reads 1980-00-00 in unzip tools)
    expect(JSON.parse(out)).toEqual(files.map((f) => [f.name, f.bytes.length, [2026, 12, 7, 14, 35, 42]]));
  });
});
