/**
 * The dataset's numeric columns in shared memory, where the host has it (Node), so that every fit
 * hands them to its worker without a copy: the worker summarises them per cluster after the fit
 * (core/fitSummary.ts) instead of the extension host's thread. Moved once per dataset, in place
 * (a Float64Array over shared memory reads like any other), so the columns are never held twice;
 * the reader's worker thread moves them before it posts the dataset (node/tableReadWorker.ts).
 * Where there is no shared memory (the web extension host) they stay, and each fit's message
 * copies them.
 * @param shared whether this host has shared memory (host/pure/workerPort.sharedMemoryAvailable)
 */
import type { Dataset } from './csvReader';

export function shareNumericColumns(dataset: Dataset, shared: boolean): void {
  if (!shared || typeof SharedArrayBuffer === 'undefined') { return; }
  for (const column of dataset.columns) {
    if (column.kind !== 'numeric' || column.values.buffer instanceof SharedArrayBuffer) { continue; }
    const copy = new Float64Array(new SharedArrayBuffer(column.values.byteLength));
    copy.set(column.values);
    column.values = copy;
  }
}
