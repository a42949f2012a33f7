/**
 * Runs fits off the extension host's thread: one worker per fit, so cancel is a terminate() and
 * nothing is left running afterwards.
 */
import type { IterationEvent } from '../core/kmeans';
import type { FitRequest, FitResult } from '../core/clusterFit';
import type { FromWorker, ToWorker } from '../compute/messages';
import type { ComparisonRequest } from '../core/modelComparison';
import type { CompareRun, OnComparedModel } from './compareClient';

export type RanIn = 'worker_threads' | 'web-worker' | 'extension-host';

export class FitCancelledError extends Error {
  constructor() { super('The fit was cancelled.'); }
}

export interface FitRun {
  readonly ranIn: RanIn;
  readonly result: Promise<FitResult>;
  /** Stops the fit at once; `result` rejects with FitCancelledError. */
  cancel(): void;
}

export interface ComputeClient {
  startFit(request: FitRequest, onIteration: (event: IterationEvent) => void): FitRun;
  /** "Compare k": fits k = 1..K in one worker, handing on each model as it is done (compareClient.ts). */
  startCompare(request: ComparisonRequest, onModel: OnComparedModel): CompareRun;
}

/** The little of a worker that the client needs; worker_threads and Web Workers both adapt to it. */
export interface WorkerPort {
  post(message: ToWorker, transfer: ArrayBuffer[]): void;
  onMessage(listener: (message: FromWorker) => void): void;
  onError(listener: (error: Error) => void): void;
  terminate(): void;
}

/** Iteration events are throttled: a fast fit can do thousands a second and the UI needs ~20. */
const ITERATION_EVENT_INTERVAL_MS = 50;

export function startWorkerFit(
  ranIn: RanIn, spawn: () => WorkerPort, request: FitRequest, onIteration: (event: IterationEvent) => void,
): FitRun {
  const worker = spawn();
  let settled = false;
  let lastEvent = 0;
  let rejectResult: (reason: Error) => void = () => {};
  const result = new Promise<FitResult>((resolve, reject) => {
    rejectResult = reject;
    worker.onMessage(message => {
      if (settled) { return; }
      switch (message.type) {
        case 'iterate': {
          const now = Date.now();
          if (now - lastEvent >= ITERATION_EVENT_INTERVAL_MS) { lastEvent = now; onIteration(message.event); }
          return;
        }
        case 'done': settled = true; worker.terminate(); resolve(message.result); return;
        case 'error': settled = true; worker.terminate(); reject(new Error(message.message)); return;
      }
    });
    worker.onError(error => {
      if (settled) { return; }
      settled = true;
      worker.terminate();
      reject(error);
    });
  });
  worker.post({ type: 'fit', request }, [request.data.buffer as ArrayBuffer]);
  return {
    ranIn,
    result,
    cancel() {
      if (settled) { return; }
      settled = true;
      worker.terminate();
      rejectResult(new FitCancelledError());
    },
  };
}
