// The crystal domain as a materials scientist meets it: switch the panel to perovskites, ask for a band-gap
// window, see structures in their unit cells, export a CIF that Debian's pymatgen reads back to the same
// structure; structure prediction from a formula (SrTiO3); import a pymatgen prototype CIF and see it scored.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from './fixtures';
import { openStudio } from './helpers';

interface Row {
  kind: string;
  repr: string;
  name?: string;
  error?: string;
  tags?: Record<string, string>;
  props: Record<string, number | null>;
  runId: string;
  index: number;
  predicted?: Record<string, { mean: number; std: number }>;
}

async function rows(page: import('@playwright/test').Page): Promise<Row[]> {
  return page.evaluate(() => (window as unknown as { lodestone: { projects: { candidates: Row[] } } }).lodestone.projects.candidates);
}

async function toPerovskites(page: import('@playwright/test').Page) {
  await page.getByTestId('domain').selectOption('crystal-perov5');
  await expect(page.getByTestId('formula')).toBeVisible();
}

test('perovskites with a band-gap window: generated, drawn in their cells, exported as a CIF pymatgen reads back', async ({ page }) => {
  await openStudio(page);
  await toPerovskites(page);
  // the first example is a direct-gap window; ask for a small run so the test stays quick
  await expect(page.getByTestId('example-why')).toContainText('gap');
  await page.getByTestId('count').fill('200');
  await page.getByTestId('generate').click();
  await expect(page.getByTestId('result-row').first()).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('cancel-generate')).toHaveCount(0, { timeout: 90_000 });
  const got = await rows(page);
  expect(got.length).toBeGreaterThan(20);
  for (const c of got.slice(0, 20)) {
    expect(c.kind).toBe('crystal');
    expect(c.tags?.formula).toMatch(/^[A-Z]/);
    expect(c.repr).toContain('_cell_length_a');
    expect(c.predicted?.dir_gap?.std).toBeGreaterThanOrEqual(0);
  }
  await expect(page.getByTestId('sort-formula')).toBeVisible();

  // the unit cell in 3D, with its parameters, and the 2×2×2 toggle
  await page.getByTestId('result-row').first().click();
  await expect(page.getByTestId('cell-params')).toContainText('Å');
  await expect(page.getByTestId('detail-formula')).not.toBeEmpty();

  const download = page.waitForEvent('download');
  await page.getByTestId('export-cif').click();
  const file = (await (await download).path())!;
  const cif = fs.readFileSync(file, 'utf8');
  expect(cif.match(/^data_/gm)?.length).toBe(got.length);
  // pymatgen reads every block back to the structure the studio holds (matched, not just parsed)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestone-cif-'));
  fs.writeFileSync(path.join(dir, 'export.cif'), cif);
  fs.writeFileSync(path.join(dir, 'first.cif'), got[0].repr);
  const py = `
import sys, warnings
warnings.simplefilter("ignore")
from pymatgen.io.cif import CifParser
from pymatgen.analysis.structure_matcher import StructureMatcher
all_ = CifParser(sys.argv[1]).get_structures(primitive=False)
first = CifParser(sys.argv[2]).get_structures(primitive=False)[0]
# no two of them are the same structure by pymatgen's own matcher (duplicates are dropped within and across workers)
print(len(all_), StructureMatcher().fit(all_[0], first), abs(all_[0].volume - first.volume) < 1e-3, len(StructureMatcher().group_structures(all_)))
`;
  const out = execFileSync('/usr/bin/python3', ['-c', py, path.join(dir, 'export.cif'), path.join(dir, 'first.cif')], { encoding: 'utf8' }).trim();
  expect(out).toBe(`${got.length} True True ${got.length}`);
});

