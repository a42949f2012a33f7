/**
 * VS Code for the web: the extension host is itself a Web Worker. Fits run in a nested dedicated
 * Worker when the host may start one (served over http(s), as on vscode.dev); when it may not
 * (extensions served by a VS Code server, microsoft/vscode#168942) they run in the extension host,
 * which is still off the UI thread.
 */
import * as vscode from 'vscode';
import { byteSourceFromBytes } from '../data/byteSource';
import type { ApplyRequest } from '../core/appliedFit';
import type { FitRequest, FitResult } from '../core/clusterFit';
import type { FitSummary, FitSummaryRequest } from '../core/fitSummary';
import type { IterationEvent } from '../core/kmeans';
import type { ComparisonRequest } from '../core/modelComparison';
import { startInProcessCompare, startWorkerCompare } from './compareClient';
import { startInProcessCompareMethods, startWorkerCompareMethods } from './compareMethodsClient';
import type { MethodComparisonRequest } from '../core/methodComparison';
import { startInProcessModelSearch, startWorkerModelSearch } from './modelSearchClient';
import type { ModelSearchRequest } from '../compute/modelSearchJob';
import type { ModelSearchCell } from '../core/mixtureModels/modelSearch';
import {
  type CompareRun, FitCancelledError, type FitRun, type ModelSearchRun, type OnComparedMethod, type OnComparedModel, type OnSearchedCell, type RanIn,
} from './pure/computeClient';
import { startWorkerApply, startWorkerFit } from './workerFit';
import { WorkerKeeper } from './workerKeeper';
import type { WorkerPort } from './pure/workerPort';
import { startInProcessApply, startInProcessFit } from './pure/inProcessFit';
import { writeLabelledThroughWorkspace } from './labelledWrite';
import type { Platform } from './platform';

export function createWebPlatform(context: vscode.ExtensionContext): Platform {
  const workerUri = vscode.Uri.joinPath(context.extensionUri, 'dist', 'web', 'worker.js');
  let workerUrl: Promise<string | undefined> | undefined;
  const ready = () => (workerUrl ??= loadWorkerUrl(workerUri));
  let keeper: WorkerKeeper | undefined;
  const workers = (url: string): WorkerKeeper => (keeper ??= new WorkerKeeper(() => adaptWorker(new Worker(url))));
  const compute = {
    startFit(request: FitRequest, onIteration: (event: IterationEvent) => void, summarize?: FitSummaryRequest): FitRun {
      const run = startWhenReady<[FitResult, FitSummary | undefined]>(ready(), url => {
        const fit = url
          ? startWorkerFit('web-worker', workers(url), request, onIteration, summarize)
          : startInProcessFit(request, onIteration, undefined, summarize);
        return { ranIn: fit.ranIn, promise: Promise.all([fit.result, fit.summary]), cancel: fit.cancel };
      });
      const summary = run.promise.then(([, s]) => s);
      summary.catch(() => {});
      return { get ranIn() { return run.ranIn; }, result: run.promise.then(([result]) => result), summary, cancel: run.cancel };
    },
    /** "Apply Saved Model": in a nested Worker like a fit, else in the extension host. */
    startApply(request: ApplyRequest, summarize: FitSummaryRequest): FitRun {
      const run = startWhenReady<[FitResult, FitSummary | undefined]>(ready(), url => {
        const apply = url ? startWorkerApply('web-worker', workers(url), request, summarize) : startInProcessApply(request, summarize);
        return { ranIn: apply.ranIn, promise: Promise.all([apply.result, apply.summary]), cancel: apply.cancel };
      });
      const summary = run.promise.then(([, s]) => s);
      summary.catch(() => {});
      return { get ranIn() { return run.ranIn; }, result: run.promise.then(([result]) => result), summary, cancel: run.cancel };
    },
    /** "Compare k": in a nested Worker like a fit, else in the extension host between yields. */
    startCompare(request: ComparisonRequest, onModel: OnComparedModel): CompareRun {
      const run = startWhenReady<void>(ready(), url => {
        const compare = url
          ? startWorkerCompare('web-worker', workers(url), request, onModel)
          : startInProcessCompare(request, onModel);
        return { ranIn: compare.ranIn, promise: compare.done, cancel: compare.cancel };
      });
      return { get ranIn() { return run.ranIn; }, done: run.promise, cancel: run.cancel };
    },
    /** "Compare methods": likewise. */
    startCompareMethods(request: MethodComparisonRequest, onMethod: OnComparedMethod): CompareRun {
      const run = startWhenReady<void>(ready(), url => {
        const compare = url
          ? startWorkerCompareMethods('web-worker', workers(url), request, onMethod)
          : startInProcessCompareMethods(request, onMethod);
        return { ranIn: compare.ranIn, promise: compare.done, cancel: compare.cancel };
      });
      return { get ranIn() { return run.ranIn; }, done: run.promise, cancel: run.cancel };
    },
    /** "Find best model": in a nested Worker like a fit, else in the extension host. */
    startModelSearch(request: ModelSearchRequest, onCell: OnSearchedCell): ModelSearchRun {
      const run = startWhenReady<ModelSearchCell[]>(ready(), url => {
        const search = url ? startWorkerModelSearch('web-worker', workers(url), request, onCell) : startInProcessModelSearch(request, onCell);
        return { ranIn: search.ranIn, promise: search.done, cancel: search.cancel };
      });
      return { get ranIn() { return run.ranIn; }, done: run.promise, cancel: run.cancel };
    },
    prewarm: () => { void ready().then(url => { if (url) { workers(url).prewarm(); } }); },
    dispose: () => keeper?.dispose(),
  };
  const openFile: Platform['openFile'] = async uri => byteSourceFromBytes(await vscode.workspace.fs.readFile(uri));
  return {
    openFile,
    writeLabelled: (source, target, dataset, assignment) => writeLabelledThroughWorkspace(openFile, source, target, dataset, assignment),
    compute,
  };
}

interface Started<T> { readonly ranIn: RanIn; readonly promise: Promise<T>; cancel(): void }

/**
 * A job that can only start once the worker script's URL is known (or known to be unavailable):
 * it reports where it runs once it has started, and a cancel before then stops it from starting.
 */
function startWhenReady<T>(url: Promise<string | undefined>, start: (url: string | undefined) => Started<T>): Started<T> {
  let inner: Started<T> | undefined;
  let cancelled = false;
  const promise = url.then(u => {
    if (cancelled) { throw new FitCancelledError(); }
    inner = start(u);
    return inner.promise;
  });
  return {
    get ranIn() { return inner?.ranIn ?? 'web-worker'; },
    promise,
    cancel() { cancelled = true; inner?.cancel(); },
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
    onMessage: listener => {
      const onMessage = (event: MessageEvent): void => listener(event.data);
      worker.addEventListener('message', onMessage);
      return () => worker.removeEventListener('message', onMessage);
    },
    onError: listener => {
      const onError = (event: ErrorEvent): void => {
        event.preventDefault();
        listener(new Error(event.message || 'The fit worker failed to start.'));
      };
      worker.addEventListener('error', onError);
      return () => worker.removeEventListener('error', onError);
    },
    terminate: () => worker.terminate(),
  };
}
