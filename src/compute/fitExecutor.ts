import type { ChunkExecutor } from '../core/chunkExecutor';
import { inThreadExecutor } from '../core/inThreadExecutor';

/** Where a fit's row passes run; done() is called when the fit is over, failed if it threw. */
export interface FitExecutor { executor: ChunkExecutor; done(failed: boolean): void }

/** Picks the executor for a job of this size (the Node worker: its thread pool for large data). */
export type ExecutorFor = (size: { nSamples: number; nFeatures: number }) => FitExecutor;

/** Runs everything in the worker's own thread (the web worker; small fits). */
export const inThreadFitExecutor: ExecutorFor = () => ({ executor: inThreadExecutor, done: () => {} });
