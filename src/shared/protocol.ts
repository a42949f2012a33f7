/**
 * The typed message protocol between the extension host and the cluster webview.
 *
 * Host → webview messages are snapshots and events named `did…`; webview → host messages are
 * requests. Both directions are validated at runtime on arrival (`parseHostMessage`,
 * `parseWebviewMessage`): the webview is untrusted input to the host, and the webview must not
 * draw garbage if the host and webview bundles ever disagree.
 */
import type { Algorithm as FitAlgorithm } from '../core/clusterFit';
import type { CovarianceType as ModelCovarianceType } from '../core/gmmModel';
import type { MixtureModelName } from '../core/mixtureModels/covarianceModels';
import type { ComparedModel as CoreComparedModel, MAX_COMPARE_K as CORE_MAX_COMPARE_K } from '../core/modelComparison';
import {
  allOf, arrayOf, boolean, type Check, finite, integer, isRecord, nullable, object, oneOf, optional, string, typedArray,
} from './guards';
import {
  type DidLocateRowMessage, didLocateRowShape, type DidProvideRowsMessage, didProvideRowsShape, type LocateRowMessage, locateRowShape,
  type RequestRowsMessage, requestRowsShape,
} from './tableProtocol';
import { type AgreeMessage, agreeShape, type DidAgreeMessage, didAgreeShape } from './agreementProtocol';
import {
  checkCompareMethodsStartShapes, checkComparedMethodShapes, type CompareMethodsHostMessage, type CompareMethodsWebviewMessage, compareMethodsShapes,
} from './methodsProtocol';

export const PROTOCOL_VERSION = 1;

// The engine's vocabulary is defined in src/core; the lists below are what the guards accept, and
// the compiler holds them to the core's unions (allOf).
export type Algorithm = FitAlgorithm;
export const ALGORITHMS = allOf<Algorithm>()(['gmm', 'kmeans', 'spectral', 'dbscan', 'hdbscan']);
/** Methods without a Gaussian: no ellipses, no likelihood; labels may be −1 (noise) for DBSCAN and HDBSCAN. */
export const DENSITY_METHODS: readonly Algorithm[] = ['spectral', 'dbscan', 'hdbscan'];
/** DBSCAN and HDBSCAN find the number of clusters themselves: k is not theirs to take. */
export const FINDS_K: readonly Algorithm[] = ['dbscan', 'hdbscan'];
export type CovarianceType = ModelCovarianceType;
export const COVARIANCE_TYPES = allOf<CovarianceType>()(['full', 'tied', 'diag', 'spherical']);
/** mclust's models (core/mixtureModels/covarianceModels.ts): the 14 in its order, then E and V of one column. */
export type MixtureModel = MixtureModelName;
export const MIXTURE_MODELS = allOf<MixtureModel>()([
  'EII', 'VII', 'EEI', 'VEI', 'EVI', 'VVI', 'EEE', 'VEE', 'EVE', 'VVE', 'EEV', 'VEV', 'EVV', 'VVV', 'E', 'V',
]);
/** Where a fit ran: a worker thread (desktop), a Web Worker (the web), or the extension host itself. */
export const RAN_IN = ['worker_threads', 'web-worker', 'extension-host'] as const;
export type RanIn = (typeof RAN_IN)[number];
/** model: a mixture integrates missing cells out (k-means then leaves such rows out, as drop) */
export const MISSING_POLICIES = ['model', 'drop', 'impute'] as const;
export type MissingPolicy = (typeof MISSING_POLICIES)[number];

/** What the user chose in the panel; the host fills in what the webview does not send. */
/**
 * What the fit controls allow, and so all a webview may ask for: the runtime guards below refuse
 * anything beyond (the webview is untrusted), and the controls clamp to the same bounds.
 */
export const FIT_LIMITS = {
  nComponents: { min: 1, max: 100 },
  nInit: { min: 1, max: 1000 },
  maxIter: { min: 1, max: 100_000 },
  tol: { min: 0, max: 1e6 },
  seed: { min: 0, max: 2 ** 32 - 1 },
  nNeighbors: { min: 2, max: 1000 },
  eps: { min: 0, max: 1e300 },
  minSamples: { min: 1, max: 10_000 },
  minClusterSize: { min: 2, max: 100_000 },
} as const;

