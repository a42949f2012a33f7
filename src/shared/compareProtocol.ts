/**
 * Messages of "Compare k": the webview asks for k = 1..K to be fitted with the current fit's
 * options; the host announces the run with ONE sample of rows every model labels, then posts each
 * model as it ends. Part of the protocol (protocol.ts joins every part's shapes into its unions).
 */
import type { ComparedModel as CoreComparedModel } from '../core/modelComparison';
import { arrayOf, boolean, describes, finite, integer, nullable, object, oneOf, refine, string, typedArray } from './guards';
import { fitOptionsShape } from './fitOptions';
import { COVARIANCE_TYPES, MAX_COLUMNS, MAX_COMPARE_K } from './vocabulary';

/**
 * One model of a "Compare k" run: its scores, and as much of it as a small multiple draws
 * (src/core/modelComparison.ts defines it; the guard below checks it on arrival).
 * Shapes: k, d = nFeatures, m = the comparison's sample (didStartCompare).
 */
export type ComparedModel = CoreComparedModel;

const comparedModelFields = describes<ComparedModel>()(object({
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
}));

/** Lengths of a compared model that must agree with its k and d, and labels within 0..k−1. */
function checkComparedModelShapes(model: ComparedModel): string | undefined {
  const { k, nFeatures: d } = model;
  if (model.weights.length !== k) { return 'model.weights must have k entries'; }
  if (model.means.length !== k * d) { return 'model.means must be k × d'; }
  if (model.covariances && model.covariances.length !== k * d * d) { return 'model.covariances must be k × d × d'; }
  if (model.labels.some(label => label < 0 || label >= k)) { return 'model.labels must lie in 0..k−1'; }
  return undefined;
}

const startCompareFields = object({
  compareId: integer(0), options: fitOptionsShape, kMax: integer(1, MAX_COMPARE_K),
  covarianceTypes: arrayOf(oneOf(COVARIANCE_TYPES), COVARIANCE_TYPES.length),
  sample: object({ rowIndex: typedArray('Int32Array'), values: typedArray('Float64Array') }),
});

export const compareHostShapes = {
  /**
   * A comparison began: the fit options it varies k (and covariance type) of, the types fitted per
   * k, and ONE stratified sample of rows (m ≤ 1,500, values m × d) that every model labels, so the
   * small multiples show the same points coloured by each model.
   */
  didStartCompare: refine(startCompareFields, message => {
    if (message.covarianceTypes.length === 0) { return 'covarianceTypes must not be empty'; }
    if (message.sample.values.length !== message.sample.rowIndex.length * message.options.columns.length) {
      return 'sample.values must be m × d';
    }
    return undefined;
  }),
  didCompareModel: refine(object({ compareId: integer(0), model: comparedModelFields }), message => checkComparedModelShapes(message.model)),
  didFinishCompare: object({ compareId: integer(0) }),
  didCancelCompare: object({ compareId: integer(0) }),
  didFailCompare: object({ compareId: integer(0), message: string }),
};

export const compareWebviewShapes = {
  /** Fits k = 1..kMax with the current fit's options (for mixtures: its covariance type, or all four). */
  compare: object({ kMax: integer(2, MAX_COMPARE_K), allCovarianceTypes: boolean }),
  cancelCompare: object({}),
};
