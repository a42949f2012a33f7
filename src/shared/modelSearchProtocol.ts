/**
 * Messages of "Find best model": the webview asks for every mclust model for k = 1..K on the
 * current fit's rows and scaling; the host announces the search, posts each (model, k) as it ends,
 * then the final cells. Part of the protocol (protocol.ts joins every part's shapes into its unions).
 */
import { arrayOf, boolean, finite, type Infer, integer, nullable, object, oneOf, string } from './guards';
import { fitOptionsShape } from './fitOptions';
import { MAX_SEARCH_K, MIXTURE_MODELS, SEARCH_STARTS, SEARCH_STATUSES } from './vocabulary';

/**
 * One (model, k) of "Find best model" (core/mixtureModels/modelSearch.ts ModelSearchCell), its
 * scores in the file's units. Refused: not fitted (reason: too many parameters, k above the rows);
 * degenerate: fitted, but a covariance is held up only by regCovar (as mclust, it gets no BIC rank).
 * The wire form of the core's cell: null where the cell has NaN or leaves a field out.
 */
const searchedModelShape = object({
  model: oneOf(MIXTURE_MODELS),
  k: integer(1, MAX_SEARCH_K),
  nParameters: integer(0),
  status: oneOf(SEARCH_STATUSES),
  reason: nullable(string),
  /** null when refused */
  logLikelihood: nullable(finite()),
  /** mclust's BIC, 2 log L − p ln n: LARGER is better (scikit-learn's bic() is its negative); null when refused */
  bic: nullable(finite()),
  /** BIC + 2 Σᵢ log max posterior (mclust's ICL): larger is better, never above bic; null when refused */
  icl: nullable(finite()),
  /** which start gave the kept fit, and whether every start reached the same lower bound */
  start: nullable(oneOf(SEARCH_STARTS)),
  startsAgreed: nullable(boolean),
  converged: nullable(boolean),
  /** 0-based components whose covariance is held up only by regCovar */
  collapsedComponents: arrayOf(integer(0, MAX_SEARCH_K - 1), MAX_SEARCH_K),
});
export type SearchedModel = Infer<typeof searchedModelShape>;

export const modelSearchHostShapes = {
  /**
   * "Find best model" began: the options whose rows and scaling it searches, the models and K, and
   * the rows searched (rows with a missing cell are left out: droppedRows).
   */
  didStartModelSearch: object({
    searchId: integer(0), options: fitOptionsShape, kMax: integer(1, MAX_SEARCH_K), models: arrayOf(oneOf(MIXTURE_MODELS), MIXTURE_MODELS.length),
    nSamples: integer(0), droppedRows: integer(0),
  }),
  didSearchModel: object({ searchId: integer(0), model: searchedModelShape }),
  /** The final cells (the leaders by BIC run on to a tighter tolerance after they were first sent). */
  didFinishModelSearch: object({ searchId: integer(0), models: arrayOf(searchedModelShape, MIXTURE_MODELS.length * MAX_SEARCH_K), seconds: finite(0) }),
  didCancelModelSearch: object({ searchId: integer(0) }),
  didFailModelSearch: object({ searchId: integer(0), message: string }),
};

export const modelSearchWebviewShapes = {
  /** "Find best model": every mclust model for k = 1..kMax on the current fit's rows and scaling. */
  findBestModel: object({ kMax: integer(1, MAX_SEARCH_K) }),
  cancelModelSearch: object({}),
};
