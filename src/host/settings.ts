import * as vscode from 'vscode';
import type { Algorithm, AlgorithmDefaults, CovarianceType, FitOptions, MissingPolicy } from '../shared/protocol';

/** The user's defaults for a new fit, from `clusterLens.*` in settings.json. */
export function readFitDefaults(): Omit<FitOptions, 'columns'> {
  const config = vscode.workspace.getConfiguration('clusterLens');
  const algorithm = config.get<Algorithm>('algorithm', 'gmm');
  const covarianceType = config.get<CovarianceType>('covarianceType', 'full');
  return {
    algorithm,
    nComponents: config.get<number>('defaultK', 3),
    covarianceType,
    standardize: config.get<boolean>('standardize', true),
    ...readAlgorithmDefaults()[algorithm],
    seed: config.get<number>('seed', 0),
    missing: config.get<MissingPolicy>('missingValues', 'drop'),
  };
}

/**
 * Restarts, iteration limit and tolerance of each algorithm, from settings: the panel shows the
 * other algorithm's values when the user switches, instead of carrying one algorithm's over.
 */
export function readAlgorithmDefaults(): AlgorithmDefaults {
  const config = vscode.workspace.getConfiguration('clusterLens');
  const maxIter = config.get<number | null>('maxIter', null);
  return {
    gmm: { nInit: config.get<number>('gmmNInit', 1), maxIter: maxIter ?? 100, tol: config.get<number>('tol', 1e-3) },
    kmeans: { nInit: config.get<number>('kmeansNInit', 10), maxIter: maxIter ?? 300, tol: 1e-4 },
  };
}

/** Rows drawn at most in the scatter plot; statistics always use every row. */
export const MAX_DRAWN_POINTS = 20_000;
export const REG_COVAR = 1e-6;