export interface FitOptions {
  algorithm: Algorithm;
  nComponents: number;
  covarianceType: CovarianceType;
  columns: string[];
  standardize: boolean;
  nInit: number;
  maxIter: number;
  tol: number;
  seed: number;
  missing: MissingPolicy;
  /** spectral: neighbours per row in its graph (absent: 10) */
  nNeighbors?: number;
  /** DBSCAN: radius in the fitted (standardised) units; absent or 0: the k-distance curve's knee */
  eps?: number;
  /** DBSCAN, HDBSCAN: rows in a core neighbourhood, itself included (absent: from the data) */
  minSamples?: number;
  /** HDBSCAN: the fewest rows of a cluster (absent: from the data) */
  minClusterSize?: number;
  /**
   * Gaussian mixture: one of mclust's models other than scikit-learn's four (those travel as
   * covarianceType: VVV full, EEE tied, VVI diag, VII spherical); covarianceType is then 'full'.
   */
  model?: MixtureModel;
}

/** Per algorithm, what a switch to it starts from (restarts, iteration limit, tolerance): the user's settings. */
export type AlgorithmDefaults = Record<'gmm' | 'kmeans', { nInit: number; maxIter: number; tol: number }>;

/**
 * What spectral clustering, DBSCAN and HDBSCAN have instead of iterations (core/densityFit.ts),
 * for the convergence tab: the settings they ran with (eps and the sizes as used, data-derived
 * ones filled in), and one chart's numbers.
 */
export interface DensitySnapshot {
  nNoise: number;
  settings: { nNeighbors: number; eps: number; minSamples: number; minClusterSize: number };
  /** DBSCAN: quantiles of the sorted minSamples-distance curve and its knee */
  kDistance: { k: number; distances: Float64Array; kneeDistance: number } | null;
  /** spectral: the smallest eigenvalues of the normalised Laplacian */
  eigenvalues: Float64Array | null;
  /** HDBSCAN: cluster nodes of the condensed tree (parent an index into the list, label −1 unless selected) */
  condensedTree: { parent: number; size: number; birthLambda: number; deathLambda: number; stability: number; label: number }[] | null;
  warning: string | null;
}

export interface ColumnSummary {
  name: string;
  kind: 'numeric' | 'text';
  /** Row ids and similar: numeric but never a sensible feature. */
  idLike: boolean;
  missing: number;
  /** Why a numeric column is not preselected (a sentence; the user may still choose it). */
  leftOut?: string;
}

export interface DatasetSummary {
  fileName: string;
  nRows: number;
  columns: ColumnSummary[];
  /** Lines the reader could not use (wrong number of fields), reported, never silently dropped. */
  skippedRows: number;
  notes: string[];
}

/** Per cluster, every column of the file: numeric means (original units) or the most frequent text values. */
export interface ClusterProfiles {
  /** (k) rows in each cluster */
  sizes: Int32Array;
  columns: (
    | { kind: 'numeric'; name: string; overallMean: number; overallStd: number; /** (k), NaN where a cluster has no value */ means: Float64Array; /** (k) the cluster's rows with no value here */ missing?: Int32Array }
    | { kind: 'text'; name: string; /** per cluster, at most 3 values with their share of the cluster's rows */ top: { value: string; share: number }[][]; /** (k) the cluster's rows with an empty cell here */ missing?: Int32Array }
  )[];
}

/**
 * One finished fit, as much as the webview needs to draw itself from scratch.
 * Shapes: k = nComponents, d = columns.length, m = sample size (≤ ~20,000 rows drawn).
 */
