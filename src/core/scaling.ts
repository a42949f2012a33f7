/**
 * z-score standardisation (scikit-learn's StandardScaler) and the maps that bring a model
 * fitted on z = (x − mean) / scale back to the original units the user sees.
 */
import { computeColumnMeans, sumColumns, type DataMatrix } from './dataMatrix';
import type { CovarianceType } from './gmmModel';
import { hasMissingCells } from './missingPatterns';

export interface StandardScaler {
  readonly nFeatures: number;
  /** (d) per-column mean */
  readonly mean: Float64Array;
  /** (d) per-column population standard deviation (ddof = 0); 1 for constant columns */
  readonly scale: Float64Array;
}

/**
 * Column means and population standard deviations, like `StandardScaler().fit(X)`.
 *
 * A column whose variance is indistinguishable from round-off of a constant column (sklearn's
 * `_is_constant_feature` bound, var ≤ n·ε·var + (n·mean·ε)²) gets scale 1, so it is centred but
 * not blown up into noise, and never divided by 0.
 * @throws RangeError if X has no rows
 */
export function fitStandardScaler(X: DataMatrix): StandardScaler {
  const { nSamples: n, nFeatures: d } = X;
  if (n < 1) { throw new RangeError('fitStandardScaler: X has no rows'); }
  if (hasMissingCells(X)) { return fitStandardScalerObserved(X); }
  const mean = computeColumnMeans(X);
  // Corrected two-pass (Chan, Golub & LeVeque): the Σ(x − μ) term removes the error of μ.
  const sumResiduals = new Float64Array(d);
  const sumSquares = sumColumns(X, mean, sumResiduals);
  const scale = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const variance = Math.max((sumSquares[j] - (sumResiduals[j] * sumResiduals[j]) / n) / n, 0);
    if (Number.isFinite(mean[j]) && Number.isFinite(variance) && variance >= TINY_VARIANCE) {
      scale[j] = scaleFor(variance, mean[j], n);
    } else {
      // Squares overflowed (|x| near 1e300) or underflowed (|x| near 1e-200), or the column is
      // constant: again on x / 2^e, a power of two near the column's largest |x|, which is exact.
      // Columns of ordinary magnitude get 2^e = 1 and the same numbers as above.
      fitScaledColumn(X, j, mean, scale);
    }
  }
  return { nFeatures: d, mean, scale };
}

/**
 * fitStandardScaler on data with missing cells (NaN): each column's mean and standard deviation
 * over its observed values (a column with none: mean 0, scale 1), computed on x / 2^e like
 * fitScaledColumn so that no magnitude overflows. Separate from the complete-data path, whose
 * results stay bit-identical.
 */
function fitStandardScalerObserved(X: DataMatrix): StandardScaler {
  const { data, nSamples: n, nFeatures: d } = X;
  const mean = new Float64Array(d);
  const scale = new Float64Array(d).fill(1);
  for (let j = 0; j < d; j++) {
    let maxAbs = 0, count = 0;
    for (let i = 0; i < n; i++) { const x = data[i * d + j]!; if (x === x) { maxAbs = Math.max(maxAbs, Math.abs(x)); count++; } }
    if (count === 0) { continue; }
    const power = magnitudeScale(maxAbs);
    let sum = 0;
    for (let i = 0; i < n; i++) { const x = data[i * d + j]!; if (x === x) { sum += x / power; } }
    const m = sum / count;
    let squares = 0, residuals = 0;
    for (let i = 0; i < n; i++) {
      const x = data[i * d + j]!;
      if (x === x) { const diff = x / power - m; squares += diff * diff; residuals += diff; }
    }
    const variance = Math.max((squares - (residuals * residuals) / count) / count, 0);
    mean[j] = m * power;
    scale[j] = scaleFor(variance, m, count) * power;
  }
  return { nFeatures: d, mean, scale };
}

/** Below this a variance may be underflow rather than spread (squares of values under ~1e-120). */
const TINY_VARIANCE = 2 ** -800;

/** The population standard deviation, or 1 when the variance is round-off of a constant column. */
function scaleFor(variance: number, mean: number, n: number): number {
  const eps = Number.EPSILON;
  const roundOffBound = n * eps * variance + (n * mean * eps) ** 2;
  return variance <= roundOffBound ? 1 : Math.sqrt(variance);
}

