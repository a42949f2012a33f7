import type { Worker } from 'node:worker_threads';
import type { WorkerPort } from './pure/workerPort';

/** A worker_threads Worker as the compute client sees it; an exit it did not ask for is an error. */
export function nodeWorkerPort(worker: Worker): WorkerPort {
  return {
    post: (message, transfer) => worker.postMessage(message, transfer),
    onMessage: listener => {
      worker.on('message', listener);
      return () => { worker.off('message', listener); };
    },
    onError: listener => {
      const onExit = (code: number): void => { if (code !== 0) { listener(new Error(`The fit worker stopped (exit code ${code}).`)); } };
      worker.on('error', listener);
      worker.on('exit', onExit);
      return () => { worker.off('error', listener); worker.off('exit', onExit); };
    },
    terminate: () => { void worker.terminate(); },
  };
}
