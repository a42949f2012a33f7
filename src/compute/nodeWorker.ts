/**
 * Fit worker for the Node extension host (worker_threads); large fits run on all cores (./parallel).
 * The host keeps this worker between fits (computeClient.WorkerKeeper), so its thread pool is kept
 * too: warm threads with compiled kernels. After each fit the pool lets go of the fit's buffers.
 * "Find best model" runs on the cell pool instead (parallel/modelSearchServer.ts).
 */
import { parentPort } from 'node:worker_threads';
import { inThreadFitExecutor, type ExecutorFor } from './fitExecutor';
import type { ToWorker } from './messages';
import { createParallelExecutor, type ParallelExecutor } from './parallel/pool';
import { machineThreads, threadsForFit } from './parallel/threadCount';
import { serveFit } from './serveFit';
import { createModelSearchServer } from './parallel/modelSearchServer';
import { allowRelaxedSimd } from './relaxedSimd';

// before any kernel compiles in this thread (the fused wide kernels: see relaxedSimd.ts)
allowRelaxedSimd();

let pool: ParallelExecutor | undefined;

// Started with the worker (the host starts it while the file is read): the helper threads are up
// by the time a large fit comes. Idle helpers sleep in Atomics.wait.
if (machineThreads() > 1) { pool = createParallelExecutor(machineThreads()); }

const executorFor: ExecutorFor = size => {
  const threads = threadsForFit(size.nSamples, size.nFeatures);
  if (threads < 2) { return inThreadFitExecutor(size); }
  const executor = (pool ??= createParallelExecutor(threads));
  return {
    executor,
    done(failed) {
      // a failed fit may have lost a helper thread: start afresh next time
      if (failed) { executor.dispose(); pool = undefined; return; }
      executor.releaseAll();
    },
  };
};

const port = parentPort;
if (!port) { throw new Error('nodeWorker.js must run as a worker thread'); }
// "Find best model" runs whole cells on every core (the cell pool, next to this script), as the CLI does
const searches = machineThreads() > 1 ? createModelSearchServer(machineThreads()) : undefined;
port.on('message', (message: ToWorker) => {
  if (message.type === 'searchModels' && searches) { void searches.serve(message.request, m => port.postMessage(m)); return; }
  serveFit(message, (m, transfer = []) => port.postMessage(m, transfer), executorFor);
});
