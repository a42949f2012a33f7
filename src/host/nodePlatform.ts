/** The Node extension host (desktop, Remote-SSH, Codespaces, code-server): real files stream from disk, fits run in worker_threads. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import type { ByteSource } from '../data/byteSource';
import { byteSourceFromBytes } from '../data/byteSource';
import { startWorkerFit, type WorkerPort } from './computeClient';
import type { Platform } from './platform';

export function createNodePlatform(context: vscode.ExtensionContext): Platform {
  const workerPath = path.join(context.extensionPath, 'dist', 'worker.js');
  const spawn = (): WorkerPort => {
    const worker = new Worker(workerPath);
    return {
      post: (message, transfer) => worker.postMessage(message, transfer),
      onMessage: listener => worker.on('message', listener),
      onError: listener => {
        worker.on('error', listener);
        worker.on('exit', code => { if (code !== 0) { listener(new Error(`The fit worker stopped (exit code ${code}).`)); } });
      },
      terminate: () => { void worker.terminate(); },
    };
  };
  return {
    async openFile(uri) {
      if (uri.scheme !== 'file') { return byteSourceFromBytes(await vscode.workspace.fs.readFile(uri)); }
      const { size } = await fs.promises.stat(uri.fsPath);
      return streamFile(uri.fsPath, size);
    },
    compute: { startFit: (request, onIteration) => startWorkerFit('worker_threads', spawn, request, onIteration) },
  };
}

function streamFile(filePath: string, totalBytes: number): ByteSource {
  return {
    totalBytes,
    chunks: {
      async *[Symbol.asyncIterator]() {
        // 1 MiB reads: few enough chunks to be cheap, small enough for smooth progress.
        for await (const chunk of fs.createReadStream(filePath, { highWaterMark: 1 << 20 })) {
          yield chunk as Uint8Array;
        }
      },
    },
  };
}