export interface FitSnapshot {
  fitId: number;
  /** The options this fit ran with. */
  options: FitOptions;
  algorithm: Algorithm;
  covarianceType: CovarianceType;
  nComponents: number;
  columns: string[];
  nSamples: number;
  droppedRows: number;
  /** Missing cells a mixture integrated out (policy 'model'); absent when none was. */
  modelledCells?: number;
  /** The saved model (its file name) this fit applies, when it was not fitted here (Apply Saved Model). */
  appliedModel?: string;
  /** Where the fit ran, so tests and curious users can see it left the UI thread. */
  ranIn: RanIn;
  seconds: number;
  converged: boolean;
  nIter: number;
  /** (k) */
  weights: Float64Array;
  /** (k × d), original units */
  means: Float64Array;
  /** (k × d × d), original units; k-means has none. */
  covariances: Float64Array | null;
  logLikelihood: number | null;
  bic: number | null;
  aic: number | null;
  inertia: number | null;
  /** Lower bound (GMM) or inertia (k-means) per iteration, one array per restart. */
  histories: Float64Array[];
  bestRestart: number;
  /**
   * Whether the starts reached the same optimum (core/restartSummary.ts); null for one start.
   * When comparedOnRows < nSamples the starts ran on a sample and the last history is the kept
   * start's run on all rows.
   */
  restarts: { nStarts: number; bestStart: number; comparedOnRows: number; disagree: boolean; sentence: string } | null;
  /** A fit that rests on few rows per parameter says so (core/fitFeasibility.ts cautionFor); null otherwise. */
  caution: string | null;
  profiles: ClusterProfiles;
  /** Spectral, DBSCAN, HDBSCAN: noise and what the method has instead of iterations; absent for the mixture and k-means. */
  density?: DensitySnapshot | null;
  /**
   * Gaussian mixture: each row's uncertainty (1 − its largest probability) summarised per cluster
   * over the rows labelled with it, (k) each; absent for other methods.
   */
  uncertainty?: { mean: Float64Array; max: Float64Array; above: Int32Array; threshold: number };
  /** Gaussian mixture: 0-based components whose covariance is held up only by regCovar (singular); absent when none. */
  collapsedComponents?: number[];
  /** EM's parameters after each iteration (frame 0: the start), for the replay slider; null when not kept. */
  replay: { nFrames: number; weights: Float64Array; means: Float64Array; covariances: Float64Array; lowerBounds: Float64Array } | null;
  /** Principal axes of ALL fitted rows (d ≥ 2), for the PCA plane; explained variance ratios (2). */
  pca: { mean: Float64Array; components: Float64Array; explainedVarianceRatio: Float64Array } | null;
  /** (d) each the z-scoring (or power-of-two scaling) the fit measured distances after; k-means' cells and radii live there. Absent: none. */
  scaling?: { mean: Float64Array; scale: Float64Array };
  sample: {
    /** (m) dataset row of each drawn point, 0-based */
    rowIndex: Int32Array;
    /** (m × d) */
    values: Float64Array;
    /** (m) 0-based cluster, −1 noise (DBSCAN, HDBSCAN) */
    labels: Int32Array;
    /** (m) max probability; a density method's membership strength (0 for noise) */
    certainty: Float32Array;
    /** (m × k) membership probabilities (one-hot for k-means) */
    probabilities: Float32Array;
    /** (m × d) 1 where the cell was missing and `values` holds its conditional expectation under the fit; absent when none was */
    imputed?: Uint8Array;
    /** spectral: (m × 2) each drawn row on the 2nd and 3rd eigenvectors of the embedding (NaN for the 3rd when k = 2) */
    embedding?: Float64Array;
  };
}

/** "Compare k": the largest K the panel offers (K values of k × 4 covariance types are fitted); the core's, held to it by its type. */
export const MAX_COMPARE_K: typeof CORE_MAX_COMPARE_K = 20;

/**
 * One model of a "Compare k" run: its scores, and as much of it as a small multiple draws
 * (src/core/modelComparison.ts defines it; the guard below checks it on arrival).
 * Shapes: k, d = nFeatures, m = the comparison's sample (didStartCompare).
 */
export type ComparedModel = CoreComparedModel;

/** "Find best model": the largest K offered (every model is fitted for k = 1 … K). */
export const MAX_SEARCH_K = 20;
export const SEARCH_STATUSES = ['fitted', 'refused', 'degenerate'] as const;

