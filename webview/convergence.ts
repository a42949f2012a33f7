/**
 * The numbers behind the convergence view, pure so they are unit-tested: per restart the value per
 * iteration, and for mixtures the gain per iteration that EM compares with `tol` to stop.
 */
export interface ConvergenceSeries {
  restart: number;
  chosen: boolean;
  /** (x = iteration 1…, y = lower bound or inertia) */
  values: { x: number; y: number }[];
  /** |Δ| between consecutive iterations, from iteration 2 on; zero gains are left out of a log axis */
  gains: { x: number; y: number }[];
}

export function buildConvergenceSeries(histories: readonly Float64Array[], bestRestart: number): ConvergenceSeries[] {
  return histories.map((history, restart) => {
    const values = Array.from(history, (y, i) => ({ x: i + 1, y }));
    const gains: { x: number; y: number }[] = [];
    for (let i = 1; i < history.length; i++) {
      const gain = Math.abs(history[i] - history[i - 1]);
      if (gain > 0 && Number.isFinite(gain)) { gains.push({ x: i + 1, y: gain }); }
    }
    return { restart, chosen: restart === bestRestart, values, gains };
  });
}

/** How the starts of a fit went (FitSnapshot.restarts). */
export interface StartsSummary { nStarts: number; bestStart: number; comparedOnRows: number; sentence: string }

/**
 * The sentence under the chart: what happened, in words, then whether the starts agreed. With
 * starts screened on a sample, `restarts` counts the histories (the starts and the run on all rows).
 */
export function describeConvergence(
  algorithm: 'gmm' | 'kmeans', converged: boolean, nIter: number, tol: number, restarts: number, bestRestart: number,
  starts: StartsSummary | null = null, nSamples = 0,
): string {
  const screened = starts !== null && starts.comparedOnRows < nSamples;
  const kept = screened
    ? ` ${starts.nStarts} starts ran on a sample of ${starts.comparedOnRows.toLocaleString('en-US')} rows; start ${starts.bestStart + 1}, the best there, was run on all ${nSamples.toLocaleString('en-US')} rows.`
    : restarts > 1 ? ` Restart ${bestRestart + 1} of ${restarts} was kept (${algorithm === 'gmm' ? 'highest lower bound' : 'lowest inertia'}).` : '';
  const which = kept + (starts ? ` ${starts.sentence}` : '');
  if (algorithm === 'gmm') {
    return converged
      ? `Converged: after ${nIter} iterations the lower bound gained less than tol = ${tol} per iteration.${which}`
      : `Not converged: the lower bound still gained more than tol = ${tol} after ${nIter} iterations (the limit). Raise the maximum iterations, or the tolerance.${which}`;
  }
  return converged
    ? `Converged: after ${nIter} iterations the centroids stopped moving (shift below the tolerance).${which}`
    : `Not converged after ${nIter} iterations (the limit): raise the maximum iterations.${which}`;
}
