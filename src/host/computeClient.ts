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

/** How a job's messages settle it: each message may resolve or reject it (once). */
export interface JobSettle<T> {
  resolve(value: T): void;
  reject(error: Error): void;
}

/**
 * One job in one fresh worker: the job settles once, the worker is terminated whatever the outcome
 * (result, error, crash, cancel), and cancel rejects with FitCancelledError at once. Fits and
 * "Compare k" runs differ only in the message they send and in how they read the answers.
 */
export function runWorkerJob<T>(
  spawn: () => WorkerPort, message: ToWorker, transfer: ArrayBuffer[], read: (message: FromWorker, settle: JobSettle<T>) => void,
): { promise: Promise<T>; cancel(): void } {
  const worker = spawn();
  let settled = false;
  let settle: JobSettle<T> = { resolve: () => {}, reject: () => {} };
  const promise = new Promise<T>((resolve, reject) => {
    const once = <A>(f: (a: A) => void) => (a: A) => {
      if (settled) { return; }
      settled = true;
      worker.terminate();
      f(a);
    };
    settle = { resolve: once(resolve), reject: once(reject) };
  });
  worker.onMessage(answer => { if (!settled) { read(answer, settle); } });
  worker.onError(error => settle.reject(error));
  worker.post(message, transfer);
  return { promise, cancel: () => settle.reject(new FitCancelledError()) };
}

/** Iteration events are throttled: a fast fit can do thousands a second and the UI needs ~20. */
const ITERATION_EVENT_INTERVAL_MS = 50;

export function startWorkerFit(
  ranIn: RanIn, spawn: () => WorkerPort, request: FitRequest, onIteration: (event: IterationEvent) => void,
): FitRun {
  let lastEvent = 0;
  const job = runWorkerJob<FitResult>(spawn, { type: 'fit', request }, [request.data.buffer as ArrayBuffer], (message, settle) => {
    switch (message.type) {
      case 'iterate': {
        const now = Date.now();
        if (now - lastEvent >= ITERATION_EVENT_INTERVAL_MS) { lastEvent = now; onIteration(message.event); }
        return;
      }
      case 'done': settle.resolve(message.result); return;
      case 'error': settle.reject(new Error(message.message)); return;
      default: return;
    }
  });
  return { ranIn, result: job.promise, cancel: job.cancel };
}
