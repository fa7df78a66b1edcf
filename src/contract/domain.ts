// What a domain (drug-like molecules, perovskites, …) declares about itself, once. Everything generic in the
// studio — targets, objectives, table and export columns, conditions, plots — is derived from this, so a new
// domain is a folder under src/domains/ and a registry line, not edits across the app. Types and pure
// functions only: every layer may import this file.
import type { GeneratorMeta } from './generator';

export type ItemKind = 'molecule' | 'crystal';

/** The direction in which a property is usually wanted; the first objective sense offered for it. */
export type Direction = 'max' | 'min' | 'none';

export interface PropertySpec {
  key: string;
  /** Short label for headers and axes, e.g. "logP". */
  label: string;
  /** One sentence a chemist understands, shown as a tooltip. */
  title: string;
  unit?: string;
  /** Decimals shown. */
  digits: number;
  /** The range the models know (the training data's), for inputs, sliders and plot axes. */
  range: readonly [number, number];
  /** 'exact': computed by a reference method (RDKit.js, pymatgen…); 'predicted': by a model, with a σ. */
  source: 'exact' | 'predicted';
  direction: Direction;
  /** The generator can be conditioned on it (a target box), with this box offered first. */
  target?: { min: number; max: number };
  /** Integer counts (HBD, atoms per cell) are filtered and shown as such. */
  integer?: boolean;
  /** false: no table column of its own (a label column shows it already); 'more': a column shown only when the
   * user asks for more columns (so the table's main columns fit a laptop screen). Either way still in the detail
   * card, plots and exports. */
  column?: boolean | 'more';
}

export interface FormatSpec {
  id: string;
  label: string;
  extensions: readonly string[];
  import: boolean;
  export: boolean;
}

/** A predictor as a registry entry: a featuriser in, properties out, each with a mean and a σ. */
export interface PredictorSpec {
  /** The model id (static/models/<id>.onnx and its card). */
  model: string;
  /** The featuriser the model was trained on (named in the card's "features"). */
  featuriser: string;
  /** Property keys it predicts, in the order of its outputs. */
  properties: readonly string[];
}

export interface DomainSpec {
  id: string;
  kind: ItemKind;
  label: string;
  /** What the user reads under the domain's name: the data and what it is for. */
  blurb: string;
  /** How an item is written: 'smiles' for molecules, 'cif' for crystals. */
  representation: 'smiles' | 'cif';
  /** How two items are judged the same. */
  identity: 'canonical-smiles' | 'structure-matcher';
  properties: readonly PropertySpec[];
  predictors: readonly PredictorSpec[];
  generators: readonly GeneratorMeta[];
  formats: readonly FormatSpec[];
  /** Training-set histograms and a sample of property vectors (static/models/<stats>). */
  stats?: string;
  /** Text facts of an item shown as table columns after its identity (Candidate.tags), e.g. formula and space group. */
  labels?: readonly { key: string; label: string; title: string }[];
  /** Curated design targets for a first visit, each with one line on why someone would want it; the first is the panel's start. */
  examples: readonly DesignExample[];
}

export interface DesignExample {
  label: string;
  why: string;
  targets: readonly { key: string; min: number; max: number }[];
}

/** A candidate's value for a property: exact ones from props, predicted ones as their mean. */
export function valueOf(
  item: { props?: Readonly<Record<string, number | null>>; predicted?: Readonly<Record<string, { mean: number; std: number }>> },
  p: Pick<PropertySpec, 'key' | 'source'>,
): number | null {
  const v = p.source === 'predicted' ? item.predicted?.[p.key]?.mean : item.props?.[p.key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Every property value of a candidate, predicted ones as their mean: what objectives, plots and hit rates read. */
export function valuesOf(
  domain: Pick<DomainSpec, 'properties'>,
  item: Parameters<typeof valueOf>[0],
): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const p of domain.properties) out[p.key] = valueOf(item, p);
  return out;
}

/** The properties a generator can be asked to hit (target boxes). */
export const targetProperties = (d: Pick<DomainSpec, 'properties'>): PropertySpec[] => d.properties.filter((p) => p.target);

/** The properties offered as objectives: those with a natural direction and those a target can be set on. */
export const objectiveProperties = (d: Pick<DomainSpec, 'properties'>): PropertySpec[] => d.properties.filter((p) => p.direction !== 'none' || p.target);

export function propertyOf(d: Pick<DomainSpec, 'properties' | 'id'>, key: string): PropertySpec {
  const p = d.properties.find((x) => x.key === key);
  if (!p) throw new RangeError(`domain ${d.id} has no property "${key}" (it has ${d.properties.map((x) => x.key).join(', ')})`);
  return p;
}

/** A label with its unit, e.g. "MW (g/mol)". */
export const labelWithUnit = (p: Pick<PropertySpec, 'label' | 'unit'>): string => (p.unit ? `${p.label} (${p.unit})` : p.label);
