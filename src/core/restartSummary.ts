/**
 * What the restarts of a fit say about its optimum, in one sentence for the status line, the
 * Convergence view and the CLI: when the starts stop at materially different optima, a fit with
 * fewer starts (or another seed) could have returned a worse model, and the user should know.
 */
import type { Algorithm } from './algorithm';

export interface RestartSummary {
  nStarts: number;
  /** 0-based start whose optimum is kept */
  bestStart: number;
  /** starts whose optimum is materially better than the first start's */
  nBetterThanFirst: number;
  /** starts whose optimum is materially worse than the kept one */
  nWorseThanBest: number;
  /** rows the starts were compared on: all the fitted rows, or a sample of them (screenedRestarts.ts) */
  comparedOnRows: number;
  /** true when the starts did not all reach the same optimum */
  disagree: boolean;
  sentence: string;
}

/**
 * The smallest difference that counts as another optimum. Mixtures: mean log-likelihood per row,
 * ten times the stopping tolerance (EM stops while still gaining up to a few tol in all, so starts
 * in one basin end within that) and at least 0.001 nats. k-means: 0.1 % of the inertia.
 */
export function materialDifference(algorithm: Algorithm, tol: number, reference: number): number {
  return algorithm === 'gmm' ? Math.max(10 * tol, 1e-3) : 1e-3 * Math.abs(reference);
}

/**
 * Compares the final values of the starts: lower bounds (mixtures, higher is better) or inertias
 * (k-means, lower is better). Null for a single start. `finals[bestStart]` is the kept optimum.
 */
export function summarizeRestarts(
  algorithm: Algorithm, finals: readonly number[], bestStart: number, tol: number, comparedOnRows: number, nSamples: number,
): RestartSummary | null {
  const nStarts = finals.length;
  if (nStarts < 2) { return null; }
  const sign = algorithm === 'gmm' ? 1 : -1;
  const first = finals[0]!;
  const best = finals[bestStart]!;
  const margin = materialDifference(algorithm, tol, best);
  // a start that produced no value (e.g. maxIter 0) neither counts as better nor as worse
  const better = finals.filter(v => Number.isFinite(v) && sign * (v - first) > margin).length;
  const worse = finals.filter(v => Number.isFinite(v) && sign * (best - v) > margin).length;
  const where = comparedOnRows < nSamples ? ` (starts compared on a sample of ${comparedOnRows.toLocaleString('en-US')} rows)` : '';
  let sentence: string;
  if (better > 0) {
    // a difference, not the values: it reads the same in z-scores and in the file's units
    const gain = algorithm === 'gmm'
      ? `its lower bound is ${formatValue(best - first)} per row higher`
      : `its inertia is ${formatValue((100 * (first - best)) / first)} % lower`;
    sentence = `${better} of ${nStarts} starts reached a better optimum than the first; start ${bestStart + 1} is kept (${gain})${where}.`;
  } else if (worse > 0) {
    sentence = `${worse} of ${nStarts} starts stopped at a worse optimum than the kept one (start ${bestStart + 1})${where}: a fit with fewer starts might have stopped there too.`;
  } else {
    sentence = `All ${nStarts} starts reached the same optimum${where}.`;
  }
  return { nStarts, bestStart, nBetterThanFirst: better, nWorseThanBest: worse, comparedOnRows, disagree: better + worse > 0, sentence };
}

function formatValue(v: number): string {
  return Math.abs(v) >= 1e5 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(2) : v.toPrecision(3);
}
