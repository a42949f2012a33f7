/**
 * Reads a local table in a worker thread (tableReadWorker.ts) for the Node extension host: the
 * host's thread stays free while a large file is parsed, and a file whose text would exhaust the
 * heap ends the worker, not the extension host. Cancel (the signal) terminates the worker at once.
 */
import { Worker } from 'node:worker_threads';
import { CsvError } from '../data/csvError';
import type { Dataset } from '../data/csvReader';
import type { FromTableReader, ReadTableJob } from './tableReadMessages';

export interface TableReadOptions {
  fileName: string;
  onProgress?: (bytesRead: number, totalBytes: number | undefined) => void;
  signal?: AbortSignal;
  /** The worker's heap limits (tests; by default a worker's, as large as the host's). */
  resourceLimits?: { maxOldGenerationSizeMb?: number; maxYoungGenerationSizeMb?: number };
}

/** @param workerPath dist/readerWorker.js */
export function readTableInWorker(workerPath: string, filePath: string, options: TableReadOptions): Promise<Dataset> {
  return new Promise<Dataset>((resolve, reject) => {
    if (options.signal?.aborted) { reject(cancelled()); return; }
    const worker = new Worker(workerPath, options.resourceLimits ? { resourceLimits: options.resourceLimits } : {});
    let settled = false;
    const settle = (f: () => void) => {
      if (settled) { return; }
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      f();
    };
    const onAbort = () => settle(() => reject(cancelled()));
    options.signal?.addEventListener('abort', onAbort);
    worker.on('message', (message: FromTableReader) => {
      switch (message.type) {
        case 'progress': if (!settled) { options.onProgress?.(message.bytesRead, message.totalBytes); } return;
        case 'done': settle(() => resolve(message.dataset)); return;
        case 'error': settle(() => reject(message.code
          ? new CsvError(message.code, message.message, message.hint ?? '')
          : new CsvError('read-failed', `The file could not be read (${message.message}).`, 'Please report this with the file if possible; meanwhile try saving it again as a plain UTF-8 CSV.')));
      }
    });
    worker.on('error', (err: Error & { code?: string }) => settle(() => reject(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? outOfMemory(options.fileName) : err)));
    worker.on('exit', code => settle(() => reject(new CsvError('read-failed', `The file could not be read (the reader stopped, exit code ${code}).`,
      'Please report this with the file if possible; meanwhile try saving it again as a plain UTF-8 CSV.'))));
    const job: ReadTableJob = { filePath, fileName: options.fileName };
    worker.postMessage(job);
  });
}

function cancelled(): CsvError {
  return new CsvError('cancelled', 'Reading the file was cancelled.', 'Run the command again to read it.');
}

function outOfMemory(fileName: string): CsvError {
  return new CsvError('too-large', `${fileName} needs more memory to read than Cluster Lens may use here; the read was stopped (the editor is unaffected).`,
    'Remove the text columns you do not need (they are not clustered on: only numbers are), or cluster a part of the rows (e.g. the first million lines of the file).');
}
