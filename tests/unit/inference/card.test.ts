import { describe, expect, it } from 'vitest';
import { checkFeeds, checkSessionNames, ModelInputError, type ModelCard } from '../../../src/contract/card';

const card = {
  id: 'toy',
  inputs: [{ name: 'features', dtype: 'float32', shape: ['batch', 4] }],
  outputs: [{ name: 'mean', dtype: 'float32', shape: ['batch'] }],
} as unknown as ModelCard;

const f32 = (n: number) => new Float32Array(n);

describe('checkFeeds', () => {
  it('accepts a batch of the declared width', () => {
    expect(() => checkFeeds(card, { features: { dtype: 'float32', data: f32(12), dims: [3, 4] } })).not.toThrow();
  });
  it('names the input, expected and actual shape', () => {
    expect(() => checkFeeds(card, { features: { dtype: 'float32', data: f32(15), dims: [3, 5] } })).toThrow(
      'toy: input "features" has shape [3, 5], expected [batch, 4]',
    );
  });
  it('names a wrong dtype', () => {
    expect(() => checkFeeds(card, { features: { dtype: 'int32', data: new Int32Array(4), dims: [1, 4] } })).toThrow(
      'input "features" has dtype int32, expected float32',
    );
  });
  it('reports missing, unexpected and inconsistent inputs', () => {
    expect(() => checkFeeds(card, {})).toThrow('missing input "features" (expected float32 [batch, 4])');
    expect(() =>
      checkFeeds(card, { features: { dtype: 'float32', data: f32(4), dims: [1, 4] }, extra: { dtype: 'float32', data: f32(1), dims: [1] } }),
    ).toThrow('unexpected input "extra"');
    expect(() => checkFeeds(card, { features: { dtype: 'float32', data: f32(7), dims: [2, 4] } })).toThrow('holds 7 values');
    expect(() => checkFeeds(card, {})).toThrow(ModelInputError);
  });
});

describe('checkSessionNames', () => {
  it('fails when the ONNX file and its card disagree', () => {
    expect(() => checkSessionNames(card, ['features'], ['mean'])).not.toThrow();
    expect(() => checkSessionNames(card, ['x'], ['mean'])).toThrow("toy: the ONNX model's inputs are [x] but its card says [features]");
    expect(() => checkSessionNames(card, ['features'], ['mean', 'std'])).toThrow('outputs are [mean, std]');
  });
});
