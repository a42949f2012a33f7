// What a fit is asked (FitSettings, FitRequest) and what it answers (FitResult): the vocabulary of
// runClusterFit (clusterFit.ts), the comparisons (modelComparison.ts), the workers and the CLI.

import type { Algorithm } from './algorithm';
import type { DensityInfo, DensitySettings } from './densityFit';
import type { DensityModel } from './densityModel';
import type { GmmInit } from './gmm';
import type { CovarianceType } from './gmmModel';
import type { RestartSummary } from './restartSummary';
import type { MixtureModelName } from './mixtureModels/covarianceModels';
import type { SearchStart } from './mixtureModels/searchStartFit';
/** The data and the settings a fit and a comparison of fits share. */
export interface FitSettings {
  algorithm: Algorithm;
  nInit: number;
  maxIter: number;
  tol: number;
  regCovar: number;
  seed: number;
  standardize: boolean;
  /**
   * Mixtures with several starts: compare the starts on a sample of the rows when the data is
   * large, then run the best on all rows (screenedRestarts.ts, the product's policy); absent or
   * false: every start on all rows, as scikit-learn's n_init.
   */
  screenRestarts?: boolean;
  /** The columns' names, for messages that name a column; absent: "column 1", "column 2"… */
  columnNames?: readonly string[];
  /** (nSamples × nFeatures) row-major; transferred to a worker, so the caller gives up its copy */
  data: Float64Array;
  nSamples: number;
  nFeatures: number;
}

/** nComponents is spectral's k; DBSCAN and HDBSCAN find theirs (DensitySettings: their own settings). */
export interface FitRequest extends FitSettings, DensitySettings {
  nComponents: number;
  covarianceType: CovarianceType;
  /** GMM initialisation (scikit-learn's `init_params`); 'kmeans' when absent. */
  init?: GmmInit;
  /** One of mclust's models (mixtureModels/covarianceModels.ts); needs covarianceType 'full', whose shape its covariances take. */
  model?: MixtureModelName;
  /** A mixture fitted as "Find best model" fitted this (model, k) (mixtureModels/searchStartFit.ts), not from nInit starts. */
  searchStart?: SearchStart;
}

export interface FitReplay {
  nFrames: number;
  /** (nFrames × k) */
  weights: Float64Array;
  /** (nFrames × k × d) */
  means: Float64Array;
  /** (nFrames × k × d × d) */
  covariances: Float64Array;
  /** (nFrames) frame 0 is NaN */
  lowerBounds: Float64Array;
}

export interface FitResult {
  algorithm: Algorithm;
  covarianceType: CovarianceType;
  nComponents: number;
  nSamples: number;
  nFeatures: number;
  /** (k) */
  weights: Float64Array;
  /** (k × d), original units */
  means: Float64Array;
  /** (k × d × d), original units; null for k-means */
  covariances: Float64Array | null;
  /** (n) 0-based */
  labels: Int32Array;
  /** (n × k) responsibilities; one-hot for k-means */
  resp: Float32Array;
  /** Total log-likelihood in the data's original units (GMM). */
  logLikelihood: number | null;
  bic: number | null;
  aic: number | null;
  /** k-means inertia, in the units the clustering used (z-scores when standardising). */
  inertia: number | null;
  histories: Float64Array[];
  bestRestart: number;
  /**
   * Whether the starts reached the same optimum, in numbers and one sentence; null for one start.
   * With screened restarts, histories hold the starts on the sample, then the kept start's run on all rows.
   */
  restarts: RestartSummary | null;
  converged: boolean;
  nIter: number;
  collapsedComponents: number[];
  /**
   * EM's parameters after each iteration of the kept restart (frame 0: the initialisation), in
   * original units, for replaying the fit; null for k-means or when too large to keep (gmm.ts REPLAY_LIMIT).
   */
  replay: FitReplay | null;
  /** The z-scoring the fit ran on, or null for raw values: k-means distances depend on it. */
  scaling: { mean: Float64Array; scale: Float64Array } | null;
  seconds: number;
  /**
   * Spectral, DBSCAN, HDBSCAN (densityFit.ts): noise count, settings used, what the method has
   * instead of iterations. Their labels may be −1 (noise), resp holds each row's membership
   * strength at its own cluster, nComponents is the number of clusters found. Absent otherwise.
   */
  density?: DensityInfo;
  /**
   * DBSCAN, HDBSCAN: the model that labels new rows, in the space `scaling` leads to
   * (densityModel.ts); null beyond its bound, with `densityModelRefusal` saying why. Absent otherwise.
   */
  densityModel?: DensityModel | null;
  densityModelRefusal?: string;
  /** spectral: (n × 2) each row on the first two non-trivial eigenvectors (densityFit.nonTrivialEmbedding) */
  spectralEmbedding?: Float64Array;
  /**
   * Present when the data had missing cells (NaN), fitted by EM with them integrated out
   * (missingDataEm.ts): nSamples is then the rows fitted, and rows with every cell missing are
   * listed (their probabilities are the weights). Absent for complete data.
   */
  missing?: FitMissing;
}

export interface FitMissing {
  /** missing cells in the data */
  cells: number;
  /** rows with at least one missing cell */
  rows: number;
  /** rows whose every cell is missing: not fitted (0-based indices of the request's rows) */
  emptyRows: Int32Array;
}
