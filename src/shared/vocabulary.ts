/**
 * The engine's vocabulary as the protocol speaks it. The types are src/core's (taken by `import
 * type`: no core code in the protocol); the lists below are what the guards accept, and the
 * compiler holds them to the core's unions (allOf), so a value added in src/core is an error here.
 */
import type { Algorithm as FitAlgorithm } from '../core/algorithm';
import type { CovarianceType as ModelCovarianceType } from '../core/emShapes';
import type { CellStatus, ModelSearchCell } from '../core/mixtureModels/modelSearch';
import type { MixtureModelName } from '../core/mixtureModels/covarianceModels';
import type { MAX_COMPARE_K as CORE_MAX_COMPARE_K } from '../core/modelComparison';
import { allOf } from './guards';

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
/**
 * model: a mixture integrates missing cells out (k-means then leaves such rows out, as drop).
 * src/data/featureMatrix.ts names the same three (src/shared may not import src/data).
 */
export const MISSING_POLICIES = ['model', 'drop', 'impute'] as const;
export type MissingPolicy = (typeof MISSING_POLICIES)[number];

/** "Compare k": the largest K the panel offers (K values of k × 4 covariance types are fitted); the core's, held to it by its type. */
export const MAX_COMPARE_K: typeof CORE_MAX_COMPARE_K = 20;
/** "Find best model": the largest K offered (every model is fitted for k = 1 … K). */
export const MAX_SEARCH_K = 20;
/** "Find best model": what became of a (model, k) (core/mixtureModels/modelSearch.ts CellStatus). */
export const SEARCH_STATUSES = allOf<CellStatus>()(['fitted', 'refused', 'degenerate']);
/** "Find best model": which start gave a kept fit. */
export const SEARCH_STARTS = allOf<NonNullable<ModelSearchCell['start']>>()(['hierarchical', 'k-means++']);

/** The most columns a message may name (a guard's bound, far above any file the panel can draw). */
export const MAX_COLUMNS = 100_000;
/** The most clusters a fit may have (FIT_LIMITS.nComponents, and the density methods' bound). */
export const MAX_K = 100;
