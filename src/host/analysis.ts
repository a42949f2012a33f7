/**
 * The source of truth for one open CSV: its parsed data, the options of the current fit, and the
 * fit's full result. The panel shows snapshots of it; it never holds UI state.
 */
import * as vscode from 'vscode';
import type { IterationEvent } from '../core/kmeans';
import type { Dataset } from '../data/csvReader';
import { readTable } from '../data/readTable';
import { buildFeatureMatrix, defaultFeatureColumns, missingPolicyFor } from '../data/featureMatrix';
import { assignRows } from '../data/rowAssignment';
import { assertFitFeasible } from '../core/fitFeasibility';
import type { DatasetSummary, FitOptions } from '../shared/protocol';
import type { SearchStart } from '../core/mixtureModels/searchStartFit';
import { FitCancelledError, type FitRun } from './pure/computeClient';
import { dataForWorker, sharedMemoryAvailable } from './pure/workerPort';
import type { Platform } from './platform';
import { summarizeDataset } from './pure/datasetSummary';
import { checkedCovarianceType } from './pure/modelShape';
import { buildSnapshot, summaryRequestFor, type CompletedFit } from './pure/fitSnapshot';
import { shareNumericColumns } from '../data/sharedColumns';
import { readOrSample } from './largeFile';
import { describeSampledFile, type SampledFile } from './pure/sampledFile';

export type { CompletedFit };
import { MAX_DRAWN_POINTS, readFitDefaults, REG_COVAR } from './settings';

export interface FitEvents {
  onStart(fitId: number): void;
  onIteration(fitId: number, event: IterationEvent): void;
}

export class Analysis {
  private dataset: Dataset | undefined;
  private running: { fitId: number; run: FitRun } | undefined;
  private nextFitId = 1;
  lastFit: CompletedFit | undefined;
  /** Set when the file was too large to read whole: the fits run on this sample of it. */
  sampled: SampledFile | undefined;
  /** The web host's word on a file over the user's large-file size, read whole all the same. */
  private largeFileNote: string | undefined;

  constructor(readonly uri: vscode.Uri, private readonly platform: Platform) {}

  get fileName(): string { return this.uri.path.split('/').pop() ?? this.uri.path; }

  get loaded(): Dataset | undefined { return this.dataset; }

  /** Reads and types the file; throws CsvError for input that cannot be clustered. */
  async load(onProgress?: (bytesRead: number, totalBytes: number | undefined) => void, signal?: AbortSignal): Promise<Dataset> {
    // a local file on the Node host is read in a worker thread: the bytes never reach this thread,
    // and a read that exhausts memory ends that thread, not the extension host
    const read = async () => await (this.platform.readTableOffThread?.(this.uri, { fileName: this.fileName, onProgress, signal })
      ?? readTable(await this.platform.openFile(this.uri), { fileName: this.fileName, onProgress, signal, heapBudgetBytes: this.platform.readerHeapBudget?.() }));
    // A file too large to read whole is fitted on a sample (largeFile.ts).
    const { dataset, sampled, note } = await readOrSample(this.platform, this.uri, read, { onProgress, signal });
    // once per file read (the reader's worker did it already): every fit then hands the columns to its worker without a copy
    shareNumericColumns(dataset, sharedMemoryAvailable());
    this.dataset = dataset;
    this.sampled = sampled;
    this.largeFileNote = note;
    return dataset;
  }

  /** Forgets the data and the fit (the file is read again): a running fit is cancelled. */
  reset(): void {
    this.cancel();
    this.dataset = undefined;
    this.lastFit = undefined;
  }

  summary(): DatasetSummary {
    const summary = describeSampledFile(summarizeDataset(this.fileName, this.requireDataset()), this.sampled);
    return this.largeFileNote ? { ...summary, notes: [...summary.notes, this.largeFileNote] } : summary;
  }

  defaultOptions(): FitOptions {
    const dataset = this.requireDataset();
    const defaults = readFitDefaults();
    // k is the user's setting even when the file has fewer rows: the fit then says so (fitFeasibility.ts)
    return { ...defaults, columns: defaultFeatureColumns(dataset) };
  }

