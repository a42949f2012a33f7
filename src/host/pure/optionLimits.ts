/** Fit options from settings.json, held to what the panel accepts. No vscode here: unit-tested. */
import { FIT_LIMITS, type FitOptions } from '../../shared/protocol';

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
