/**
 * One fit as the command line runs it: the request built from the flags, the checks before and
 * after it (a k the rows cannot support, a result that is not finite), and the thread pool it runs on.
 */
import type { ChunkExecutor } from '../core/chunkExecutor';
import { inThreadExecutor } from '../core/inThreadExecutor';
import { type Algorithm, type FitRequest, type FitResult, runClusterFit } from '../core/clusterFit';
import { createParallelExecutor, threadsForFit, type ParallelExecutor } from '../compute/parallel/pool';
import { DENSITY_ALGORITHMS, type DensitySettings } from '../core/densityFit';
import type { GmmInit } from '../core/gmm';
import { DEFAULT_GMM_N_INIT } from '../core/screenedRestarts';
import type { CovarianceType } from '../core/gmmModel';
import { resolveModelName, type MixtureModelName } from '../core/mixtureModels/covarianceModels';
import type { FeatureSelection } from '../data/featureMatrix';
import type { RowAccount } from '../data/rowAccount';
import { choice, number, Refusal, text, UsageError, type Args } from './args';

export const COVARIANCE_TYPES: readonly CovarianceType[] = ['full', 'tied', 'diag', 'spherical'];
const INITS: readonly GmmInit[] = ['kmeans', 'k-means++', 'random', 'random_from_data'];
const ALGORITHMS: readonly Algorithm[] = ['gmm', 'kmeans', ...DENSITY_ALGORITHMS];

/** DBSCAN and HDBSCAN find the number of clusters themselves: --k is not theirs. */
export const findsK = (algorithm: Algorithm) => algorithm === 'dbscan' || algorithm === 'hdbscan';
/** A k the rows cannot support is explained before the fit runs. */
export function checkK(k: number, account: RowAccount): void {
  // With no row skipped the engine's feasibility check says it (one message, from core/fitFeasibility).
  if (k <= account.rowsUsed || account.rowsUsed === account.rowsRead) { return; }
  const skipped = account.rowsRead - account.rowsUsed;
  throw new Refusal(`k = ${k} clusters need at least ${k} rows, but only ${account.rowsUsed} of the ${account.rowsRead} rows read can be used`
    + (skipped > 0 ? ` (${skipped} skipped, see the warnings above).` : '.'), 'Ask for fewer clusters (--k), or fix the rows that were skipped.');
}

/**
 * The last guard before a result is printed or written: the engine must never let a null or an
 * infinity out as if it were a fit. Names what is not finite and the likeliest cause.
 */
export function checkFinite(result: FitResult, data: Float64Array, label: string, withProbabilities = false): void {
  const bad: string[] = [];
  const finite = (v: number | null) => v !== null && Number.isFinite(v);
  if (result.algorithm === 'gmm') {
    if (!finite(result.logLikelihood)) { bad.push('log-likelihood'); }
    if (!finite(result.bic) || !finite(result.aic)) { bad.push('BIC/AIC'); }
  } else if (result.algorithm === 'kmeans' && !finite(result.inertia)) { bad.push('inertia'); }
  if (!result.weights.every(Number.isFinite)) { bad.push('weights'); }
  if (!result.means.every(Number.isFinite)) { bad.push('means'); }
  if (result.covariances && !result.covariances.every(Number.isFinite)) { bad.push('covariances'); }
  if (withProbabilities && result.resp && !result.resp.every(Number.isFinite)) { bad.push('probabilities'); }
  if (bad.length === 0) { return; }
  let largest = 0;
  for (let i = 0; i < data.length; i++) { const a = Math.abs(data[i]!); if (a > largest) { largest = a; } }
  throw new Refusal(`The ${label} gave no finite ${bad.join(', ')}, so there is no result to report.`,
    largest > 1e150
      ? `The chosen columns hold values as large as ${largest.toExponential(2)}, and sums and squares of values this large overflow double precision: divide those columns by a power of ten and fit again.`
      : 'The fit broke down numerically: try --standardize, a larger --reg-covar (e.g. 1e-3) or --covariance diag; please report it with the file.');
}