/**
 * One (model, k) of "Find best model" (core/mixtureModels/modelSearch.ts ModelSearchCell), its
 * scores in the file's units. Refused: not fitted (reason: too many parameters, k above the rows);
 * degenerate: fitted, but a covariance is held up only by regCovar (as mclust, it gets no BIC rank).
 */
export interface SearchedModel {
  model: MixtureModel;
  k: number;
  nParameters: number;
  status: (typeof SEARCH_STATUSES)[number];
  reason: string | null;
  /** null when refused */
  logLikelihood: number | null;
  /** mclust's BIC, 2 log L − p ln n: LARGER is better (scikit-learn's bic() is its negative); null when refused */
  bic: number | null;
  /** BIC + 2 Σᵢ log max posterior (mclust's ICL): larger is better, never above bic; null when refused */
  icl: number | null;
  /** which start gave the kept fit, and whether every start reached the same lower bound */
  start: 'hierarchical' | 'k-means++' | null;
  startsAgreed: boolean | null;
  converged: boolean | null;
  /** 0-based components whose covariance is held up only by regCovar */
  collapsedComponents: number[];
}

export type HostMessage =
  | { type: 'didLoadDataset'; fileUri: string; dataset: DatasetSummary; options: FitOptions; algorithmDefaults?: AlgorithmDefaults }
  | { type: 'didStartFit'; fitId: number; options: FitOptions }
  | { type: 'didIterate'; fitId: number; restart: number; iteration: number; value: number }
  | { type: 'didFinishFit'; fit: FitSnapshot }
  /** The fit the user cancelled (not one replaced by a newer fit): the panel shows the previous fit, if any, as current. */
  | { type: 'didCancelFit'; fitId: number }
  | { type: 'didFail'; message: string; hint: string }
  /** The file is being (re)read: what the panel showed is gone; `panelId` is what the webview keeps to be restored. */
  | { type: 'didStartRead'; panelId: string; fileName: string }
  /** Bytes read so far; totalBytes null when the size is not known in advance. */
  | { type: 'didProgressRead'; bytesRead: number; totalBytes: number | null }
  /** The user cancelled the read: nothing is loaded, and nothing is wrong with the file. */
  | { type: 'didCancelRead' }
  /** The file changed (or was deleted) on disk since it was read. */
  | { type: 'didChangeFile'; deleted: boolean }
  /** A page of the probability table (tableProtocol.ts). */
  | DidProvideRowsMessage
  | DidLocateRowMessage
  /**
   * A comparison began: the fit options it varies k (and covariance type) of, the types fitted per
   * k, and ONE stratified sample of rows (m ≤ 1,500, values m × d) that every model labels, so the
   * small multiples show the same points coloured by each model.
   */
  | {
    type: 'didStartCompare'; compareId: number; options: FitOptions; kMax: number; covarianceTypes: CovarianceType[];
    sample: { rowIndex: Int32Array; values: Float64Array };
  }
  | { type: 'didCompareModel'; compareId: number; model: ComparedModel }
  | { type: 'didFinishCompare'; compareId: number }
  | { type: 'didCancelCompare'; compareId: number }
  | { type: 'didFailCompare'; compareId: number; message: string }
  /** The clusters × values table of a column (agreementProtocol.ts). */
  | DidAgreeMessage
  /** "Compare methods" (methodsProtocol.ts). */
  | CompareMethodsHostMessage<FitOptions>
  /**
   * "Find best model" began: the options whose rows and scaling it searches, the models and K, and
   * the rows searched (rows with a missing cell are left out: droppedRows).
   */
  | { type: 'didStartModelSearch'; searchId: number; options: FitOptions; kMax: number; models: MixtureModel[]; nSamples: number; droppedRows: number }
  | { type: 'didSearchModel'; searchId: number; model: SearchedModel }
  /** The final cells (the leaders by BIC run on to a tighter tolerance after they were first sent). */
  | { type: 'didFinishModelSearch'; searchId: number; models: SearchedModel[]; seconds: number }
  | { type: 'didCancelModelSearch'; searchId: number }
  | { type: 'didFailModelSearch'; searchId: number; message: string };

