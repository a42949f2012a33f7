// Messages between the Node extension host and the table reader's worker thread (tableReadWorker.ts).
import type { CsvErrorCode } from '../data/csvError';
import type { Dataset } from '../data/csvReader';

export interface ReadTableJob { filePath: string; fileName: string }

export type FromTableReader =
  | { type: 'progress'; bytesRead: number; totalBytes: number | undefined }
  /** the numeric columns in shared memory: nothing of them is copied on the way to the host or to a fit worker */
  | { type: 'done'; dataset: Dataset }
  /** code: a CsvError's, to be rebuilt on the host; absent for any other failure */
  | { type: 'error'; message: string; hint?: string; code?: CsvErrorCode };
