import * as vscode from 'vscode';
import type { Algorithm, CovarianceType, FitOptions, MissingPolicy } from '../shared/protocol';
import { keepWithinLimits } from './optionLimits';

/** The user's defaults for a new fit, from `clusterLens.*` in settings.json. */
export function readFitDefaults(): Omit<FitOptions, 'columns'> {
  const config = vscode.workspace.getConfiguration('clusterLens');
  const algorithm = config.get<Algorithm>('algorithm', 'gmm');
  const covarianceType = config.get<CovarianceType>('covarianceType', 'full');
  return keepWithinLimits({
    algorithm,
    nComponents: config.get<number>('defaultK', 3),
    covarianceType,
    standardize: config.get<boolean>('standardize', true),
    nInit: algorithm === 'kmeans' ? config.get<number>('kmeansNInit', 10) : config.get<number>('gmmNInit', 1),
    maxIter: config.get<number | null>('maxIter', null) ?? (algorithm === 'kmeans' ? 300 : 100),
    tol: algorithm === 'kmeans' ? 1e-4 : config.get<number>('tol', 1e-3),
    seed: config.get<number>('seed', 0),
    missing: config.get<MissingPolicy>('missingValues', 'drop'),
  });
}

/** Rows drawn at most in the scatter plot; statistics always use every row. */
export const MAX_DRAWN_POINTS = 20_000;
export const REG_COVAR = 1e-6;
