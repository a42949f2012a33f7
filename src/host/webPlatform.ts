/**
 * VS Code for the web: the extension host is itself a Web Worker. Fits run in a nested dedicated
 * Worker when the host may start one (served over http(s), as on vscode.dev); when it may not
 * (extensions served by a VS Code server, microsoft/vscode#168942) they run in the extension host,
 * which is still off the UI thread.
 */
import * as vscode from 'vscode';
import { byteSourceFromBytes } from '../data/byteSource';
import { runClusterFit } from '../core/clusterFit';
import { FitCancelledError, type FitRun, startWorkerFit, type WorkerPort } from './computeClient';
import { writeLabelledThroughWorkspace } from './labelledWrite';
import { type CompareRun, startInProcessCompare, startWorkerCompare } from './compareClient';
import type { ComparisonRequest } from '../core/modelComparison';
import type { Platform } from './platform';

export function createWebPlatform(context: vscode.ExtensionContext): Platform {
  const workerUri = vscode.Uri.joinPath(context.extensionUri, 'dist', 'web', 'worker.js');
  let workerUrl: Promise<string | undefined> | undefined;
  const compute = {
    startFit(request: Parameters<typeof runClusterFit>[0], onIteration: Parameters<typeof runClusterFit>[1]): FitRun {
      workerUrl ??= loadWorkerUrl(workerUri);
      let inner: FitRun | undefined;
      let cancelled = false;
      const ranIn = { value: 'web-worker' as FitRun['ranIn'] };
      const result = workerUrl.then(url => {
        if (cancelled) { throw new FitCancelledError(); }
        if (url) {
          inner = startWorkerFit('web-worker', () => adaptWorker(new Worker(url)), request, onIteration);
          return inner.result;
        }
        ranIn.value = 'extension-host';
        return runClusterFit(request, onIteration);
      });
      return {
        get ranIn() { return ranIn.value; },
        result,
        cancel() { cancelled = true; inner?.cancel(); },
      };
    },
    /** "Compare k": in a nested Worker like a fit, else in the extension host between yields. */
    startCompare(request: ComparisonRequest, onModel: Parameters<typeof startInProcessCompare>[1]): CompareRun {
      workerUrl ??= loadWorkerUrl(workerUri);
      let inner: CompareRun | undefined;
      let cancelled = false;
      const ranIn = { value: 'web-worker' as CompareRun['ranIn'] };
      const done = workerUrl.then(url => {
        if (cancelled) { throw new FitCancelledError(); }
        inner = url
          ? startWorkerCompare('web-worker', () => adaptWorker(new Worker(url)), request, onModel)
          : startInProcessCompare(request, onModel);
        ranIn.value = inner.ranIn;
        return inner.done;
      });
      return {
        get ranIn() { return ranIn.value; },
        done,
        cancel() { cancelled = true; inner?.cancel(); },
      };
    },
  };
  const openFile: Platform['openFile'] = async uri => byteSourceFromBytes(await vscode.workspace.fs.readFile(uri));
  return {
    openFile,
    writeLabelled: (source, target, dataset, assignment) => writeLabelledThroughWorkspace(openFile, source, target, dataset, assignment),
    compute,
  };
}

/**
 * The worker script lives on the extension's origin, which is not the extension host's, so it is
 * fetched and started from a blob: URL. Undefined when workers cannot be made here at all.
 */
async function loadWorkerUrl(workerUri: vscode.Uri): Promise<string | undefined> {
  if (typeof Worker === 'undefined') { return undefined; }
  try {
    const scheme = workerUri.scheme;
    if (scheme !== 'http' && scheme !== 'https') { return undefined; }
    const response = await fetch(workerUri.toString(true));
    if (!response.ok) { return undefined; }
    const blob = new Blob([await response.text()], { type: 'text/javascript' });
    return URL.createObjectURL(blob);
  } catch {
    return undefined;
  }
}

function adaptWorker(worker: Worker): WorkerPort {
  return {
    post: (message, transfer) => worker.postMessage(message, transfer),
    onMessage: listener => worker.addEventListener('message', event => listener(event.data)),
    onError: listener => worker.addEventListener('error', event => {
      event.preventDefault();
      listener(new Error(event.message || 'The fit worker failed to start.'));
    }),
    terminate: () => worker.terminate(),
  };
}
