// One job in one worker: what fits and "Compare k" runs share (settling once, keeping or ending the worker).
import type { FromWorker, ToWorker } from '../compute/messages';
import { FitCancelledError } from './pure/computeClient';
import type { WorkerKeeper } from './workerKeeper';

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
