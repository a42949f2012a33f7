/**
 * Whether a fit is worth starting, decided before it runs: the rows a model needs for its
 * parameters, and what one iteration would cost in time and memory. The host checks every fit and
 * "Compare k" before it starts a worker, and the CLI before it fits (exit 2); runClusterFit checks
 * again, so no caller can run an ill-posed fit. A refusal says why, in numbers, and what to try.
 */
import type { DensityAlgorithm } from './densityFit';
import { countParameters, type CovarianceType } from './gmmModel';
import type { DataMatrix } from './dataMatrix';

import { FitRefusal } from './fitRefusal';

export { FitRefusal };

/** What the checks need of a fit request: its shape, never its data. */
export interface FitShape {
  /** spectral, DBSCAN and HDBSCAN are costed as k-means (linear in n·k·d; densityFit.ts checks their own settings) */
  algorithm: 'gmm' | 'kmeans' | DensityAlgorithm;
  nComponents: number;
  covarianceType: CovarianceType;
  nSamples: number;
  nFeatures: number;
}

export interface FitCost {
  /** free parameters of the model (scikit-learn's _n_parameters; k-means: the centres) */
  parameters: number;
  /** floating-point operations of one EM (or Lloyd) iteration over all rows */
  flopsPerIteration: number;
  /** seconds of one iteration at COST_RATE */
  secondsPerIteration: number;
  /** bytes the fit holds at its peak, about */
  bytes: number;
}

/**
 * Operations per second assumed for an estimate: what one core of the development machine does on
 * full-covariance EM at d = 200 (5,000 × 200, k = 4 takes 0.9 s per iteration, issue 17), the
 * slowest case per operation; small d runs 2–3 times faster. An estimate, not a promise.
 */
export const COST_RATE = 1e9;
/** One iteration estimated above this many seconds is refused: a fit runs tens of them, times the starts. */
export const MAX_SECONDS_PER_ITERATION = 10;
/** A fit estimated to hold more than this is refused: the extension host shares its memory. */
export const MAX_BYTES = 4 * 2 ** 30;

/**
 * Rows a model needs so that every parameter is determined by the data rather than by regCovar:
 * full covariances d + 1 rows per cluster; a tied one d rows beyond the k means; diagonal and
 * spherical variances 2 rows per cluster; k-means one row per centre.
 */
export function minimumRows(shape: Pick<FitShape, 'algorithm' | 'covarianceType' | 'nComponents' | 'nFeatures'>): number {
  const { nComponents: k, nFeatures: d } = shape;
  if (shape.algorithm !== 'gmm') { return k; }
  switch (shape.covarianceType) {
    case 'full': return k * (d + 1);
    case 'tied': return k + d;
    case 'diag': case 'spherical': return 2 * k;
  }
}

export function estimateFitCost(shape: FitShape): FitCost {
  const { nComponents: k, nFeatures: d, nSamples: n } = shape;
  if (shape.algorithm !== 'gmm') {
    const flops = 3 * n * k * d;
    return { parameters: k * d, flopsPerIteration: flops, secondsPerIteration: flops / COST_RATE, bytes: 8 * (3 * n * d + 2 * n * k) };
  }
  const triangular = shape.covarianceType === 'full' || shape.covarianceType === 'tied';
  // E-step: a triangular solve (d²/2) per row and component; M-step: the weighted scatter (d²/2 more);
  // Cholesky and inverse of each covariance (d³/3 each). Diagonal types: a few operations per value.
  const blocks = shape.covarianceType === 'full' ? k : 1;
  const flops = triangular ? n * k * (d * d + 4 * d) + blocks * (2 * d * d * d) / 3 : 6 * n * k * d;
  // the data and its standardised copy, responsibilities (float64 and the float32 result), the
  // working covariances (covariances, factors, statistics, per thread: ~6 of each block), and the
  // result's k × d × d covariances in the file's units (every type) with the panel's copy
  const working = triangular ? 6 * blocks * d * d : 6 * k * d;
  const bytes = 8 * (2 * n * d + 1.5 * n * k + working + 2 * k * d * d);
  return {
    parameters: countParameters(shape.covarianceType, k, d),
    flopsPerIteration: flops, secondsPerIteration: flops / COST_RATE, bytes,
  };
}

