/** The Node extension host (desktop, Remote-SSH, Codespaces, code-server): real files stream from disk, fits run in worker_threads. */
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import { byteSourceFromBytes } from '../data/byteSource';
import { openFileSource } from '../node/fileSource';
import { readerHeapBudget } from '../node/heapBudget';
import { readTableInWorker } from '../node/tableReadClient';
import { writeLabelledFile } from '../node/labelledFile';
import { openStreamHead, sampleFile, streamLabelToFile } from '../node/labelStream';
import { labelLargeFile, readLargeFileRows } from '../node/largeFile';
import { PARQUET_NAME } from '../data/readTable';
import { writeLabelledThroughWorkspace } from './labelledWrite';
import { startWorkerApply, startWorkerFit } from './workerFit';
import { WorkerKeeper } from './workerKeeper';
import { nodeWorkerPort } from './nodeWorkerPort';
import { startWorkerCompare } from './compareClient';
import { startWorkerCompareMethods } from './compareMethodsClient';
import { startWorkerModelSearch } from './modelSearchClient';
import type { Platform } from './platform';

export function createNodePlatform(context: vscode.ExtensionContext): Platform {
  const workerPath = path.join(context.extensionPath, 'dist', 'worker.js');
  const workers = new WorkerKeeper(() => nodeWorkerPort(new Worker(workerPath)));
  const openFile: Platform['openFile'] = async uri =>
    uri.scheme === 'file' ? openFileSource(uri.fsPath) : byteSourceFromBytes(await vscode.workspace.fs.readFile(uri));
  const readerPath = path.join(context.extensionPath, 'dist', 'readerWorker.js');
  return {
    openFile,
    readerHeapBudget,
    readTableOffThread: (uri, options) => (uri.scheme === 'file' ? readTableInWorker(readerPath, uri.fsPath, options) : undefined),
    async writeLabelled(source, target, dataset, assignment) {
      // Local files stream from disk to disk, so a large file is never held in memory.
      if (source.scheme === 'file' && target.scheme === 'file') { return writeLabelledFile(source.fsPath, target.fsPath, dataset, assignment); }
      return writeLabelledThroughWorkspace(openFile, source, target, dataset, assignment);
    },
    async openStreamHead(uri) {
      if (uri.scheme !== 'file' || PARQUET_NAME.test(uri.fsPath)) { return undefined; }
      const head = await openStreamHead(uri.fsPath);
      if (head.streamable) { return head; }
      await head.close();
      return undefined;
    },
    // A CSV of numbers takes about its own size as typed arrays: beyond a quarter of the memory, sample.
    largeFileBytes: () => os.totalmem() / 4,
    async sampleLargeFile(uri, { rows, seed, signal, onProgress }) {
      if (uri.scheme !== 'file' || PARQUET_NAME.test(uri.fsPath)) { return undefined; }
      const head = await openStreamHead(uri.fsPath);
      if (!head.streamable) { await head.close(); return undefined; }
      return sampleFile(head, rows, seed, { signal, onProgress });
    },
    labelLargeFile: (uri, model, options) => labelLargeFile(uri.fsPath, model, options),
    readLargeFileRows: (uri, layout, first, count) => readLargeFileRows(uri.fsPath, layout, first, count),
    streamLabel: (head, target, model, columns, options) =>
      streamLabelToFile(head, target.fsPath, model, columns, { ...options, format: PARQUET_NAME.test(target.fsPath) ? 'parquet' : 'csv' }),
    compute: {
      startFit: (request, onIteration, summarize) => startWorkerFit('worker_threads', workers, request, onIteration, summarize),
      startApply: (request, summarize) => startWorkerApply('worker_threads', workers, request, summarize),
      startCompare: (request, onModel) => startWorkerCompare('worker_threads', workers, request, onModel),
      startCompareMethods: (request, onMethod) => startWorkerCompareMethods('worker_threads', workers, request, onMethod),
      startModelSearch: (request, onCell) => startWorkerModelSearch('worker_threads', workers, request, onCell),
      prewarm: () => workers.prewarm(),
      dispose: () => workers.dispose(),
    },
  };
}