/**
 * mean[j] and scale[j] of column j computed on x / 2^e (magnitudeScale of its largest |x|), then
 * multiplied back by 2^e: division by a power of two is exact, so nothing is lost but the overflow.
 */
function fitScaledColumn(X: DataMatrix, j: number, mean: Float64Array, scale: Float64Array): void {
  const { data, nSamples: n, nFeatures: d } = X;
  let maxAbs = 0;
  for (let i = 0; i < n; i++) { maxAbs = Math.max(maxAbs, Math.abs(data[i * d + j]!)); }
  const power = magnitudeScale(maxAbs);
  let sum = 0;
  for (let i = 0; i < n; i++) { sum += data[i * d + j]! / power; }
  const m = sum / n;
  let squares = 0, residuals = 0;
  for (let i = 0; i < n; i++) { const diff = data[i * d + j]! / power - m; squares += diff * diff; residuals += diff; }
  const variance = Math.max((squares - (residuals * residuals) / n) / n, 0);
  mean[j] = m * power;
  const s = scaleFor(variance, m, n);
  scale[j] = s * power;
}

/**
 * A power of two 2^e near `maxAbs` when values that large (above 2^400 ≈ 2.6e120) or that small
 * (below 2^-400) would overflow or underflow once squared and summed; 1 otherwise, so data of
 * ordinary magnitude is never touched.
 */
export function magnitudeScale(maxAbs: number): number {
  if (!(maxAbs > 0) || !Number.isFinite(maxAbs) || (maxAbs <= 2 ** 400 && maxAbs >= 2 ** -400)) { return 1; }
  return 2 ** Math.floor(Math.log2(maxAbs));
}

/**
 * For fits on raw values: one power of two for every column (a uniform scaling changes no model's
 * geometry), or undefined when the data's largest |x| needs none (magnitudeScale).
 */
export function fitMagnitudeScaler(X: DataMatrix): StandardScaler | undefined {
  const { data, nFeatures: d } = X;
  let maxAbs = 0;
  for (let i = 0; i < data.length; i++) { const a = Math.abs(data[i]!); if (a > maxAbs) { maxAbs = a; } }
  const power = magnitudeScale(maxAbs);
  return power === 1 ? undefined : { nFeatures: d, mean: new Float64Array(d), scale: new Float64Array(d).fill(power) };
}

/** z = (x − mean) / scale for every row; a new matrix, X is not modified. */
export function transform(scaler: StandardScaler, X: DataMatrix): DataMatrix {
  const { nFeatures: d, mean, scale } = scaler;
  checkFeatures('transform', d, X.nFeatures);
  const { data: x, nSamples: n } = X;
  const z = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) { z[i * d + j] = (x[i * d + j] - mean[j]) / scale[j]; }
  }
  return { data: z, nSamples: n, nFeatures: d };
}

/**
 * Cluster means back to original units: μ_x = mean + scale ⊙ μ_z.
 * @param means (k × d) row-major, in scaled units
 * @param nComponents k, optional: when given, the length of means is checked against k × d
 * @returns (k × d) row-major, in original units
 */
export function inverseTransformMeans(scaler: StandardScaler, means: Float64Array, nComponents?: number): Float64Array {
  const { nFeatures: d, mean, scale } = scaler;
  const lengthOk = nComponents === undefined ? d > 0 && means.length % d === 0 : means.length === nComponents * d;
  if (!lengthOk) {
    throw new RangeError(`inverseTransformMeans: ${means.length} values is not ${nComponents ?? 'k'} × ${d}`);
  }
  const out = new Float64Array(means.length);
  for (let o = 0; o < means.length; o += d) {
    for (let j = 0; j < d; j++) { out[o + j] = mean[j] + scale[j] * means[o + j]; }
  }
  return out;
}

/**
 * Expands sklearn-shaped `covariances_` to one full matrix per component, in the SAME units:
 * tied is repeated k times, diag/spherical become diagonal matrices, so every renderer can
 * treat all covariance types alike.
 *
 * @param covariances full: (k × d × d), tied: (d × d), diag: (k × d), spherical: (k)
 * @returns (k × d × d) row-major, always a new buffer
 */
