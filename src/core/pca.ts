/**
 * Principal component analysis for the 2-D view: fit on the (possibly standardised) data, then
 * project points, cluster means and cluster covariances into the same plane.
 *
 * Matches scikit-learn's `PCA(n_components)` on the same input: covariance with n − 1,
 * `explained_variance_` = eigenvalues of that covariance, ratios relative to its trace.
 * Component signs follow the convention of `decomposeSymmetric` (largest-|loading| positive,
 * like sklearn ≥ 1.5's `svd_flip(u_based_decision=False)`); sklearn ≤ 1.4 flips on the scores
 * instead, so compare subspaces, not signs, against older references.
 */
import type { DataMatrix } from './dataMatrix';
import { decomposeSymmetric } from './eigen';

export interface PcaModel {
  readonly nFeatures: number;
  readonly nComponents: number;
  /** (d) per-feature mean of the fitted data */
  readonly mean: Float64Array;
  /** (nComponents × d) row-major, orthonormal rows, by decreasing variance */
  readonly components: Float64Array;
  /** (nComponents) variance of the data along each component (n − 1 denominator) */
  readonly explainedVariance: Float64Array;
  /** (nComponents) explainedVariance / total variance; all 0 when the total variance is 0 */
  readonly explainedVarianceRatio: Float64Array;
}

/**
 * With `standardize`, the PCA of the z-scored columns (of their correlation matrix); the
 * components are then orthonormal in z-space, not in x-space.
 *
 * Fits PCA by eigendecomposition of the sample covariance, accumulated row by row (two passes
 * over X, no centred copy: O(n·d²) time, O(d²) extra memory).
 *
 * With a single row the covariance is taken as 0 (not NaN): the projection is then a point.
 * Tiny negative eigenvalues from round-off are clipped to 0, as sklearn does.
 *
 * @throws RangeError if X has no rows or nComponents is not in 1..d
 */
export function fitPca(X: DataMatrix, nComponents = 2, options: { standardize?: boolean } = {}): PcaModel {
  const { data, nSamples: n, nFeatures: d } = X;
  if (n < 1) { throw new RangeError('fitPca: X has no rows'); }
  if (!Number.isInteger(nComponents) || nComponents < 1 || nComponents > d) {
    throw new RangeError(`fitPca: nComponents = ${nComponents} must be in 1..${d}`);
  }
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const row = i * d;
    for (let j = 0; j < d; j++) { mean[j] += data[row + j]; }
  }
  for (let j = 0; j < d; j++) { mean[j] /= n; }

  // Centred two-pass accumulation: the one-pass Σxxᵀ − n·μμᵀ form cancels badly when
  // |mean| ≫ std (e.g. timestamps, coordinates).
  const covariance = new Float64Array(d * d);
  const centred = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const row = i * d;
    for (let j = 0; j < d; j++) { centred[j] = data[row + j] - mean[j]; }
    for (let j = 0; j < d; j++) {
      const cj = centred[j];
      if (cj === 0) { continue; }
      const base = j * d;
      for (let l = j; l < d; l++) { covariance[base + l] += cj * centred[l]; }
    }
  }
  const denominator = Math.max(n - 1, 1);
  let totalVariance = 0;
  for (let j = 0; j < d; j++) {
    for (let l = j; l < d; l++) {
      const v = covariance[j * d + l] / denominator;
      covariance[j * d + l] = v;
      covariance[l * d + j] = v;
    }
    totalVariance += covariance[j * d + j];
  }

  // Standardised PCA decomposes the correlation matrix instead: columns in grams and millimetres
  // then weigh the same. The returned components absorb 1/std, so projecting raw rows (and
  // covariances, W Σ Wᵀ) still gives the standardised scores with the same linear map.
  const scale = new Float64Array(d).fill(1);
  if (options.standardize) {
    for (let j = 0; j < d; j++) { scale[j] = covariance[j * d + j] > 0 ? Math.sqrt(covariance[j * d + j]) : 1; }
    totalVariance = 0;
    for (let j = 0; j < d; j++) {
      for (let l = 0; l < d; l++) { covariance[j * d + l] /= scale[j] * scale[l]; }
      totalVariance += covariance[j * d + j];
    }
  }
  const { eigenvalues, eigenvectors } = decomposeSymmetric(covariance, d);
  const components = eigenvectors.slice(0, nComponents * d);
  for (let c = 0; c < nComponents; c++) {
    for (let j = 0; j < d; j++) { components[c * d + j] /= scale[j]; }
  }
  const explainedVariance = new Float64Array(nComponents);
  const explainedVarianceRatio = new Float64Array(nComponents);
  for (let c = 0; c < nComponents; c++) {
    explainedVariance[c] = Math.max(eigenvalues[c], 0);
    explainedVarianceRatio[c] = totalVariance > 0 ? explainedVariance[c] / totalVariance : 0;
  }
  return { nFeatures: d, nComponents, mean, components, explainedVariance, explainedVarianceRatio };
}

