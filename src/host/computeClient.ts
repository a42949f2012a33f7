/**
 * Runs fits off the extension host's thread, in workers: cancel is a terminate(), so nothing is
 * left running afterwards. A worker that finished its job is kept for the next one (WorkerKeeper).
 */
import { FitRefusal } from '../core/fitFeasibility';
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
  /** Starts a worker to keep, if none is kept, so it is up when the fit comes (called while a file is read). */
  prewarm(): void;
  /** Ends the kept worker (deactivation). */
  dispose(): void;
}

/** The little of a worker that the client needs; worker_threads and Web Workers both adapt to it. */
export interface WorkerPort {
  post(message: ToWorker, transfer: ArrayBuffer[]): void;
  /** Adds a listener; returns its removal. */
  onMessage(listener: (message: FromWorker) => void): () => void;
  /** Adds a listener for a crash or a failed start; returns its removal. */
  onError(listener: (error: Error) => void): () => void;
  terminate(): void;
}

/**
 * A copy of a fit's data to send to a worker: in shared memory where this host has it (Node), so
 * the worker's thread pool reads it where it is instead of copying it once more (tens of ms for a
 * million rows); else a plain buffer, transferred. The caller's array stays readable either way.
 */
export function dataForWorker(values: Float64Array): Float64Array {
  const shared = typeof SharedArrayBuffer !== 'undefined' && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false;
  if (!shared) { return values.slice(); }
  const copy = new Float64Array(new SharedArrayBuffer(values.byteLength));
  copy.set(values);
  return copy;
}

/** What to transfer with a request's data: nothing when it is shared memory (it is shared, not moved). */
export function transferOf(data: Float64Array): ArrayBuffer[] {
  return data.buffer instanceof ArrayBuffer ? [data.buffer] : [];
}

/** How long an idle kept worker lives before it is ended (its memory given back). */
const KEEP_IDLE_MS = 5 * 60_000;

/**
 * Where jobs get their workers. A cold worker spends longer warming up (starting its threads,
 * compiling the kernels) than a whole k-means fit of 100,000 rows takes once warm, and people refit
 * the same data again and again (another k, other columns), so one idle worker is kept between
 * jobs. Only a worker whose job ended normally (a result or a reported error) is kept: a cancelled
 * or crashed one is terminated. Jobs that overlap get fresh workers.
 */
export class WorkerKeeper {
  private idle: WorkerPort | undefined;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(private readonly spawn: () => WorkerPort, private readonly idleMs = KEEP_IDLE_MS) {}

  /** The kept worker, or a new one. */
  take(): WorkerPort {
    const worker = this.idle ?? this.spawn();
    this.idle = undefined;
    this.clearTimer();
    return worker;
  }

  /** Starts a worker now to keep for the next job, unless one is kept already. */
  prewarm(): void {
    if (!this.disposed && this.idle === undefined) { this.keep(this.spawn()); }
  }

  /** Keeps a worker whose job is over, or ends it when one is kept already. */
  keep(worker: WorkerPort): void {
    if (this.disposed || this.idle !== undefined) { worker.terminate(); return; }
    this.idle = worker;
    this.idleTimer = setTimeout(() => this.endIdle(), this.idleMs);
    // an idle worker must not keep the extension host (or a test) alive
    (this.idleTimer as { unref?: () => void }).unref?.();
  }

  dispose(): void {
    this.disposed = true;
    this.endIdle();
  }

  private endIdle(): void {
    this.clearTimer();
    this.idle?.terminate();
    this.idle = undefined;
  }

  private clearTimer(): void {
    if (this.idleTimer !== undefined) { clearTimeout(this.idleTimer); }
    this.idleTimer = undefined;
  }
}

/** How a job's messages settle it: each message may resolve or reject it (once). */
export interface JobSettle<T> {
  resolve(value: T): void;
  reject(error: Error): void;
}

/**
 * One job in one worker from `workers`: the job settles once; then the worker goes back to the
 * keeper when the job ended by its answers (result or reported error), and is terminated when it
 * crashed or was cancelled (cancel rejects with FitCancelledError at once). Fits and "Compare k"
 * runs differ only in the message they send and in how they read the answers.
 */
export function runWorkerJob<T>(
  workers: WorkerKeeper, message: ToWorker, transfer: ArrayBuffer[], read: (message: FromWorker, settle: JobSettle<T>) => void,
): { promise: Promise<T>; cancel(): void } {
  const worker = workers.take();
  let settled = false;
  let removeListeners = (): void => {};
  const finish = <A>(f: (a: A) => void, keep: boolean) => (a: A) => {
    if (settled) { return; }
    settled = true;
    removeListeners();
    if (keep) { workers.keep(worker); } else { worker.terminate(); }
    f(a);
  };
  let answered: JobSettle<T> = { resolve: () => {}, reject: () => {} };
  let failed: (error: Error) => void = () => {};
  const promise = new Promise<T>((resolve, reject) => {
    answered = { resolve: finish(resolve, true), reject: finish(reject, true) };
    failed = finish(reject, false);
  });
  const removeMessage = worker.onMessage(answer => { if (!settled) { read(answer, answered); } });
  const removeError = worker.onError(error => failed(error));
  removeListeners = () => { removeMessage(); removeError(); };
  worker.post(message, transfer);
  return { promise, cancel: () => failed(new FitCancelledError()) };
}

/** Iteration events are throttled: a fast fit can do thousands a second and the UI needs ~20. */
const ITERATION_EVENT_INTERVAL_MS = 50;

export function startWorkerFit(
  ranIn: RanIn, workers: WorkerKeeper, request: FitRequest, onIteration: (event: IterationEvent) => void,
): FitRun {
  let lastEvent = 0;
  const job = runWorkerJob<FitResult>(workers, { type: 'fit', request }, transferOf(request.data), (message, settle) => {
    switch (message.type) {
      case 'iterate': {
        const now = Date.now();
        if (now - lastEvent >= ITERATION_EVENT_INTERVAL_MS) { lastEvent = now; onIteration(message.event); }
        return;
      }
      case 'done': settle.resolve(message.result); return;
      case 'error': settle.reject(message.hint === undefined ? new Error(message.message) : new FitRefusal(message.message, message.hint)); return;
      default: return;
    }
  });
  return { ranIn, result: job.promise, cancel: job.cancel };
}