export type WebviewMessage =
  | { type: 'ready'; protocolVersion: number }
  /** fromSearch: the (model, k) is a cell of "Find best model", fitted as the search fitted it (polish: it was one of the leaders it polished) */
  | { type: 'fit'; options: FitOptions; fromSearch?: { polish: boolean } }
  | { type: 'cancel' }
  /** Read the file again (after a cancelled read, an error, or a change on disk) and fit it. */
  | { type: 'reread' }
  | { type: 'export'; what: 'labelled' | 'model' }
  /** A chart as PNG; `name` becomes part of the proposed file name (e.g. "scatter"). */
  | { type: 'saveImage'; name: string; png: Uint8Array }
  /** Pages of the probability table and where a row lands in its order (tableProtocol.ts). */
  | RequestRowsMessage
  | LocateRowMessage
  /** Fits k = 1..kMax with the current fit's options (for mixtures: its covariance type, or all four). */
  | { type: 'compare'; kMax: number; allCovarianceTypes: boolean }
  | { type: 'cancelCompare' }
  /** Count the current fit's clusters against a column of the file (agreementProtocol.ts). */
  | AgreeMessage
  /** "Compare methods" (methodsProtocol.ts). */
  | CompareMethodsWebviewMessage
  /** "Find best model": every mclust model for k = 1..kMax on the current fit's rows and scaling. */
  | { type: 'findBestModel'; kMax: number }
  | { type: 'cancelModelSearch' };

const MAX_COLUMNS = 100_000;

/** Panel ids are made by the host (hex); anything else in a persisted state is refused. */
const panelIdCheck: Check = (v, p) => (typeof v === 'string' && /^[0-9a-f]{16,64}$/.test(v) ? undefined : `${p} must be a panel id`);
const viewIdCheck: Check = (v, p) => (typeof v === 'string' && /^[a-z-]{1,32}$/.test(v) ? undefined : `${p} must be a view id`);

const fitOptions: Check = object({
  algorithm: oneOf(ALGORITHMS),
  nComponents: integer(FIT_LIMITS.nComponents.min, FIT_LIMITS.nComponents.max),
  covarianceType: oneOf(COVARIANCE_TYPES),
  columns: arrayOf(string, MAX_COLUMNS),
  standardize: boolean,
  nInit: integer(FIT_LIMITS.nInit.min, FIT_LIMITS.nInit.max),
  maxIter: integer(FIT_LIMITS.maxIter.min, FIT_LIMITS.maxIter.max),
  tol: finite(FIT_LIMITS.tol.min, FIT_LIMITS.tol.max),
  seed: integer(FIT_LIMITS.seed.min, FIT_LIMITS.seed.max),
  missing: oneOf(MISSING_POLICIES),
  nNeighbors: optional(integer(FIT_LIMITS.nNeighbors.min, FIT_LIMITS.nNeighbors.max)),
  eps: optional(finite(FIT_LIMITS.eps.min, FIT_LIMITS.eps.max)),
  minSamples: optional(integer(FIT_LIMITS.minSamples.min, FIT_LIMITS.minSamples.max)),
  minClusterSize: optional(integer(FIT_LIMITS.minClusterSize.min, FIT_LIMITS.minClusterSize.max)),
  model: optional(oneOf(MIXTURE_MODELS)),
});

const algorithmSettings: Check = object({ nInit: integer(1, 1000), maxIter: integer(1, 100_000), tol: finite(0, 1e6) });
const algorithmDefaults: Check = object({ gmm: algorithmSettings, kmeans: algorithmSettings });

const datasetSummary: Check = object({
  fileName: string,
  nRows: integer(0),
  columns: arrayOf(object({ name: string, kind: oneOf(['numeric', 'text']), idLike: boolean, missing: integer(0), leftOut: optional(string) }), MAX_COLUMNS),
  skippedRows: integer(0),
  notes: arrayOf(string),
});

