// How many threads a fit runs on: one for small data (starting helpers costs more than it saves),
// else every core of the machine.

import * as os from 'node:os';

/** Below this many values (rows × columns) starting helper threads costs more than it saves. */
const PARALLEL_MIN_VALUES = 50_000;

/** The threads this machine runs at once. */
export function machineThreads(): number {
  return os.availableParallelism();
}

/** How many threads a fit of this size should use: all cores for large data, else 1 (no pool). */
export function threadsForFit(nSamples: number, nFeatures: number): number {
  return nSamples * nFeatures < PARALLEL_MIN_VALUES ? 1 : machineThreads();
}