/**
 * Scores of each row: (x − mean) Wᵀ, like sklearn's `transform`.
 * @returns (n × nComponents) row-major
 */
export function projectPoints(pca: PcaModel, X: DataMatrix): Float64Array {
  const { nFeatures: d, nComponents: m, mean, components } = pca;
  if (X.nFeatures !== d) {
    throw new RangeError(`projectPoints: X has ${X.nFeatures} features, the PCA was fitted on ${d}`);
  }
  const { data, nSamples: n } = X;
  const scores = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    const row = i * d;
    for (let c = 0; c < m; c++) {
      const w = c * d;
      let s = 0;
      for (let j = 0; j < d; j++) { s += (data[row + j] - mean[j]) * components[w + j]; }
      scores[i * m + c] = s;
    }
  }
  return scores;
}

/**
 * Projects one point of feature space, typically a cluster mean, into the PCA plane.
 * @param mean (d)
 * @returns (nComponents)
 */
export function projectMean(pca: PcaModel, mean: ArrayLike<number>): Float64Array {
  const { nFeatures: d, nComponents: m, components } = pca;
  if (mean.length !== d) { throw new RangeError(`projectMean: expected ${d} values, got ${mean.length}`); }
  const projected = new Float64Array(m);
  for (let c = 0; c < m; c++) {
    let s = 0;
    for (let j = 0; j < d; j++) { s += (mean[j] - pca.mean[j]) * components[c * d + j]; }
    projected[c] = s;
  }
  return projected;
}

/**
 * Covariance of the projected variable: W Σ Wᵀ. A Gaussian cluster N(μ, Σ) in feature space is
 * exactly N(projectMean(μ), W Σ Wᵀ) in the PCA plane, so its ellipse can be drawn there.
 * @param covariance (d × d) row-major
 * @returns (nComponents × nComponents) row-major, exactly symmetric
 */
export function projectCovariance(pca: PcaModel, covariance: Float64Array): Float64Array {
  const { nFeatures: d, nComponents: m, components: w } = pca;
  if (covariance.length !== d * d) {
    throw new RangeError(`projectCovariance: expected ${d * d} values, got ${covariance.length}`);
  }
  // ΣWᵀ first (d × m), then W(ΣWᵀ): O(d²m) instead of forming anything d × d.
  const sigmaWt = new Float64Array(d * m);
  for (let r = 0; r < d; r++) {
    for (let c = 0; c < m; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) { s += covariance[r * d + j] * w[c * d + j]; }
      sigmaWt[r * m + c] = s;
    }
  }
  const projected = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    for (let b = a; b < m; b++) {
      let s = 0;
      for (let r = 0; r < d; r++) { s += w[a * d + r] * sigmaWt[r * m + b]; }
      projected[a * m + b] = s;
      projected[b * m + a] = s;
    }
  }
  return projected;
}
