import * as vscode from 'vscode';
import { type Algorithm, type CovarianceType, FIT_LIMITS, type FitOptions, type MissingPolicy } from '../shared/protocol';

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

/**
 * settings.json is not held to the schema's bounds: the numbers are kept within what the panel's
 * controls (and the protocol's guards) accept, or the panel would refuse its own first options.
 */
export function keepWithinLimits<T extends Omit<FitOptions, 'columns'>>(options: T): T {
  const clamp = (value: number, { min, max }: { min: number; max: number }, fallback: number, integer = true): number => {
    if (typeof value !== 'number' || !Number.isFinite(value)) { return fallback; }
    return Math.max(min, Math.min(max, integer ? Math.round(value) : value));
  };
  return {
    ...options,
    nComponents: clamp(options.nComponents, FIT_LIMITS.nComponents, 3),
    nInit: clamp(options.nInit, FIT_LIMITS.nInit, 1),
    maxIter: clamp(options.maxIter, FIT_LIMITS.maxIter, options.algorithm === 'kmeans' ? 300 : 100),
    tol: clamp(options.tol, FIT_LIMITS.tol, 1e-3, false),
    seed: clamp(options.seed, FIT_LIMITS.seed, 0),
  };
}

/** Rows drawn at most in the scatter plot; statistics always use every row. */
export const MAX_DRAWN_POINTS = 20_000;
export const REG_COVAR = 1e-6;
