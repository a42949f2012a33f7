/**
 * One finished fit as the webview receives it (`didFinishFit`): the FitSnapshot, its per-cluster
 * profiles and the density methods' diagnostics, each written once as its guard.
 * Shapes: k = nComponents, d = columns.length, m = sample size (≤ ~20,000 rows drawn).
 */
import type { DensityInfo } from '../core/densityFit';
import type { FitReplay } from '../core/fitRequest';
import type { RestartSummary } from '../core/restartSummary';
import {
  arrayOf, boolean, describes, finite, type Infer, integer, nullable, numberOrNaN, object, oneOf, optional, refine, string, tagged, typedArray,
} from './guards';
import { fitOptionsShape } from './fitOptions';
import { ALGORITHMS, COVARIANCE_TYPES, FINDS_K, MAX_COLUMNS, MAX_K, RAN_IN } from './vocabulary';

/** Per cluster, every column of the file: numeric means (original units) or the most frequent text values. */
const clusterProfilesShape = object({
  /** (k) rows in each cluster */
  sizes: typedArray('Int32Array'),
  columns: arrayOf(tagged('kind', {
    numeric: object({
      kind: oneOf(['numeric']), name: string, overallMean: numberOrNaN, overallStd: numberOrNaN,
      /** (k), NaN where a cluster has no value */
      means: typedArray('Float64Array'),
      /** (k) the cluster's rows with no value here */
      missing: optional(typedArray('Int32Array')),
    }),
    text: object({
      kind: oneOf(['text']), name: string,
      /** per cluster, at most 3 values with their share of the cluster's rows */
      top: arrayOf(arrayOf(object({ value: string, share: finite(0, 1) }), 10), 100),
      /** (k) the cluster's rows with an empty cell here */
      missing: optional(typedArray('Int32Array')),
    }),
  }), MAX_COLUMNS),
});
export type ClusterProfiles = Infer<typeof clusterProfilesShape>;

/**
 * What spectral clustering, DBSCAN and HDBSCAN have instead of iterations (core/densityFit.ts
 * DensityInfo), for the convergence tab: the settings they ran with (eps and the sizes as used,
 * data-derived ones filled in), and one chart's numbers.
 */
const densitySnapshotShape = describes<DensityInfo>()(object({
  nNoise: integer(0),
  settings: object({ nNeighbors: integer(0), eps: numberOrNaN, minSamples: integer(0), minClusterSize: integer(0) }),
  /** DBSCAN: quantiles of the sorted minSamples-distance curve and its knee */
  kDistance: nullable(object({ k: integer(1), distances: typedArray('Float64Array'), kneeDistance: numberOrNaN })),
  /** spectral: the smallest eigenvalues of the normalised Laplacian */
  eigenvalues: nullable(typedArray('Float64Array')),
  /** HDBSCAN: cluster nodes of the condensed tree (parent an index into the list, label −1 unless selected) */
  condensedTree: nullable(arrayOf(object({
    parent: integer(-1), size: integer(0), birthLambda: numberOrNaN, deathLambda: numberOrNaN, stability: numberOrNaN, label: integer(-1),
  }), 10_000)),
  warning: nullable(string),
}));
export type DensitySnapshot = DensityInfo;

/** Whether the starts reached the same optimum: core/restartSummary.ts's, less its two counts. */
const restartsShape = describes<Pick<RestartSummary, 'nStarts' | 'bestStart' | 'comparedOnRows' | 'disagree' | 'sentence'>>()(
  object({ nStarts: integer(2, 1000), bestStart: integer(0), comparedOnRows: integer(1), disagree: boolean, sentence: string }));

/** EM's parameters after each iteration (frame 0: the start), core/fitRequest.ts's FitReplay. */
const replayShape = describes<FitReplay>()(object({
  nFrames: integer(1, 100_001), weights: typedArray('Float64Array'), means: typedArray('Float64Array'),
  covariances: typedArray('Float64Array'), lowerBounds: typedArray('Float64Array'),
}));