export type FeasibilityVerdict = { ok: true; cost: FitCost } | { ok: false; message: string; hint: string; cost: FitCost };

/** The verdict on a request's shape; pure and cheap (no data is read). */
export function checkFitRequest(shape: FitShape): FeasibilityVerdict {
  const cost = estimateFitCost(shape);
  const { nComponents: k, nFeatures: d, nSamples: n, algorithm, covarianceType } = shape;
  const refuse = (message: string, hint: string): FeasibilityVerdict => ({ ok: false, message, hint, cost });
  if (n === 0) {
    return refuse('No row has a value in every chosen column, so there is nothing to fit.',
      'Choose other columns, or impute missing values instead of leaving their rows out.');
  }
  if (k > n) {
    return refuse(`${plural(k, 'cluster')} need at least ${plural(k, 'row')}; the data has ${plural(n, 'usable row')}.`,
      `Choose k ≤ ${n}${n < 2 ? ', or a file with more rows' : ''}.`);
  }
  const needed = minimumRows(shape);
  if (n < needed) {
    return refuse(`${describeModelNeeds(covarianceType, k, d)}; the data has ${plural(n, 'usable row')} `
      + `(${plural(cost.parameters, 'parameter')} to estimate).`, alternatives(shape));
  }
  if (cost.secondsPerIteration > MAX_SECONDS_PER_ITERATION || cost.bytes > MAX_BYTES) {
    return refuse(`This fit would take about ${formatSeconds(cost.secondsPerIteration)} per iteration and ${formatBytes(cost.bytes)} of memory `
      + `(${algorithm === 'gmm' ? `${covarianceType} covariance, ` : ''}k = ${k}, ${n.toLocaleString('en-US')} rows × ${plural(d, 'column')}); `
      + 'it is not started.', alternatives(shape));
  }
  return { ok: true, cost };
}

/**
 * A sentence when a fit that may run rests on few rows per parameter: fewer than 3 times the
 * minimum rows of its model (full, k = 3 on 11 columns: under 108 rows). Such a fit runs, but its
 * covariances follow the sample closely and its probabilities tend to be overconfident (near 100 %
 * everywhere); the user should know, and what needs fewer rows. Null otherwise and for k-means.
 */
export function cautionFor(shape: FitShape): string | null {
  if (shape.algorithm !== 'gmm' || (shape.covarianceType !== 'full' && shape.covarianceType !== 'tied')) { return null; }
  const needed = minimumRows(shape);
  if (shape.nSamples >= 3 * needed || shape.nSamples < needed) { return null; }
  const { nComponents: k, nFeatures: d, nSamples: n } = shape;
  const parameters = countParameters(shape.covarianceType, k, d);
  return `${plural(parameters, 'parameter')} from ${plural(n, 'row')} (a ${shape.covarianceType} covariance on ${plural(d, 'column')}, k = ${k}): `
    + 'the probabilities may be overconfident. The diag covariance or fewer columns need fewer rows.';
}

/** checkFitRequest that throws its refusal. */
export function assertFitFeasible(shape: FitShape): FitCost {
  const verdict = checkFitRequest(shape);
  if (!verdict.ok) { throw new FitRefusal(verdict.message, verdict.hint); }
  return verdict.cost;
}

/** What "Compare k" asks: every k from 1 to kMax, for each covariance type (k-means: the first). */
export interface ComparisonShape extends Omit<FitShape, 'nComponents' | 'covarianceType'> {
  kMax: number;
  covarianceTypes: readonly CovarianceType[];
}

/**
 * The verdict on a whole comparison: refused at its first ill-posed or unaffordable model, with
 * the largest K (or the covariance types) that would run.
 */
