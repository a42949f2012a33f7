/**
 * Messages of "Compare methods": the webview asks for the mixture, k-means, spectral clustering and
 * HDBSCAN to be fitted on the current fit's columns; the host announces the run (each method's fit
 * options, what opening it runs, and the shared sample of rows every method labels), then one
 * message per method as it ends. Part of the protocol (protocol.ts joins every part's shapes into its unions).
 */
import type { ComparedMethod as CoreComparedMethod } from '../core/methodComparison';
import { arrayOf, describes, finite, integer, nullable, object, oneOf, refine, string, typedArray } from './guards';
import { fitOptionsShape } from './fitOptions';
import { MAX_COLUMNS, MAX_K } from './vocabulary';

/** One compared method (src/core/methodComparison.ts defines it); k, d = nFeatures, m = the run's sample. */
export type ComparedMethod = CoreComparedMethod;

const METHOD_ALGORITHMS = ['gmm', 'kmeans', 'spectral', 'hdbscan'] as const;

const comparedMethodFields = describes<ComparedMethod>()(object({
  index: integer(0, METHOD_ALGORITHMS.length - 1),
  algorithm: oneOf(METHOD_ALGORITHMS),
  nClusters: integer(0, MAX_K),
  nNoise: integer(0),
  silhouette: nullable(finite(-1, 1)),
  seconds: finite(0),
  nFeatures: integer(1, MAX_COLUMNS),
  means: typedArray('Float64Array'),
  covariances: nullable(typedArray('Float64Array')),
  labels: typedArray('Int32Array'),
  agreement: typedArray('Float64Array'),
  error: nullable(string),
}));

/** Lengths that must agree: a method's means with its k and d, its labels within −1..k−1, its agreement with its place. */
function checkComparedMethodShapes(method: ComparedMethod): string | undefined {
  const { nClusters: k, nFeatures: d } = method;
  if (method.error === null && method.means.length !== k * d) { return 'method.means must be k × d'; }
  if (method.covariances && method.covariances.length !== k * d * d) { return 'method.covariances must be k × d × d'; }
  if (method.labels.some(label => label < -1 || label >= k)) { return 'method.labels must lie in −1..k−1'; }
  if (method.agreement.length !== method.index) { return 'method.agreement must have one entry per earlier method'; }
  return undefined;
}

const startFields = object({
  compareId: integer(0),
  /** The options of each method in the run's order: opening a method fits exactly these. */
  methods: arrayOf(fitOptionsShape, METHOD_ALGORITHMS.length),
  /** Rows left out of every method because a chosen cell is missing (the mixture included, so all fit the same rows). */
  droppedRows: integer(0),
  /** ONE sample of rows (m ≤ 1,500, values m × d) that every method labels: the multiples differ only in colour. */
  sample: object({ rowIndex: typedArray('Int32Array'), values: typedArray('Float64Array') }),
});

export const methodsHostShapes = {
  didStartCompareMethods: refine(startFields, message => {
    if (message.methods.length === 0) { return 'methods must not be empty'; }
    const d = message.methods[0]!.columns.length;
    if (message.sample.values.length !== message.sample.rowIndex.length * d) { return 'sample.values must be m × d'; }
    return undefined;
  }),
  didCompareMethod: refine(object({ compareId: integer(0), method: comparedMethodFields }), message => checkComparedMethodShapes(message.method)),
  didFinishCompareMethods: object({ compareId: integer(0) }),
  didCancelCompareMethods: object({ compareId: integer(0) }),
  didFailCompareMethods: object({ compareId: integer(0), message: string }),
};

export const methodsWebviewShapes = {
  /** Fits the four methods on the current fit's columns, with its k. */
  compareMethods: object({}),
  cancelCompareMethods: object({}),
};
