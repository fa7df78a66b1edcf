// The drug-like domain's property predictors: one entry per model (its card names the features it was trained on).
import type { PredictorSpec } from '../../contract/domain';

export const PREDICTORS: readonly PredictorSpec[] = [{ model: 'sa-mlp', featuriser: 'morgan+rdkit-descriptors', properties: ['sa'] }];
