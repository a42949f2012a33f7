// What a "Find best model" job is sent (modelSearchJob.ts runs it; messages.ts carries it).
import type { MixtureModelName } from '../core/mixtureModels/covarianceModels';

/** What a search needs: the rows (complete: no missing cell), how to scale them, the models and the largest k. */
export interface ModelSearchRequest {
  /** (nSamples × nFeatures) row-major, no NaN; transferred to a worker */
  data: Float64Array;
  nSamples: number;
  nFeatures: number;
  standardize: boolean;
  models: MixtureModelName[];
  kMax: number;
  seed: number;
  regCovar: number;
}