test('"from a formula": SrTiO3 gives structures of SrTiO3, a typo gives a clear problem', async ({ page }) => {
  await openStudio(page);
  await toPerovskites(page);
  await page.getByTestId('formula').fill('SrTiO');
  await page.getByTestId('formula').fill('Xx2O3');
  await expect(page.getByTestId('problem-formula')).toContainText('Xx');
  await expect(page.getByTestId('generate')).toBeDisabled();
  await page.getByTestId('formula').fill('SrTiO3');
  await expect(page.getByTestId('problem-formula')).toHaveCount(0);
  await page.getByTestId('count').fill('100');
  await page.getByTestId('generate').click();
  // the summary is written when the run has ended
  await expect(page.getByTestId('gen-summary')).toContainText('structures of SrTiO3', { timeout: 90_000 });
  const got = await rows(page);
  expect(got.length).toBeGreaterThan(0);
  expect(new Set(got.map((c) => c.tags?.formula))).toEqual(new Set(['SrTiO3']));
  // ranked by predicted energy: the table sorts by ΔH, most stable first
  await expect(page.getByRole('columnheader').filter({ hasText: 'ΔH' })).toHaveAttribute('aria-sort', 'ascending');
  const key = (await page.getByTestId('result-row').first().getAttribute('data-key'))!;
  const first = got.find((c) => `${c.runId}:${c.index}` === key)!;
  expect(first.predicted!.heat_ref!.mean).toBe(Math.min(...got.map((c) => c.predicted!.heat_ref!.mean)));
});

test('pymatgen prototype CIFs are scored; a broken one is named, not fatal', async ({ page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestone-proto-'));
  // two of the AFLOW prototypes Debian's pymatgen ships: the cubic perovskite (cP5) and the orthorhombic one
  // (oP20, GdFeO3-type CaTiO3), written by pymatgen's CifWriter with their symmetry operations (not P1)
  execFileSync('/usr/bin/python3', ['-c', `
import warnings, sys; warnings.simplefilter("ignore")
from monty.serialization import loadfn
from pymatgen.io.cif import CifWriter
import pymatgen.analysis.prototypes as a, os
protos = loadfn(os.path.join(os.path.dirname(a.__file__), "aflow_prototypes.json"))
for p in protos:
    t = p["tags"]["aflow"]
    if t in ("AB3C_cP5_221_a_c_b", "AB3C_oP20_62_c_cd_a"):
        CifWriter(p["snl"].structure, symprec=0.01).write_file(os.path.join(sys.argv[1], t + ".cif"))
`, dir]);
  await openStudio(page);
  await toPerovskites(page);
  await page.getByTestId('tab-score').click();
  await page.getByTestId('import-crystals').setInputFiles(path.join(dir, 'AB3C_cP5_221_a_c_b.cif'));
  await expect(page.getByTestId('score-summary')).toContainText('1 crystal scored');
  let got = await rows(page);
  expect(got).toHaveLength(1);
  expect(got[0].tags).toEqual({ formula: 'CaTiO3', symbol: 'Pm-3m' });
  expect(got[0].props.spacegroup).toBe(221);
  expect(got[0].predicted?.heat_ref?.mean).toEqual(expect.any(Number));
  await page.getByTestId('result-row').first().click();
  await expect(page.getByTestId('cell-params')).toContainText('5 atoms');

  await page.getByTestId('import-crystals').setInputFiles(path.join(dir, 'AB3C_oP20_62_c_cd_a.cif'));
  // the summary reads '1 crystal scored' for the first file too: wait for the new row
  await expect.poll(async () => (await rows(page))[0]?.tags?.symbol, { timeout: 60_000 }).toBe('Pnma');
  got = await rows(page);
  expect(got[0].tags).toEqual({ formula: 'CaTiO3', symbol: 'Pnma' });
  expect(got[0].props.spacegroup).toBe(62);

  const junk = path.join(dir, 'junk.cif');
  fs.writeFileSync(junk, 'data_broken\n_cell_length_a 4\n_cell_length_b 4\n_cell_length_c NaN\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\nloop_\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nSr 0 0 0\n');
  await page.getByTestId('import-crystals').setInputFiles(junk);
  await expect(page.getByTestId('score-error')).toContainText('No crystal could be read');
  await expect(page.getByTestId('import-problems')).toContainText('_cell_length_c');
});
