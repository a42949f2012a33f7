// The worker as the host sees it, and how a job's data goes to it.
import type { FromWorker, ToWorker } from '../../compute/messages';

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
  if (!sharedMemoryAvailable()) { return values.slice(); }
  const copy = new Float64Array(new SharedArrayBuffer(values.byteLength));
  copy.set(values);
  return copy;
}

/** What to transfer with a request's data: nothing when it is shared memory (it is shared, not moved). */
export function transferOf(data: Float64Array): ArrayBuffer[] {
  return data.buffer instanceof ArrayBuffer ? [data.buffer] : [];
}

/** Whether this host can hand memory to a worker without a copy (Node: yes; a browser only when cross-origin isolated). */
export function sharedMemoryAvailable(): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false;
}
