/**
 * Puts a fit on the drawing plane: either two of its columns, or its first two principal
 * components. Points, means and covariances are all mapped the same way (for PCA, x ↦ Wᵀ(x − x̄)
 * and Σ ↦ W Σ Wᵀ), so the ellipses stay the projections of the fitted Gaussians.
 */
import { marginalCovariance } from '../src/core/ellipse';
import { type PcaModel, projectCovariance, projectMean, projectPoints } from '../src/core/pca';
import type { FitSnapshot } from '../src/shared/protocol';
import { formatPercent } from './format';
import type { Projection } from './store';

export interface Plane {
  xLabel: string;
  yLabel: string;
  /** (m × 2) drawn points */
  points: Float64Array;
  /** (k × 2) */
  means: Float64Array;
  /** (k × 2 × 2) projected covariances; null for k-means */
  covariances: Float64Array | null;
  /** (m) 1 where a point's position rests on a missing cell drawn at its conditional expectation (drawn hollow) */
  imputed?: Uint8Array;
  /** The fitted columns on x and y, on a plane of two columns (absent on the PCA plane and the one-column strip). */
  axes?: [number, number];
}

/** (m) whether any of the given columns of each drawn point was imputed; undefined when none was. */
function imputedPoints(fit: FitSnapshot, columns: number[] | null): Uint8Array | undefined {
  const flags = fit.sample.imputed;
  if (!flags) { return undefined; }
  const d = fit.columns.length;
  const m = fit.sample.labels.length;
  const out = new Uint8Array(m);
  for (let s = 0; s < m; s++) {
    for (const j of columns ?? Array.from({ length: d }, (_, q) => q)) { if (flags[s * d + j] === 1) { out[s] = 1; break; } }
  }
  return out;
}

export function projectFit(fit: FitSnapshot, projection: Projection): Plane {
  const d = fit.columns.length;
  const k = fit.nComponents;
  const m = fit.sample.labels.length;
  if (projection.kind === 'spectral' && hasEmbedding(fit)) { return spectralPlane(fit); }
  if (d === 1) { return stripPlane(fit); }
  if (projection.kind === 'pca' && fit.pca) {
    const pca: PcaModel = {
      nFeatures: d, nComponents: 2, mean: fit.pca.mean, components: fit.pca.components,
      explainedVariance: new Float64Array(2), explainedVarianceRatio: fit.pca.explainedVarianceRatio,
    };
    const means = new Float64Array(k * 2);
    for (let c = 0; c < k; c++) { means.set(projectMean(pca, fit.means.subarray(c * d, (c + 1) * d)), c * 2); }
    let covariances: Float64Array | null = null;
    if (fit.covariances) {
      covariances = new Float64Array(k * 4);
      for (let c = 0; c < k; c++) { covariances.set(projectCovariance(pca, fit.covariances.subarray(c * d * d, (c + 1) * d * d)), c * 4); }
    }
    const percent = (r: number) => `${formatPercent(r)} variance`;
    return {
      xLabel: `PC1 (${percent(fit.pca.explainedVarianceRatio[0])})`,
      yLabel: `PC2 (${percent(fit.pca.explainedVarianceRatio[1])})`,
      points: projectPoints(pca, { data: fit.sample.values, nSamples: m, nFeatures: d }),
      means,
      covariances,
      ...withImputed(imputedPoints(fit, null)),
    };
  }
  const { x, y } = projection.kind === 'columns' ? projection : { x: 0, y: 1 };
  const points = new Float64Array(m * 2);
  for (let i = 0; i < m; i++) {
    points[2 * i] = fit.sample.values[i * d + x];
    points[2 * i + 1] = fit.sample.values[i * d + y];
  }
  const means = new Float64Array(k * 2);
  for (let c = 0; c < k; c++) {
    means[2 * c] = fit.means[c * d + x];
    means[2 * c + 1] = fit.means[c * d + y];
  }
  let covariances: Float64Array | null = null;
  if (fit.covariances) {
    covariances = new Float64Array(k * 4);
    for (let c = 0; c < k; c++) { covariances.set(marginalCovariance(fit.covariances.subarray(c * d * d, (c + 1) * d * d), d, x, y), c * 4); }
  }
  return { xLabel: fit.columns[x], yLabel: fit.columns[y], points, means, covariances, ...withImputed(imputedPoints(fit, [x, y])), axes: [x, y] };
}

function withImputed(imputed: Uint8Array | undefined): { imputed?: Uint8Array } {
  return imputed ? { imputed } : {};
}

/** Whether the fit carries its drawn rows' spectral embedding (a spectral fit, not a view that borrows its snapshot). */
export function hasEmbedding(fit: FitSnapshot): boolean {
  return fit.algorithm === 'spectral' && fit.sample.embedding !== undefined && fit.sample.embedding.length === 2 * fit.sample.labels.length;
}

/**
 * The spectral embedding's plane: each row at its coordinates on the 2nd and 3rd eigenvectors,
 * where k-means found the clusters; with k = 2 there is only the 2nd, and each cluster gets its own
 * row of y, as for one column. Centres are the clusters' means there; no ellipses (no Gaussians).
 */
function spectralPlane(fit: FitSnapshot): Plane {
  const k = fit.nComponents;
  const m = fit.sample.labels.length;
  const embedding = fit.sample.embedding!;
  const oneAxis = m > 0 && Number.isNaN(embedding[1]);
  const points = new Float64Array(m * 2);
  const means = new Float64Array(k * 2);
  const counts = new Float64Array(k);
  for (let i = 0; i < m; i++) {
    const c = fit.sample.labels[i];
    points[2 * i] = embedding[2 * i];
    points[2 * i + 1] = oneAxis ? c + 0.6 * (((i * 0.6180339887) % 1) - 0.5) : embedding[2 * i + 1];
    if (c >= 0) { counts[c]++; means[2 * c] += points[2 * i]; means[2 * c + 1] += points[2 * i + 1]; }
  }
  for (let c = 0; c < k; c++) { if (counts[c] > 0) { means[2 * c] /= counts[c]; means[2 * c + 1] /= counts[c]; } }
  return { xLabel: 'Eigenvector 2 (spectral embedding)', yLabel: oneAxis ? 'cluster' : 'Eigenvector 3 (spectral embedding)', points, means, covariances: null };
}

/**
 * One column: values along x, each cluster on its own row of y (with a little deterministic
 * jitter so coincident points are visible), and each cluster's ±σ as a flat ellipse on its row.
 */
function stripPlane(fit: FitSnapshot): Plane {
  const k = fit.nComponents;
  const m = fit.sample.labels.length;
  const points = new Float64Array(m * 2);
  for (let i = 0; i < m; i++) {
    points[2 * i] = fit.sample.values[i];
    // Golden-ratio sequence: evenly spread jitter in (−0.3, 0.3) without a random generator.
    points[2 * i + 1] = fit.sample.labels[i] + 0.6 * (((i * 0.6180339887) % 1) - 0.5);
  }
  const means = new Float64Array(k * 2);
  const covariances = fit.covariances ? new Float64Array(k * 4) : null;
  for (let c = 0; c < k; c++) {
    means[2 * c] = fit.means[c];
    means[2 * c + 1] = c;
    if (covariances && fit.covariances) { covariances[4 * c] = fit.covariances[c]; }
  }
  return { xLabel: fit.columns[0], yLabel: 'cluster', points, means, covariances, ...withImputed(imputedPoints(fit, [0])) };
}
