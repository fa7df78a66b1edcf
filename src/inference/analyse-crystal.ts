// Score a user's crystals: a CIF (every data block; P1 or with symmetry operations) or a POSCAR → the structure,
// CDVAE's structural validity, SMACT charge neutrality, density, the space group, and the domain's predictor
// ensemble with its σ. A block that cannot be read comes back as an error naming the block and the problem;
// it never stops the others.
import type { ModelCard } from '../contract/card';
import type { Prediction } from '../contract/generator';
import { readCifEach, writeCif } from '../domain/crystal/cif';
import { readPoscar } from '../domain/crystal/poscar';
import { density, reducedFormula } from '../domain/crystal/composition';
import { smactValid } from '../domain/crystal/smact';
import { structuralValidity } from '../domain/crystal/validity';
import { analyzeSymmetry, compactSymbol, DISPLAY_SYMPREC, type SymmetryInfo } from '../domain/crystal/symmetry';
import type { MoyoApi } from '../domain/crystal/moyo';
import type { Structure } from '../domain/crystal/structure';
import type { OnnxEngine } from './onnx';
import { predictCrystals, unpredictable } from './predictors/crystal';

/** What a crystal candidate's table shows computed exactly (a domain lists the ones it shows among its properties). */
export function exactCrystalProps(s: Structure, sym: SymmetryInfo | null): Record<string, number | null> {
  return { density: density(s), n_atoms: s.species.length, spacegroup: sym?.number ?? null, neutral: smactValid(s.species) ? 1 : 0 };
}

/** Cells larger than this are scored for their exact properties only: the predictor learnt from far smaller ones. */
export const PREDICT_MAX_SITES = 40;

export type CrystalAnalysed =
  | { ok: true; line: number; input: string; name: string; repr: string; props: Record<string, number | null>; predicted: Record<string, Prediction>; tags: Record<string, string>; note?: string }
  | { ok: false; line: number; input: string; name: string; error: string };

/** The structures in a file: CIF blocks in order, or the one structure of a POSCAR. */
export function readCrystals(fileName: string, text: string): ({ name: string; structure: Structure } | { name: string; error: string })[] {
  const lower = fileName.toLowerCase();
  const looksCif = lower.endsWith('.cif') || /^\s*(#.*\n\s*)*data_/i.test(text) || /\n\s*data_/i.test(text.slice(0, 20000));
  if (looksCif) return readCifEach(text);
  const base = fileName.replace(/^.*[\\/]/, '') || 'POSCAR';
  try {
    return [{ name: base, structure: readPoscar(text) }];
  } catch (e) {
    throw new Error(`${base} is neither a CIF (no data_ block) nor a POSCAR: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export async function analyseCrystals(
  engine: OnnxEngine,
  predictor: { card: ModelCard; properties: readonly string[] },
  moyo: MoyoApi | null,
  fileName: string,
  text: string,
): Promise<CrystalAnalysed[]> {
  const read = readCrystals(fileName, text);
  const ok: { i: number; s: Structure }[] = [];
  read.forEach((r, i) => {
    if ('structure' in r) ok.push({ i, s: r.structure });
  });
  const scorable = ok.filter(({ s }) => unpredictable(predictor.card, s, PREDICT_MAX_SITES) === null);
  const { predictions } = await predictCrystals(engine, predictor.card, predictor.properties, scorable.map((x) => x.s), PREDICT_MAX_SITES);
  const predictedOf = new Map(scorable.map(({ i }, k) => [i, predictions[k]]));
  return read.map((r, i): CrystalAnalysed => {
    const line = i + 1;
    if (!('structure' in r)) return { ok: false, line, input: fileName, name: r.name, error: r.error };
    const s = r.structure;
    const sym = moyo ? analyzeSymmetry(moyo, s, DISPLAY_SYMPREC) : null;
    const valid = structuralValidity(s);
    const formula = reducedFormula(s.species);
    const why = unpredictable(predictor.card, s, PREDICT_MAX_SITES);
    const notes = [
      valid.valid ? '' : `not a valid structure by CDVAE's rule (closest atoms ${valid.minDistance.toFixed(2)} Å apart, volume ${valid.volume.toFixed(1)} Å³)`,
      why ? `no prediction: ${why}` : '',
    ].filter(Boolean);
    return {
      ok: true,
      line,
      input: fileName,
      name: r.name,
      repr: writeCif(s, r.name),
      props: exactCrystalProps(s, sym),
      predicted: predictedOf.get(i) ?? {},
      tags: { formula, ...(sym ? { symbol: compactSymbol(sym.symbol) } : {}) },
      ...(notes.length ? { note: notes.join('; ') } : {}),
    };
  });
}
