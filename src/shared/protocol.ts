/**
 * The typed message protocol between the extension host and the cluster webview.
 *
 * Host → webview messages are snapshots and events named `did…`; webview → host messages are
 * requests. Both directions are validated at runtime on arrival (`parseHostMessage`,
 * `parseWebviewMessage`): the webview is untrusted input to the host, and the webview must not
 * draw garbage if the host and webview bundles ever disagree.
 */
import {
  arrayOf, boolean, type Check, finite, integer, isRecord, nullable, object, oneOf, string, typedArray,
} from './guards';

export const PROTOCOL_VERSION = 1;

export const ALGORITHMS = ['gmm', 'kmeans'] as const;
export type Algorithm = (typeof ALGORITHMS)[number];
export const COVARIANCE_TYPES = ['full', 'tied', 'diag', 'spherical'] as const;
export type CovarianceType = (typeof COVARIANCE_TYPES)[number];
export const MISSING_POLICIES = ['drop', 'impute'] as const;
export type MissingPolicy = (typeof MISSING_POLICIES)[number];

/** What the user chose in the panel; the host fills in what the webview does not send. */
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
}

export interface ColumnSummary {
  name: string;
  kind: 'numeric' | 'text';
  /** Row ids and similar: numeric but never a sensible feature. */
  idLike: boolean;
  missing: number;
}

export interface DatasetSummary {
  fileName: string;
  nRows: number;
  columns: ColumnSummary[];
  /** Lines the reader could not use (wrong number of fields), reported, never silently dropped. */
  skippedRows: number;
  notes: string[];
}

/**
 * One finished fit, as much as the webview needs to draw itself from scratch.
 * Shapes: k = nComponents, d = columns.length, m = sample size (≤ ~20,000 rows drawn).
 */
export interface FitSnapshot {
  fitId: number;
  algorithm: Algorithm;
  covarianceType: CovarianceType;
  nComponents: number;
  columns: string[];
  nSamples: number;
  droppedRows: number;
  /** Where the fit ran, so tests and curious users can see it left the UI thread. */
  ranIn: 'worker_threads' | 'web-worker' | 'extension-host';
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
  /** Principal axes of ALL fitted rows (d ≥ 2), for the PCA plane; explained variance ratios (2). */
  pca: { mean: Float64Array; components: Float64Array; explainedVarianceRatio: Float64Array } | null;
  sample: {
    /** (m) dataset row of each drawn point, 0-based */
    rowIndex: Int32Array;
    /** (m × d) */
    values: Float64Array;
    /** (m) 0-based cluster */
    labels: Int32Array;
    /** (m) max probability */
    certainty: Float32Array;
    /** (m × k) membership probabilities (one-hot for k-means) */
    probabilities: Float32Array;
  };
}

export type HostMessage =
  | { type: 'didLoadDataset'; fileUri: string; dataset: DatasetSummary; options: FitOptions }
  | { type: 'didStartFit'; fitId: number; options: FitOptions }
  | { type: 'didIterate'; fitId: number; restart: number; iteration: number; value: number }
  | { type: 'didFinishFit'; fit: FitSnapshot }
  | { type: 'didCancelFit'; fitId: number }
  | { type: 'didFail'; message: string; hint: string };

export type WebviewMessage =
  | { type: 'ready'; protocolVersion: number }
  | { type: 'fit'; options: FitOptions }
  | { type: 'cancel' }
  | { type: 'export'; what: 'labelled' | 'model' };

const MAX_COLUMNS = 100_000;

const fitOptions: Check = object({
  algorithm: oneOf(ALGORITHMS),
  nComponents: integer(1, 100),
  covarianceType: oneOf(COVARIANCE_TYPES),
  columns: arrayOf(string, MAX_COLUMNS),
  standardize: boolean,
  nInit: integer(1, 1000),
  maxIter: integer(1, 100_000),
  tol: finite(0, 1e6),
  seed: integer(0, 2 ** 32 - 1),
  missing: oneOf(MISSING_POLICIES),
});

const datasetSummary: Check = object({
  fileName: string,
  nRows: integer(0),
  columns: arrayOf(object({ name: string, kind: oneOf(['numeric', 'text']), idLike: boolean, missing: integer(0) }), MAX_COLUMNS),
  skippedRows: integer(0),
  notes: arrayOf(string),
});

const fitSnapshot: Check = object({
  fitId: integer(0),
  algorithm: oneOf(ALGORITHMS),
  covarianceType: oneOf(COVARIANCE_TYPES),
  nComponents: integer(1, 100),
  columns: arrayOf(string, MAX_COLUMNS),
  nSamples: integer(0),
  droppedRows: integer(0),
  ranIn: oneOf(['worker_threads', 'web-worker', 'extension-host']),
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
  pca: nullable(object({
    mean: typedArray('Float64Array'), components: typedArray('Float64Array'), explainedVarianceRatio: typedArray('Float64Array'),
  })),
  sample: object({
    rowIndex: typedArray('Int32Array'),
    values: typedArray('Float64Array'),
    labels: typedArray('Int32Array'),
    certainty: typedArray('Float32Array'),
    probabilities: typedArray('Float32Array'),
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
  if (fit.sample.probabilities.length !== m * k) { return 'fit.sample.probabilities must be m × k'; }
  return undefined;
}

const hostMessageShapes: Record<HostMessage['type'], Check> = {
  didLoadDataset: object({ fileUri: string, dataset: datasetSummary, options: fitOptions }),
  didStartFit: object({ fitId: integer(0), options: fitOptions }),
  didIterate: object({ fitId: integer(0), restart: integer(0), iteration: integer(0), value: finite() }),
  didFinishFit: object({ fit: fitSnapshot }),
  didCancelFit: object({ fitId: integer(0) }),
  didFail: object({ message: string, hint: string }),
};

const webviewMessageShapes: Record<WebviewMessage['type'], Check> = {
  ready: object({ protocolVersion: integer(0) }),
  fit: object({ options: fitOptions }),
  cancel: object({}),
  export: object({ what: oneOf(['labelled', 'model']) }),
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
  return parsed;
}

export function parseWebviewMessage(value: unknown): Parsed<WebviewMessage> {
  return parse<WebviewMessage>(value, webviewMessageShapes);
}

/** The webview's persisted state (vscode.getState/setState), validated like any other input. */
export interface PersistedState { fileUri: string; options: FitOptions | null }

export function parsePersistedState(value: unknown): PersistedState | undefined {
  const why = object({ fileUri: string, options: nullable(fitOptions) })(value, 'state');
  return why ? undefined : (value as PersistedState);
}

export const isFitOptions = (value: unknown): value is FitOptions => fitOptions(value, 'options') === undefined;
