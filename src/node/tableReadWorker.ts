/**
 * The table reader in a worker thread of the Node extension host (bundled as dist/readerWorker.js):
 * the file's bytes are read and parsed here and never cross to the host, and a read that exhausts
 * this thread's heap ends this thread, not the extension host. The numeric columns go back in
 * shared memory (the host hands them on to the fit workers without a copy); text cells are copied
 * once on the way, as strings must be.
 */
import { parentPort } from 'node:worker_threads';
import { isCsvError } from '../data/csvError';
import { readTable } from '../data/readTable';
import { shareNumericColumns } from '../data/sharedColumns';
import { openFileSource } from './fileSource';
import { readerHeapBudget } from './heapBudget';
import type { FromTableReader, ReadTableJob } from './tableReadMessages';

/** Progress is posted at most this often: the host only updates a percentage. */
const PROGRESS_INTERVAL_MS = 50;

const port = parentPort;
if (!port) { throw new Error('readerWorker.js must run as a worker thread'); }
const post = (message: FromTableReader) => port.postMessage(message);

port.once('message', (job: ReadTableJob) => {
  void (async () => {
    try {
      let last = 0;
      const dataset = await readTable(await openFileSource(job.filePath), {
        fileName: job.fileName,
        heapBudgetBytes: readerHeapBudget(),
        onProgress: (bytesRead, totalBytes) => {
          const now = Date.now();
          if (now - last >= PROGRESS_INTERVAL_MS) { last = now; post({ type: 'progress', bytesRead, totalBytes }); }
        },
      });
      shareNumericColumns(dataset, true);
      post({ type: 'done', dataset });
    } catch (err) {
      post(isCsvError(err)
        ? { type: 'error', message: err.message, hint: err.hint, code: err.code }
        : { type: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  })();
});
