// The model card: the contract between a trained model and the app (static/models/<id>.json).
// Pure types and checks; no runtime imports, so the UI can read cards too.

export type Dim = number | string; // a string names a free axis such as "batch"

export interface TensorSpec {
  name: string;
  dtype: 'float32' | 'int64' | 'int32' | 'uint8' | 'bool';
  shape: Dim[];
  what?: string;
}

export interface ModelCard {
  id: string;
  name: string;
  family: string;
  domain: string;
  file: string;
  bytes: number;
  sha256: string;
  opset: number;
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  params: number;
  flops_per_sample: number;
  metrics: Record<string, unknown>;
  training: { command: string; seconds?: number; [k: string]: unknown };
  data: Record<string, unknown>;
  [k: string]: unknown;
}

/** A plain tensor that crosses worker boundaries (typed array + dims). */
export interface TensorData {
  dtype: TensorSpec['dtype'];
  data: Float32Array | Int32Array | BigInt64Array | Uint8Array;
  dims: number[];
}

export class ModelInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelInputError';
  }
}

const fmt = (shape: readonly Dim[]) => `[${shape.join(', ')}]`;

/** Check feeds against the card's inputs; the message names the input, expected and actual. */
export function checkFeeds(card: ModelCard, feeds: Record<string, TensorData>): void {
  for (const spec of card.inputs) {
    const t = feeds[spec.name];
    if (!t) throw new ModelInputError(`${card.id}: missing input "${spec.name}" (expected ${spec.dtype} ${fmt(spec.shape)})`);
    if (t.dtype !== spec.dtype)
      throw new ModelInputError(`${card.id}: input "${spec.name}" has dtype ${t.dtype}, expected ${spec.dtype}`);
    const rankOk = t.dims.length === spec.shape.length;
    const dimsOk = rankOk && spec.shape.every((d, i) => typeof d === 'string' || d === t.dims[i]);
    if (!dimsOk)
      throw new ModelInputError(`${card.id}: input "${spec.name}" has shape ${fmt(t.dims)}, expected ${fmt(spec.shape)}`);
    const size = t.dims.reduce((a, b) => a * b, 1);
    if (t.data.length !== size)
      throw new ModelInputError(`${card.id}: input "${spec.name}" holds ${t.data.length} values but its shape ${fmt(t.dims)} needs ${size}`);
  }
  for (const name of Object.keys(feeds))
    if (!card.inputs.some((s) => s.name === name))
      throw new ModelInputError(`${card.id}: unexpected input "${name}" (the card lists ${card.inputs.map((s) => `"${s.name}"`).join(', ')})`);
}

/** Check a loaded session's input/output names against the card, so a stale card fails loudly at load. */
export function checkSessionNames(card: ModelCard, inputNames: readonly string[], outputNames: readonly string[]): void {
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));
  const cardIn = card.inputs.map((s) => s.name);
  const cardOut = card.outputs.map((s) => s.name);
  if (!same(cardIn, inputNames))
    throw new ModelInputError(`${card.id}: the ONNX model's inputs are [${inputNames.join(', ')}] but its card says [${cardIn.join(', ')}]`);
  if (!same(cardOut, outputNames))
    throw new ModelInputError(`${card.id}: the ONNX model's outputs are [${outputNames.join(', ')}] but its card says [${cardOut.join(', ')}]`);
}
