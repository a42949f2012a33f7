import * as vscode from 'vscode';
import { DEFAULT_GMM_N_INIT } from '../core/screenedRestarts';
import { type Algorithm, type AlgorithmDefaults, ALGORITHMS, type CovarianceType, type FitOptions, type MissingPolicy } from '../shared/protocol';
import { keepWithinLimits } from './pure/optionLimits';
import { sampleRowsSetting } from './pure/sampledFile';
import { largeFileMegabytesSetting } from './pure/largeFileThreshold';
import { DEFAULT_SAMPLE_ROWS } from '../data/reservoirSample';

/** The user's defaults for a new fit, from `clusterLens.*` in settings.json. */
export function readFitDefaults(): Omit<FitOptions, 'columns'> {
  const config = vscode.workspace.getConfiguration('clusterLens');
  // a hand-edited setting outside the list must not reach the protocol's guard
  const chosen = config.get<Algorithm>('algorithm', 'gmm');
  const algorithm: Algorithm = ALGORITHMS.includes(chosen) ? chosen : 'gmm';
  const covarianceType = config.get<CovarianceType>('covarianceType', 'full');
  return keepWithinLimits({
    algorithm,
    nComponents: config.get<number>('defaultK', 3),
    covarianceType,
    standardize: config.get<boolean>('standardize', true),
    // spectral clustering's restarts are k-means' (on its embedding)
    nInit: algorithm === 'gmm' ? config.get<number>('gmmNInit', DEFAULT_GMM_N_INIT) : config.get<number>('kmeansNInit', 10),
    maxIter: config.get<number | null>('maxIter', null) ?? (algorithm === 'kmeans' ? 300 : 100),
    tol: algorithm === 'kmeans' ? 1e-4 : config.get<number>('tol', 1e-3),
    seed: config.get<number>('seed', 0),
    missing: config.get<MissingPolicy>('missingValues', 'model'),
  });
}

/**
 * Restarts, iteration limit and tolerance of each algorithm, from settings, read as readFitDefaults
 * reads them for the algorithm it starts with: the panel shows the other algorithm's values when
 * the user switches, instead of carrying one algorithm's over.
 */
export function readAlgorithmDefaults(): AlgorithmDefaults {
  const config = vscode.workspace.getConfiguration('clusterLens');
  const maxIter = config.get<number | null>('maxIter', null);
  // Within the protocol's bounds: a hand-edited setting out of them must not get the message refused.
  const within = (value: unknown, fallback: number, min: number, max: number, integer: boolean) =>
    typeof value === 'number' && Number.isFinite(value) ? Math.max(min, Math.min(max, integer ? Math.round(value) : value)) : fallback;
  const settings = (nInit: unknown, defaultNInit: number, iterations: number, tol: unknown, defaultTol: number) => ({
    nInit: within(nInit, defaultNInit, 1, 1000, true), maxIter: within(maxIter ?? iterations, iterations, 1, 100_000, true), tol: within(tol, defaultTol, 0, 1e6, false),
  });
  return {
    gmm: settings(config.get('gmmNInit', DEFAULT_GMM_N_INIT), DEFAULT_GMM_N_INIT, 100, config.get('tol', 1e-3), 1e-3),
    kmeans: settings(config.get('kmeansNInit', 10), 10, 300, 1e-4, 1e-4),
  };
}

/** Rows of the sample a file too large to read whole is fitted on (`clusterLens.largeFileSampleRows`). */
export function readLargeFileSampleRows(): number {
  return sampleRowsSetting(vscode.workspace.getConfiguration('clusterLens').get('largeFileSampleRows'), DEFAULT_SAMPLE_ROWS);
}

/** Megabytes past which a file is sampled (`clusterLens.largeFileMegabytes`; 0: the host's own limit). */
export function readLargeFileMegabytes(): number {
  return largeFileMegabytesSetting(vscode.workspace.getConfiguration('clusterLens').get('largeFileMegabytes'));
}

/** Rows drawn at most in the scatter plot; statistics always use every row. */
export const MAX_DRAWN_POINTS = 20_000;
export const REG_COVAR = 1e-6;