export function checkComparisonRequest(shape: ComparisonShape): FeasibilityVerdict {
  const types = shape.algorithm === 'kmeans' ? shape.covarianceTypes.slice(0, 1) : shape.covarianceTypes;
  let total: FitCost = { parameters: 0, flopsPerIteration: 0, secondsPerIteration: 0, bytes: 0 };
  for (let k = 1; k <= shape.kMax; k++) {
    for (const covarianceType of types) {
      const verdict = checkFitRequest({ ...shape, nComponents: k, covarianceType });
      if (!verdict.ok) {
        const largest = k - 1;
        const which = shape.algorithm === 'gmm' && types.length > 1 ? ` with the ${covarianceType} covariance` : '';
        return {
          ok: false, cost: verdict.cost,
          message: `Compare k up to ${shape.kMax} cannot fit k = ${k}${which}: ${lowerFirst(verdict.message)}`,
          hint: largest >= 1 ? `Compare up to k = ${largest}${which ? `, or leave out the ${covarianceType} covariance` : ''}. ${verdict.hint}` : verdict.hint,
        };
      }
      total = {
        parameters: Math.max(total.parameters, verdict.cost.parameters), flopsPerIteration: total.flopsPerIteration + verdict.cost.flopsPerIteration,
        secondsPerIteration: total.secondsPerIteration + verdict.cost.secondsPerIteration, bytes: Math.max(total.bytes, verdict.cost.bytes),
      };
    }
  }
  return { ok: true, cost: total };
}

function lowerFirst(text: string): string {
  return /^[A-Z](?![A-Z])/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

/**
 * Refuses data that cannot be clustered whatever the model: every column constant. O(n·d), no
 * allocation.
 */
export function checkFitData(X: DataMatrix): void {
  const { data, nSamples: n, nFeatures: d } = X;
  if (n === 0) { return; }
  let varying = 0;
  for (let j = 0; j < d; j++) {
    const first = data[j]!;
    for (let i = 1; i < n; i++) {
      if (data[i * d + j] !== first) { varying++; break; }
    }
  }
  if (varying === 0 && n > 1) {
    throw new FitRefusal(
      `${d === 1 ? 'The chosen column has' : `Every one of the ${d} chosen columns has`} the same value in every row used: there is nothing to cluster.`,
      'Choose columns whose values vary from row to row.');
  }
}

function describeModelNeeds(covarianceType: CovarianceType, k: number, d: number): string {
  switch (covarianceType) {
    case 'full': return `A full covariance on ${plural(d, 'column')} needs at least ${count(d + 1)} rows per cluster: ${count(k * (d + 1))} rows for k = ${k}`;
    case 'tied': return `A tied covariance on ${plural(d, 'column')} with k = ${k} needs at least ${count(k + d)} rows (one per column beyond the ${plural(k, 'mean')})`;
    default: return `A ${covarianceType} covariance needs at least 2 rows per cluster: ${count(2 * k)} rows for k = ${k}`;
  }
}

/** What would fit: a cheaper covariance type, fewer columns, fewer clusters; the first that apply. */
function alternatives(shape: FitShape): string {
  const { nSamples: n, nFeatures: d, nComponents: k } = shape;
  const fits = (s: FitShape): boolean => s.nComponents <= n && n >= minimumRows(s) && withinBudget(estimateFitCost(s));
  const tries: string[] = [];
  if (shape.algorithm === 'gmm' && shape.covarianceType !== 'diag' && fits({ ...shape, covarianceType: 'diag' })) {
    tries.push('the diag covariance');
  }
  let columns = d - 1;
  while (columns >= 1 && !fits({ ...shape, nFeatures: columns })) { columns--; }
  if (columns >= 1 && columns < d) { tries.push(`at most ${plural(columns, 'column')}`); }
  let clusters = k - 1;
  while (clusters >= 1 && !fits({ ...shape, nComponents: clusters })) { clusters--; }
  if (clusters >= 1 && clusters < k) { tries.push(`k ≤ ${clusters}`); }
  if (tries.length === 0) { return 'Choose fewer columns, fewer clusters, or a file with more rows.'; }
  return `Try ${tries.join(', or ')}.`;
}

function withinBudget(cost: FitCost): boolean {
  return cost.secondsPerIteration <= MAX_SECONDS_PER_ITERATION && cost.bytes <= MAX_BYTES;
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}

function plural(value: number, noun: string): string {
  return `${count(value)} ${noun}${value === 1 ? '' : 's'}`;
}

function formatSeconds(seconds: number): string {
  if (seconds < 60) { return `${Math.round(seconds)} s`; }
  if (seconds < 3600) { return `${Math.round(seconds / 60)} min`; }
  return `${Math.round(seconds / 3600)} h`;
}

function formatBytes(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GB` : `${Math.max(1, Math.round(bytes / 2 ** 20))} MB`;
}
