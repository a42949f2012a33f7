// What every iterative fit shares, whichever the algorithm: the event it reports per iteration
// and the checks of its data and options (k-means and Gaussian mixtures run the same ones).

import { findNonFinite, type DataMatrix } from './dataMatrix';

/** Progress of an iterative fit, reported once per iteration of each restart. */
export interface IterationEvent {
  /** 0-based restart index */
  restart: number;
  /** 1-based iteration within the restart */
  iteration: number;
  /** lower bound (GMM) or inertia (k-means) of that iteration */
  value: number;
}

/** Throws unless X has rows and columns, all of them finite numbers. */
export function checkData(X: DataMatrix): void {
  checkShape(X);
  throwIfNonFinite(X);
}

/** Throws unless X has rows and columns and as many values as they say. */
export function checkShape(X: DataMatrix): void {
  if (X.nSamples < 1) { throw new Error('the data has no rows'); }
  if (X.nFeatures < 1) { throw new Error('the data has no columns'); }
  if (X.data.length !== X.nSamples * X.nFeatures) {
    throw new Error(`data has ${X.data.length} values, expected ${X.nSamples} × ${X.nFeatures}`);
  }
}

/** Throws naming the first value of X that is not a finite number. */
export function throwIfNonFinite(X: DataMatrix): void {
  const bad = findNonFinite(X);
  if (bad >= 0) {
    throw new Error(`row ${Math.floor(bad / X.nFeatures)}, column ${bad % X.nFeatures} is not a finite number (${X.data[bad]})`);
  }
}

/** Throws unless value is an integer ≥ min, naming the option. */
export function checkInteger(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) { throw new Error(`${name} must be an integer ≥ ${min}, got ${value}`); }
}

/** The options that were given: undefined ones dropped, so that spreading over defaults keeps the default. */
export function stripUndefined<T extends object>(options: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(options) as (keyof T)[]) {
    if (options[key] !== undefined) { out[key] = options[key]; }
  }
  return out;
}