  /**
   * Starts a fit, cancelling this file's running one. Rejects with FitCancelledError when cancelled.
   * fromSearch: a cell of "Find best model" opened, fitted as the search fitted it.
   * The result becomes `lastFit` only if the data it was fitted to is still the data read.
   */
  async fit(options: FitOptions, events: FitEvents, fromSearch?: SearchStart): Promise<CompletedFit> {
    this.cancel();
    const dataset = this.requireDataset();
    // Only a mixture models missing cells: k-means and the density methods leave such rows out (the status line says how many)
    const selection = buildFeatureMatrix(dataset, options.columns, missingPolicyFor(options.algorithm, options.missing));
    const { matrix } = selection;
    // An ill-posed or unaffordable request is explained here, before a worker starts (FitRefusal).
    assertFitFeasible({ ...options, covarianceType: checkedCovarianceType(options), nSamples: matrix.nSamples, nFeatures: matrix.nFeatures });
    const fitId = this.nextFitId++;
    // The worker takes ownership of what it is sent, and the selection must stay readable here.
    const data = dataForWorker(matrix.data);
    const run = this.platform.compute.startFit({
      algorithm: options.algorithm, nComponents: options.nComponents, covarianceType: options.covarianceType,
      nInit: options.nInit, maxIter: options.maxIter, tol: options.tol, regCovar: REG_COVAR, seed: options.seed,
      standardize: options.standardize, screenRestarts: true, columnNames: selection.columns,
      // spectral, DBSCAN, HDBSCAN: their own settings (absent: from the data, core/densityFit.ts); eps 0 = from the data
      nNeighbors: options.nNeighbors, eps: options.eps || undefined, minSamples: options.minSamples, minClusterSize: options.minClusterSize,
      // one of mclust's models beyond scikit-learn's four (its covarianceType is then 'full')
      ...(options.algorithm === 'gmm' && options.model ? { model: options.model } : {}),
      // a cell of "Find best model" opened: fitted as the search fitted it (core/mixtureModels/searchStartFit.ts)
      ...(options.algorithm === 'gmm' && fromSearch ? { searchStart: fromSearch } : {}),
      data, nSamples: matrix.nSamples, nFeatures: matrix.nFeatures,
    }, event => events.onIteration(fitId, event), summaryRequestFor(dataset, selection, MAX_DRAWN_POINTS, options.seed));
    this.running = { fitId, run };
    events.onStart(fitId);
    try {
      const result = await run.result;
      // what is computed over all rows came with the result from where the fit ran (core/fitSummary.ts)
      const summary = await run.summary;
      if (this.dataset !== dataset) { throw new FitCancelledError(); }
      const rows = summary?.rows ?? assignRows(dataset.nRows, selection.rowIndex, result.labels, result.resp, result.nComponents);
      const snapshot = buildSnapshot(fitId, options, dataset, selection, result, run.ranIn, MAX_DRAWN_POINTS, rows, summary);
      this.lastFit = { options, selection, result, snapshot, rows };
      return this.lastFit;
    } finally {
      if (this.running?.run === run) { this.running = undefined; }
    }
  }

  /**
   * Makes a fit computed elsewhere the current one (a saved model applied to this file): the
   * dataset it was computed on becomes this analysis' data, and `build` gets this file's next fit id.
   */
  adopt(dataset: Dataset, build: (fitId: number) => CompletedFit): CompletedFit {
    this.cancel();
    this.dataset = dataset;
    this.sampled = undefined;
    this.largeFileNote = undefined;
    this.lastFit = build(this.nextFitId++);
    return this.lastFit;
  }

  get fitting(): boolean { return this.running !== undefined; }

  /** Cancels the running fit, or only fit `fitId` when given (a stale cancel must not stop a newer fit). */
  cancel(fitId?: number): void {
    if (!this.running || (fitId !== undefined && this.running.fitId !== fitId)) { return; }
    this.running.run.cancel();
    this.running = undefined;
  }

  private requireDataset(): Dataset {
    if (!this.dataset) { throw new Error('The file has not been read yet.'); }
    return this.dataset;
  }
}
