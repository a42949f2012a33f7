/**
 * A fit in the extension host itself, where no worker can be started (the web extension host served
 * by a VS Code server, microsoft/vscode#168942). The engine's fit is one synchronous call, so the
 * host's event loop (and with it a Cancel or a closed panel) is heard only before it starts and
 * after it ends: a cancel settles the run at once, stops a fit that has not started, and throws
 * away the result of one that was running. No vscode here: unit-tested.
 */
import { applySavedModel, type ApplyRequest } from '../../core/appliedFit';
import { type FitRequest, type FitResult, runClusterFit } from '../../core/clusterFit';
import type { IterationEvent } from '../../core/kmeans';
import { summarizeFit, type FitSummaryRequest } from '../../core/fitSummary';
import { FitCancelledError, type FitRun } from './computeClient';

export function startInProcessFit(
  request: FitRequest, onIteration: (event: IterationEvent) => void, fit: typeof runClusterFit = runClusterFit, summarize?: FitSummaryRequest,
): FitRun {
  return startInProcess(request, cancelled => fit(request, event => { if (!cancelled()) { onIteration(event); } }), summarize);
}

/** "Apply Saved Model" where no worker can be started: the same pass and summary, on this thread. */
export function startInProcessApply(request: ApplyRequest, summarize: FitSummaryRequest): FitRun {
  return startInProcess(request, () => applySavedModel(request.saved, { data: request.data, nSamples: request.nSamples, nFeatures: request.nFeatures }), summarize);
}

/** `compute` the result (it may ask whether the run was cancelled meanwhile), then the summary of `rows` when asked. */
function startInProcess(
  rows: { data: Float64Array; nSamples: number; nFeatures: number }, compute: (cancelled: () => boolean) => FitResult, summarize?: FitSummaryRequest,
): FitRun {
  let cancelled = false;
  let stop: (error: Error) => void = () => {};
  const stopped = new Promise<never>((_, reject) => { stop = reject; });
  const work = (async () => {
    // First yield: the caller announces the fit before it blocks this thread, and a cancel that
    // comes in the meantime keeps it from starting at all.
    await new Promise(resolve => setTimeout(resolve, 0));
    if (cancelled) { throw new FitCancelledError(); }
    const result = compute(() => cancelled);
    if (cancelled) { throw new FitCancelledError(); }
    // the summary a worker would have computed with the fit: the same function, on this thread
    const matrix = { data: rows.data, nSamples: rows.nSamples, nFeatures: rows.nFeatures };
    return { result, summary: summarize && summarizeFit(matrix, result, summarize) };
  })();
  const done = Promise.race([work, stopped]);
  const result = done.then(d => d.result);
  const summary = done.then(d => d.summary);
  // whichever loses the race must not be reported as unhandled
  work.catch(() => {});
  stopped.catch(() => {});
  summary.catch(() => {});
  return {
    ranIn: 'extension-host',
    result,
    summary,
    cancel() {
      if (cancelled) { return; }
      cancelled = true;
      stop(new FitCancelledError());
    },
  };
}
