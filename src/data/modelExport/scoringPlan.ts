/**
 * A saved model laid out for writing it as another engine's code: per component the mean, the
 * upper-triangular Cholesky factor P of its precision (precision = P Pᵀ) and the constant of its
 * log-density, exactly as our own prediction (core/portableModel predictWithModel) computes them,
 * so generated code repeats our arithmetic term for term.
 */
import { CsvError } from '../csvError';
import { prepareComponentParameters, computePrecisionsChol } from '../../core/gmmModel';
import type { ModelFile } from '../modelFile';

export interface ScoringPlan {
  algorithm: 'gmm' | 'kmeans';
  /** The fitted columns, in the order of the coordinates. */
  columns: string[];
  nComponents: number;
  nFeatures: number;
  /** z = (x − mean) / scale before anything else; null = raw values. */
  scaling: { mean: number[]; scale: number[] } | null;
  /** (k × d) means (GMM) or centroids (k-means), in the space after `scaling` */
  means: number[][];
  /** GMM: (k × d × d) upper-triangular factors, row-major; entry [i][j] multiplies (zᵢ − μᵢ) into yⱼ. k-means: null */
  factors: number[][][] | null;
  /** GMM: (k) log wₖ + log det Pₖ − d/2 · log 2π; k-means: null */
  logNorm: number[] | null;
}

/** The plan of a validated model file (modelFile.parseModel). */
export function planScoring(model: ModelFile): ScoringPlan {
  if (model.algorithm === 'dbscan' || model.algorithm === 'hdbscan') {
    // no formula per row: a new row's cluster is found among the model's stored rows by a neighbour search
    throw new CsvError('invalid-model', `A ${model.algorithm.toUpperCase()} model cannot be exported as SQL, a scikit-learn script or a PySpark job: `
      + 'it labels a new row by searching the rows it carries for the nearest (core) row, which is no formula a query can evaluate row by row.',
      'Apply the model in Cluster Lens (Apply Saved Model), or export the labelled CSV.');
  }
  const k = model.weights.length;
  const d = model.columns.length;
  const base = { algorithm: model.algorithm, columns: model.columns.slice(), nComponents: k, nFeatures: d, scaling: model.scaling, means: model.means };
  if (model.algorithm === 'kmeans' || !model.covariances) { return { ...base, factors: null, logNorm: null }; }
  // As predictWithModel: every covariance type is saved expanded to d × d and scored as 'full', so
  // the factors and constants here are bit for bit the ones our own labels came from.
  const covariances = Float64Array.from(model.covariances.flat(2));
  const { precisionsChol } = computePrecisionsChol('full', k, d, covariances);
  const parameters = prepareComponentParameters({
    covarianceType: 'full', nComponents: k, nFeatures: d, weights: Float64Array.from(model.weights),
    means: Float64Array.from(model.means.flat()), covariances, precisionsChol,
  });
  const factors = Array.from({ length: k }, (_, c) => Array.from({ length: d }, (_, i) =>
    Array.from(parameters.factors.subarray(c * d * d + i * d, c * d * d + (i + 1) * d))));
  return { ...base, factors, logNorm: Array.from(parameters.logNorm) };
}