const numberOrNaN: Check = (v, p) => (typeof v === 'number' ? undefined : `${p} must be a number`);
const clusterProfiles: Check = object({
  sizes: typedArray('Int32Array'),
  columns: arrayOf((v, p) => {
    if (typeof v !== 'object' || v === null) { return `${p} must be an object`; }
    return (v as { kind?: unknown }).kind === 'numeric'
      ? object({ name: string, overallMean: numberOrNaN, overallStd: numberOrNaN, means: typedArray('Float64Array'), missing: optional(typedArray('Int32Array')) })(v, p)
      : object({ kind: oneOf(['text']), name: string, top: arrayOf(arrayOf(object({ value: string, share: finite(0, 1) }), 10), 100), missing: optional(typedArray('Int32Array')) })(v, p);
  }, MAX_COLUMNS),
});

const fitSnapshot: Check = object({
  fitId: integer(0),
  options: fitOptions,
  algorithm: oneOf(ALGORITHMS),
  covarianceType: oneOf(COVARIANCE_TYPES),
  nComponents: integer(1, 100),
  columns: arrayOf(string, MAX_COLUMNS),
  nSamples: integer(0),
  droppedRows: integer(0),
  modelledCells: optional(integer(0)),
  appliedModel: optional(string),
  ranIn: oneOf(RAN_IN),
  seconds: finite(0),
  converged: boolean,
  nIter: integer(0),
  weights: typedArray('Float64Array'),
  means: typedArray('Float64Array'),
  covariances: nullable(typedArray('Float64Array')),
  logLikelihood: nullable(finite()),
  bic: nullable(finite()),
  aic: nullable(finite()),
  inertia: nullable(finite(0)),
  histories: arrayOf(typedArray('Float64Array'), 10_000),
  bestRestart: integer(0),
  restarts: nullable(object({ nStarts: integer(2, 1000), bestStart: integer(0), comparedOnRows: integer(1), disagree: boolean, sentence: string })),
  caution: nullable(string),
  profiles: clusterProfiles,
  density: optional(nullable(object({
    nNoise: integer(0),
    settings: object({ nNeighbors: integer(0), eps: numberOrNaN, minSamples: integer(0), minClusterSize: integer(0) }),
    kDistance: nullable(object({ k: integer(1), distances: typedArray('Float64Array'), kneeDistance: numberOrNaN })),
    eigenvalues: nullable(typedArray('Float64Array')),
    condensedTree: nullable(arrayOf(object({
      parent: integer(-1), size: integer(0), birthLambda: numberOrNaN, deathLambda: numberOrNaN, stability: numberOrNaN, label: integer(-1),
    }), 10_000)),
    warning: nullable(string),
  }))),
  uncertainty: optional(object({
    mean: typedArray('Float64Array'), max: typedArray('Float64Array'), above: typedArray('Int32Array'), threshold: finite(0, 1),
  })),
  collapsedComponents: optional(arrayOf(integer(0, 99), 100)),
  replay: nullable(object({
    nFrames: integer(1, 100_001), weights: typedArray('Float64Array'), means: typedArray('Float64Array'),
    covariances: typedArray('Float64Array'), lowerBounds: typedArray('Float64Array'),
  })),
  pca: nullable(object({
    mean: typedArray('Float64Array'), components: typedArray('Float64Array'), explainedVarianceRatio: typedArray('Float64Array'),
  })),
  scaling: optional(object({ mean: typedArray('Float64Array'), scale: typedArray('Float64Array') })),
  sample: object({
    rowIndex: typedArray('Int32Array'),
    values: typedArray('Float64Array'),
    labels: typedArray('Int32Array'),
    certainty: typedArray('Float32Array'),
    probabilities: typedArray('Float32Array'),
    imputed: optional(typedArray('Uint8Array')),
    embedding: optional(typedArray('Float64Array')),
  }),
});