export function expandCovariances(
  covariances: Float64Array, covarianceType: CovarianceType, nComponents: number, nFeatures: number,
): Float64Array {
  const k = nComponents;
  const d = nFeatures;
  const expected = { full: k * d * d, tied: d * d, diag: k * d, spherical: k }[covarianceType];
  if (expected === undefined) { throw new RangeError(`expandCovariances: unknown type ${String(covarianceType)}`); }
  if (!Number.isInteger(k) || k < 0 || covariances.length !== expected) {
    throw new RangeError(`expandCovariances: ${covarianceType} with k = ${k}, d = ${d} needs ${expected} values, got ${covariances.length}`);
  }
  const dd = d * d;
  const out = new Float64Array(k * dd);
  for (let c = 0; c < k; c++) {
    const o = c * dd;
    switch (covarianceType) {
      case 'full': out.set(covariances.subarray(o, o + dd), o); break;
      case 'tied': out.set(covariances, o); break;
      case 'diag': for (let j = 0; j < d; j++) { out[o + j * d + j] = covariances[c * d + j]; } break;
      case 'spherical': for (let j = 0; j < d; j++) { out[o + j * d + j] = covariances[c]; } break;
    }
  }
  return out;
}

/**
 * Covariances of a model fitted on standardised data, in ORIGINAL units: Σ_x = S Σ_z S with
 * S = diag(scale), i.e. Σ_x[i][j] = scale_i · Σ_z[i][j] · scale_j.
 *
 * The result is always (k × d × d), whatever the covariance type: a spherical model fitted on z
 * is NOT spherical in x units (σ²·scale_j² differs per column) but diagonal, a diag one stays
 * diagonal, and a tied one is repeated for every component, so the renderer has one code path.
 *
 * @param covariances in scaled units, shaped as for expandCovariances
 * @param nComponents k
 * @returns (k × d × d) row-major, original units
 */
export function inverseTransformCovariances(
  scaler: StandardScaler, covariances: Float64Array, covarianceType: CovarianceType, nComponents: number,
): Float64Array {
  const { nFeatures: d, scale } = scaler;
  const full = expandCovariances(covariances, covarianceType, nComponents, d);
  const dd = d * d;
  for (let o = 0; o < full.length; o += dd) {
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) { full[o + i * d + j] *= scale[i] * scale[j]; }
    }
  }
  return full;
}

/**
 * log |det ∂z/∂x| = −Σ_j ln scale_j, the change-of-variables term from scaled to original units.
 *
 * For one point: log p_x(x) = log p_z(z(x)) + logJacobian(scale), since p_x(x) = p_z(z)·∏ 1/scale_j.
 * For a data set of n rows: total log-likelihood in original units = scaled total + n·logJacobian;
 * sklearn's `score` (a per-row MEAN) just adds logJacobian once. Positive when ∏ scale_j < 1
 * (densities in original units are then higher), negative when ∏ scale_j > 1. BIC/AIC comparisons between models on
 * the same scaled data are unaffected (the term is the same constant for all).
 * @param scale (d) the scaler's `scale`
 */
export function logJacobian(scale: ArrayLike<number>): number {
  let sum = 0;
  for (let j = 0; j < scale.length; j++) { sum -= Math.log(scale[j]); }
  return sum;
}

/**
 * logJacobian for data with missing cells: a row's density is over its observed columns only, so
 * column j's term counts once per observed value: −Σ_j (observed values of j) · ln scale_j.
 * Equals n · logJacobian(scale) when nothing is missing.
 * @param observedCounts (d) observed values per column
 */
export function observedLogJacobian(scale: ArrayLike<number>, observedCounts: ArrayLike<number>): number {
  let sum = 0;
  for (let j = 0; j < scale.length; j++) { sum -= observedCounts[j]! * Math.log(scale[j]!); }
  return sum;
}

function checkFeatures(caller: string, expected: number, actual: number): void {
  if (expected !== actual) {
    throw new RangeError(`${caller}: X has ${actual} features, the scaler was fitted on ${expected}`);
  }
}
