/**
 * What the user chose in the panel (FitOptions), the bounds the fit controls allow, and their
 * guard: the one shape every fit, comparison and search message carries its options in.
 */
import { boolean, finite, type Infer, integer, object, oneOf, optional, string, arrayOf } from './guards';
import { ALGORITHMS, COVARIANCE_TYPES, MAX_COLUMNS, MAX_K, MISSING_POLICIES, MIXTURE_MODELS } from './vocabulary';

/**
 * What the fit controls allow, and so all a webview may ask for: the runtime guards below refuse
 * anything beyond (the webview is untrusted), and the controls clamp to the same bounds.
 */
export const FIT_LIMITS = {
  nComponents: { min: 1, max: MAX_K },
  nInit: { min: 1, max: 1000 },
  maxIter: { min: 1, max: 100_000 },
  tol: { min: 0, max: 1e6 },
  seed: { min: 0, max: 2 ** 32 - 1 },
  nNeighbors: { min: 2, max: 1000 },
  eps: { min: 0, max: 1e300 },
  minSamples: { min: 1, max: 10_000 },
  minClusterSize: { min: 2, max: 100_000 },
} as const;

/** What the user chose in the panel; the host fills in what the webview does not send. */
export const fitOptionsShape = object({
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
  /** spectral: neighbours per row in its graph (absent: 10) */
  nNeighbors: optional(integer(FIT_LIMITS.nNeighbors.min, FIT_LIMITS.nNeighbors.max)),
  /** DBSCAN: radius in the fitted (standardised) units; absent or 0: the k-distance curve's knee */
  eps: optional(finite(FIT_LIMITS.eps.min, FIT_LIMITS.eps.max)),
  /** DBSCAN, HDBSCAN: rows in a core neighbourhood, itself included (absent: from the data) */
  minSamples: optional(integer(FIT_LIMITS.minSamples.min, FIT_LIMITS.minSamples.max)),
  /** HDBSCAN: the fewest rows of a cluster (absent: from the data) */
  minClusterSize: optional(integer(FIT_LIMITS.minClusterSize.min, FIT_LIMITS.minClusterSize.max)),
  /**
   * Gaussian mixture: one of mclust's models other than scikit-learn's four (those travel as
   * covarianceType: VVV full, EEE tied, VVI diag, VII spherical); covarianceType is then 'full'.
   */
  model: optional(oneOf(MIXTURE_MODELS)),
});
export type FitOptions = Infer<typeof fitOptionsShape>;

export const isFitOptions = (value: unknown): value is FitOptions => fitOptionsShape(value, 'options') === undefined;

const algorithmSettings = object({
  nInit: integer(FIT_LIMITS.nInit.min, FIT_LIMITS.nInit.max),
  maxIter: integer(FIT_LIMITS.maxIter.min, FIT_LIMITS.maxIter.max),
  tol: finite(FIT_LIMITS.tol.min, FIT_LIMITS.tol.max),
});
/** Per algorithm, what a switch to it starts from (restarts, iteration limit, tolerance): the user's settings. */
export const algorithmDefaultsShape = object({ gmm: algorithmSettings, kmeans: algorithmSettings });
export type AlgorithmDefaults = Infer<typeof algorithmDefaultsShape>;