const fitSnapshotFields = object({
  fitId: integer(0),
  /** The options this fit ran with. */
  options: fitOptionsShape,
  algorithm: oneOf(ALGORITHMS),
  covarianceType: oneOf(COVARIANCE_TYPES),
  nComponents: integer(1, MAX_K),
  columns: arrayOf(string, MAX_COLUMNS),
  nSamples: integer(0),
  droppedRows: integer(0),
  /** Missing cells a mixture integrated out (policy 'model'); absent when none was. */
  modelledCells: optional(integer(0)),
  /** The saved model (its file name) this fit applies, when it was not fitted here (Apply Saved Model). */
  appliedModel: optional(string),
  /** Where the fit ran, so tests and curious users can see it left the UI thread. */
  ranIn: oneOf(RAN_IN),
  seconds: finite(0),
  converged: boolean,
  nIter: integer(0),
  /** (k) */
  weights: typedArray('Float64Array'),
  /** (k × d), original units */
  means: typedArray('Float64Array'),
  /** (k × d × d), original units; k-means has none. */
  covariances: nullable(typedArray('Float64Array')),
  logLikelihood: nullable(finite()),
  bic: nullable(finite()),
  aic: nullable(finite()),
  inertia: nullable(finite(0)),
  /** Lower bound (GMM) or inertia (k-means) per iteration, one array per restart. */
  histories: arrayOf(typedArray('Float64Array'), 10_000),
  bestRestart: integer(0),
  /**
   * Whether the starts reached the same optimum (core/restartSummary.ts); null for one start.
   * When comparedOnRows < nSamples the starts ran on a sample and the last history is the kept
   * start's run on all rows.
   */
  restarts: nullable(restartsShape),
  /** A fit that rests on few rows per parameter says so (core/fitFeasibility.ts cautionFor); null otherwise. */
  caution: nullable(string),
  profiles: clusterProfilesShape,
  /** Spectral, DBSCAN, HDBSCAN: noise and what the method has instead of iterations; absent for the mixture and k-means. */
  density: optional(nullable(densitySnapshotShape)),
  /**
   * Gaussian mixture: each row's uncertainty (1 − its largest probability) summarised per cluster
   * over the rows labelled with it, (k) each; absent for other methods.
   */
  uncertainty: optional(object({
    mean: typedArray('Float64Array'), max: typedArray('Float64Array'), above: typedArray('Int32Array'), threshold: finite(0, 1),
  })),
  /** Gaussian mixture: 0-based components whose covariance is held up only by regCovar (singular); absent when none. */
  collapsedComponents: optional(arrayOf(integer(0, MAX_K - 1), MAX_K)),
  /** EM's parameters after each iteration (frame 0: the start), for the replay slider; null when not kept. */
  replay: nullable(replayShape),
  /** Principal axes of ALL fitted rows (d ≥ 2), for the PCA plane; explained variance ratios (2). */
  pca: nullable(object({
    mean: typedArray('Float64Array'), components: typedArray('Float64Array'), explainedVarianceRatio: typedArray('Float64Array'),
  })),
  /** (d) each the z-scoring (or power-of-two scaling) the fit measured distances after; k-means' cells and radii live there. Absent: none. */
  scaling: optional(object({ mean: typedArray('Float64Array'), scale: typedArray('Float64Array') })),
  sample: object({
    /** (m) dataset row of each drawn point, 0-based */
    rowIndex: typedArray('Int32Array'),
    /** (m × d) */
    values: typedArray('Float64Array'),
    /** (m) 0-based cluster, −1 noise (DBSCAN, HDBSCAN) */
    labels: typedArray('Int32Array'),
    /** (m) max probability; a density method's membership strength (0 for noise) */
    certainty: typedArray('Float32Array'),
    /** (m × k) membership probabilities (one-hot for k-means) */
    probabilities: typedArray('Float32Array'),
    /** (m × d) 1 where the cell was missing and `values` holds its conditional expectation under the fit; absent when none was */
    imputed: optional(typedArray('Uint8Array')),
    /** spectral: (m × 2) each drawn row on the 2nd and 3rd eigenvectors of the embedding (NaN for the 3rd when k = 2) */
    embedding: optional(typedArray('Float64Array')),
  }),
});

/** Shapes the fields cannot see alone: array lengths that must agree with k, d and m. */
function checkSnapshotShapes(fit: Infer<typeof fitSnapshotFields>): string | undefined {
  const k = fit.nComponents;
  const d = fit.columns.length;
  const m = fit.sample.rowIndex.length;
  if (fit.weights.length !== k) { return 'fit.weights must have k entries'; }
  if (fit.means.length !== k * d) { return 'fit.means must be k × d'; }
  if (fit.covariances && fit.covariances.length !== k * d * d) { return 'fit.covariances must be k × d × d'; }
  if (fit.sample.values.length !== m * d) { return 'fit.sample.values must be m × d'; }
  if (fit.pca && (fit.pca.mean.length !== d || fit.pca.components.length !== 2 * d || fit.pca.explainedVarianceRatio.length !== 2)) {
    return 'fit.pca must have a mean of d and 2 × d components';
  }
  if (fit.sample.labels.length !== m || fit.sample.certainty.length !== m) { return 'fit.sample arrays must have m entries'; }
  if (fit.sample.labels.some(label => label >= k || label < (FINDS_K.includes(fit.algorithm) ? -1 : 0))) {
    return 'fit.sample.labels must lie in 0..k−1 (−1, noise, for DBSCAN and HDBSCAN)';
  }
  if (fit.sample.probabilities.length !== m * k) { return 'fit.sample.probabilities must be m × k'; }
  if (fit.sample.imputed && fit.sample.imputed.length !== m * d) { return 'fit.sample.imputed must be m × d'; }
  if (fit.sample.embedding && fit.sample.embedding.length !== m * 2) { return 'fit.sample.embedding must be m × 2'; }
  if (fit.replay) {
    const f = fit.replay.nFrames;
    if (fit.replay.weights.length !== f * k || fit.replay.means.length !== f * k * d
      || fit.replay.covariances.length !== f * k * d * d || fit.replay.lowerBounds.length !== f) {
      return 'fit.replay arrays must be nFrames × (k, k × d, k × d × d, 1)';
    }
  }
  if (fit.uncertainty && (fit.uncertainty.mean.length !== k || fit.uncertainty.max.length !== k || fit.uncertainty.above.length !== k)) {
    return 'fit.uncertainty arrays must have k entries';
  }
  if (fit.profiles.sizes.length !== k) { return 'fit.profiles.sizes must have k entries'; }
  for (const column of fit.profiles.columns) {
    if (column.kind === 'numeric' ? column.means.length !== k : column.top.length !== k) { return `fit.profiles column ${column.name} must have k entries`; }
    if (column.missing !== undefined && column.missing.length !== k) { return `fit.profiles column ${column.name} must count missing cells for k clusters`; }
  }
  return undefined;
}

/** One finished fit, as much as the webview needs to draw itself from scratch: the fields, then their lengths. */
export const fitSnapshotShape = refine(fitSnapshotFields, checkSnapshotShapes);
export type FitSnapshot = Infer<typeof fitSnapshotShape>;
