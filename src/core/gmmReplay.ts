// The parameters of every EM iteration of the best restart, kept for the view's replay of a fit.

import { covarianceSize, type CovarianceType, type GaussianMixtureModel } from './gmmModel';

/** Maximum numbers kept by recordParameters (16 MB of doubles). */
export const REPLAY_LIMIT = 2e6;

/** Parameters of every EM iteration of the best restart: frame 0 is the initialisation, frame t after iteration t. */
export interface GaussianMixtureReplay {
  nFrames: number;
  /** (nFrames × k) */
  weights: Float64Array;
  /** (nFrames × k × d) */
  means: Float64Array;
  /** (nFrames × covariance size of the type), sklearn's shape per frame */
  covariances: Float64Array;
  /** (nFrames) lower bound reached at each frame; frame 0 is NaN (no E-step yet) */
  lowerBounds: Float64Array;
}

export function createReplay(nFrames: number, k: number, d: number, covarianceType: CovarianceType): GaussianMixtureReplay {
  return {
    nFrames, weights: new Float64Array(nFrames * k), means: new Float64Array(nFrames * k * d),
    covariances: new Float64Array(nFrames * covarianceSize(covarianceType, k, d)), lowerBounds: new Float64Array(nFrames),
  };
}

export function recordFrame(replay: GaussianMixtureReplay, frame: number, model: GaussianMixtureModel, lowerBound: number): void {
  replay.weights.set(model.weights, frame * model.weights.length);
  replay.means.set(model.means, frame * model.means.length);
  replay.covariances.set(model.covariances, frame * model.covariances.length);
  replay.lowerBounds[frame] = lowerBound;
}

export function trimReplay(replay: GaussianMixtureReplay, nFrames: number): GaussianMixtureReplay {
  const per = (a: Float64Array): number => a.length / replay.nFrames;
  return {
    nFrames,
    weights: replay.weights.slice(0, nFrames * per(replay.weights)),
    means: replay.means.slice(0, nFrames * per(replay.means)),
    covariances: replay.covariances.slice(0, nFrames * per(replay.covariances)),
    lowerBounds: replay.lowerBounds.slice(0, nFrames),
  };
}