export function fitRequest(args: Args, selection: FeatureSelection, k: number, covarianceType: CovarianceType): FitRequest {
  const algorithm = choice<Algorithm>(args.flags, 'algorithm', ALGORITHMS, 'gmm');
  const model = chosenModel(args, selection.matrix.nFeatures);
  // Off unless asked: the numbers then compare directly with scikit-learn run on the raw file.
  const standardize = args.flags.has('standardize') && !args.flags.has('no-standardize');
  return {
    algorithm,
    nComponents: k,
    covarianceType,
    nInit: number(args.flags, 'n-init', algorithm === 'gmm' ? DEFAULT_GMM_N_INIT : 10, { integer: true, min: 1 }),
    maxIter: number(args.flags, 'max-iter', algorithm === 'kmeans' ? 300 : 100, { integer: true, min: 1 }),
    tol: number(args.flags, 'tol', algorithm === 'kmeans' ? 1e-4 : 1e-3, { min: 0 }),
    regCovar: number(args.flags, 'reg-covar', 1e-6, { min: 0 }),
    seed: number(args.flags, 'seed', 0, { integer: true, min: 0 }),
    standardize,
    screenRestarts: true,
    columnNames: selection.columns,
    init: choice(args.flags, 'init', INITS, 'kmeans'),
    data: selection.matrix.data.slice(),
    nSamples: selection.matrix.nSamples,
    nFeatures: selection.matrix.nFeatures,
    ...(model ? { model, covarianceType: 'full' as const } : {}),
    ...densitySettings(args, algorithm),
  };
}

/** --n-neighbors (spectral), --eps and --min-samples (DBSCAN), --min-cluster-size and --min-samples (HDBSCAN); left out: from the data. */
function densitySettings(args: Args, algorithm: Algorithm): DensitySettings {
  const optional = (name: string, options: { integer?: boolean; min?: number }) => (args.flags.has(name) ? number(args.flags, name, NaN, options) : undefined);
  const owners: Record<string, Algorithm[]> = { 'n-neighbors': ['spectral'], eps: ['dbscan'], 'min-samples': ['dbscan', 'hdbscan'], 'min-cluster-size': ['hdbscan'] };
  for (const [flag, algorithms] of Object.entries(owners)) {
    if (args.flags.has(flag) && !algorithms.includes(algorithm)) { throw new UsageError(`--${flag} is a setting of --algorithm ${algorithms.join(' or ')}, not ${algorithm}`); }
  }
  if (args.flags.has('eps') && !(number(args.flags, 'eps', NaN) > 0)) { throw new UsageError(`--eps must be a number > 0, not "${text(args.flags, 'eps')}"`); }
  return {
    nNeighbors: optional('n-neighbors', { integer: true, min: 2 }),
    eps: optional('eps', { min: 0 }),
    minSamples: optional('min-samples', { integer: true, min: 1 }),
    minClusterSize: optional('min-cluster-size', { integer: true, min: 2 }),
  };
}

/** --model as one of mclust's models (aliases too); refused beside --covariance or k-means. */
export function chosenModel(args: Args, d: number): MixtureModelName | undefined {
  const raw = text(args.flags, 'model');
  if (raw === undefined) { return undefined; }
  if (args.flags.has('covariance')) { throw new UsageError('--model and --covariance both choose the covariance: give one'); }
  const algorithm = args.flags.get('algorithm');
  if (algorithm !== undefined && algorithm !== 'gmm') { throw new UsageError(`--model is for Gaussian mixtures (--algorithm gmm), not ${String(algorithm)}`); }
  try { return resolveModelName(raw, d); } catch (err) { throw new UsageError((err as Error).message); }
}
/** Large data runs on every core, as in the extension (dist/parallelWorker.js beside this file); results are the same. */
let pool: ParallelExecutor | undefined;
export function fit(request: FitRequest): FitResult {
  const threads = threadsForFit(request.nSamples, request.nFeatures);
  const executor: ChunkExecutor = threads < 2 ? inThreadExecutor : (pool ??= createParallelExecutor(threads));
  try {
    return runClusterFit(request, () => {}, executor);
  } finally {
    // the next fit (select) must not find this one's arrays in the pool's memory
    pool?.releaseAll();
  }
}

/** Ends the thread pool, if a fit started one, so the process can exit. */
export function disposePool(): void {
  pool?.dispose();
}