/** Shapes the guards above cannot see: array lengths that must agree with k, d and m. */
function checkSnapshotShapes(fit: FitSnapshot): string | undefined {
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

const comparedModel: Check = object({
  index: integer(0),
  k: integer(1, MAX_COMPARE_K),
  covarianceType: oneOf(COVARIANCE_TYPES),
  logLikelihood: nullable(finite()),
  bic: nullable(finite()),
  aic: nullable(finite()),
  inertia: nullable(finite(0)),
  silhouette: nullable(finite(-1, 1)),
  converged: boolean,
  nIter: integer(0),
  seconds: finite(0),
  nFeatures: integer(1, MAX_COLUMNS),
  weights: typedArray('Float64Array'),
  means: typedArray('Float64Array'),
  covariances: nullable(typedArray('Float64Array')),
  labels: typedArray('Int32Array'),
});

/** Lengths of a compared model that must agree with its k and d, and labels within 0..k−1. */
function checkComparedModelShapes(model: ComparedModel): string | undefined {
  const { k, nFeatures: d } = model;
  if (model.weights.length !== k) { return 'model.weights must have k entries'; }
  if (model.means.length !== k * d) { return 'model.means must be k × d'; }
  if (model.covariances && model.covariances.length !== k * d * d) { return 'model.covariances must be k × d × d'; }
  if (model.labels.some(label => label < 0 || label >= k)) { return 'model.labels must lie in 0..k−1'; }
  return undefined;
}

function checkCompareStartShapes(message: Extract<HostMessage, { type: 'didStartCompare' }>): string | undefined {
  if (message.covarianceTypes.length === 0) { return 'covarianceTypes must not be empty'; }
  if (message.sample.values.length !== message.sample.rowIndex.length * message.options.columns.length) {
    return 'sample.values must be m × d';
  }
  return undefined;
}

const methodsShapes = compareMethodsShapes(fitOptions);
const searchedModel: Check = object({
  model: oneOf(MIXTURE_MODELS),
  k: integer(1, MAX_SEARCH_K),
  nParameters: integer(0),
  status: oneOf(SEARCH_STATUSES),
  reason: nullable(string),
  logLikelihood: nullable(finite()),
  bic: nullable(finite()),
  icl: nullable(finite()),
  start: nullable(oneOf(['hierarchical', 'k-means++'])),
  startsAgreed: nullable(boolean),
  converged: nullable(boolean),
  collapsedComponents: arrayOf(integer(0, MAX_SEARCH_K - 1), MAX_SEARCH_K),
});

const hostMessageShapes: Record<HostMessage['type'], Check> = {
  ...methodsShapes.host,
  didLoadDataset: object({ fileUri: string, dataset: datasetSummary, options: fitOptions, algorithmDefaults: optional(algorithmDefaults) }),
  didStartFit: object({ fitId: integer(0), options: fitOptions }),
  didIterate: object({ fitId: integer(0), restart: integer(0), iteration: integer(0), value: finite() }),
  didFinishFit: object({ fit: fitSnapshot }),
  didCancelFit: object({ fitId: integer(0) }),
  didFail: object({ message: string, hint: string }),
  didStartRead: object({ panelId: panelIdCheck, fileName: string }),
  didProgressRead: object({ bytesRead: finite(0), totalBytes: nullable(finite(0)) }),
  didCancelRead: object({}),
  didChangeFile: object({ deleted: boolean }),
  didProvideRows: didProvideRowsShape,
  didLocateRow: didLocateRowShape,
  didStartCompare: object({
    compareId: integer(0), options: fitOptions, kMax: integer(1, MAX_COMPARE_K),
    covarianceTypes: arrayOf(oneOf(COVARIANCE_TYPES), COVARIANCE_TYPES.length),
    sample: object({ rowIndex: typedArray('Int32Array'), values: typedArray('Float64Array') }),
  }),
  didCompareModel: object({ compareId: integer(0), model: comparedModel }),
  didFinishCompare: object({ compareId: integer(0) }),
  didCancelCompare: object({ compareId: integer(0) }),
  didFailCompare: object({ compareId: integer(0), message: string }),
  didAgree: didAgreeShape,
  didStartModelSearch: object({
    searchId: integer(0), options: fitOptions, kMax: integer(1, MAX_SEARCH_K), models: arrayOf(oneOf(MIXTURE_MODELS), MIXTURE_MODELS.length),
    nSamples: integer(0), droppedRows: integer(0),
  }),
  didSearchModel: object({ searchId: integer(0), model: searchedModel }),
  didFinishModelSearch: object({ searchId: integer(0), models: arrayOf(searchedModel, MIXTURE_MODELS.length * MAX_SEARCH_K), seconds: finite(0) }),
  didCancelModelSearch: object({ searchId: integer(0) }),
  didFailModelSearch: object({ searchId: integer(0), message: string }),
};

const webviewMessageShapes: Record<WebviewMessage['type'], Check> = {
  ...methodsShapes.webview,
  ready: object({ protocolVersion: integer(0) }),
  fit: object({ options: fitOptions, fromSearch: optional(object({ polish: boolean })) }),
  cancel: object({}),
  reread: object({}),
  export: object({ what: oneOf(['labelled', 'model']) }),
  saveImage: object({
    name: (v, p) => (typeof v === 'string' && /^[a-z0-9-]{1,40}$/.test(v) ? undefined : `${p} must be a short lowercase name`),
    png: (v, p) => (v instanceof Uint8Array && v.length > 8 && v.length <= 64 * 1024 * 1024 ? undefined : `${p} must be PNG bytes (at most 64 MiB)`),
  }),
  requestRows: requestRowsShape,
  locateRow: locateRowShape,
  compare: object({ kMax: integer(2, MAX_COMPARE_K), allCovarianceTypes: boolean }),
  cancelCompare: object({}),
  agree: agreeShape,
  findBestModel: object({ kMax: integer(1, MAX_SEARCH_K) }),
  cancelModelSearch: object({}),
};

export type Parsed<T> = { ok: true; message: T } | { ok: false; error: string };

function parse<T>(value: unknown, shapes: Record<string, Check>): Parsed<T> {
  if (!isRecord(value) || typeof value.type !== 'string' || !Object.hasOwn(shapes, value.type)) {
    return { ok: false, error: 'message has no known type' };
  }
  const why = shapes[value.type](value, value.type);
  return why ? { ok: false, error: why } : { ok: true, message: value as T };
}

export function parseHostMessage(value: unknown): Parsed<HostMessage> {
  const parsed = parse<HostMessage>(value, hostMessageShapes);
  if (parsed.ok && parsed.message.type === 'didFinishFit') {
    const why = checkSnapshotShapes(parsed.message.fit);
    if (why) { return { ok: false, error: why }; }
  }
  if (parsed.ok && parsed.message.type === 'didStartCompare') {
    const why = checkCompareStartShapes(parsed.message);
    if (why) { return { ok: false, error: why }; }
  }
  if (parsed.ok && parsed.message.type === 'didStartCompareMethods') {
    const why = checkCompareMethodsStartShapes(parsed.message);
    if (why) { return { ok: false, error: why }; }
  }
  if (parsed.ok && parsed.message.type === 'didCompareMethod') {
    const why = checkComparedMethodShapes(parsed.message.method);
    if (why) { return { ok: false, error: why }; }
  }
  if (parsed.ok && parsed.message.type === 'didCompareModel') {
    const why = checkComparedModelShapes(parsed.message.model);
    if (why) { return { ok: false, error: why }; }
  }
  return parsed;
}

export function parseWebviewMessage(value: unknown): Parsed<WebviewMessage> {
  return parse<WebviewMessage>(value, webviewMessageShapes);
}

/**
 * The webview's persisted state (vscode.getState/setState), validated like any other input. It
 * names the panel, not a file: the host keeps which file a panel shows (panelMemory.ts), so a
 * webview cannot make the host read a file it never opened.
 */
export interface PersistedState {
  panelId: string;
  /** The tab the user was looking at. */
  activeView: string;
}

export function parsePersistedState(value: unknown): PersistedState | undefined {
  const why = object({ panelId: panelIdCheck, activeView: viewIdCheck })(value, 'state');
  return why ? undefined : (value as PersistedState);
}

export const isFitOptions = (value: unknown): value is FitOptions => fitOptions(value, 'options') === undefined;
