/**
 * One webview panel per CSV file: owns the panel's lifecycle, relays typed messages, and runs
 * read → fit for its Analysis with progress and cancel. Closing the panel stops whatever it runs.
 */
import * as vscode from 'vscode';
import { FitRefusal } from '../core/fitFeasibility';
import { CsvError } from '../data/csvError';
import { explainEmptySelection } from '../data/emptySelection';
import { defaultFeatureColumns } from '../data/featureMatrix';
import type { Dataset } from '../data/csvReader';
import {
  type Algorithm, type FitOptions, type HostMessage, parseWebviewMessage, PROTOCOL_VERSION, type WebviewMessage,
} from '../shared/protocol';
import { Analysis, type CompletedFit } from './analysis';
import { FitCancelledError } from './pure/computeClient';
import type { SearchStart } from '../core/mixtureModels/searchStartFit';
import { Disposable } from './pure/disposable';
import { exportLabelled, exportModel } from './fitExport';
import { FitTracker } from './pure/fitTracker';
import { log } from './log';
import { comparisonApplies, methodComparisonApplies, type PanelMemory, type RememberedComparison, type RememberedMethodComparison } from './pure/panelMemory';
import { buildPanelHtml, makeNonce } from './pure/panelHtml';
import type { Platform } from './platform';
import { readAlgorithmDefaults } from './settings';
import { answerAgreeRequest } from './pure/agreementCounts';
import { answerTableRequest } from './pure/tablePages';
import { saveChartImage } from './chartImage';
import { watchFile } from './fileWatch';
import { PanelComparisons } from './panelComparisons';
import { readWithProgress } from './panelRead';
import { LargeFileView } from './largeFile';

export const PANEL_VIEW_TYPE = 'clusterLens.panel';

/** What `clusterLens.cluster` resolves to once the first fit is done (tests and scripts use it). */
export interface ClusterSummary {
  panelTitle: string;
  nSamples: number;
  nFeatures: number;
  k: number;
  algorithm: Algorithm;
  ranIn: 'worker_threads' | 'web-worker' | 'extension-host';
}

/** What every panel needs from the extension. */
export interface PanelDeps {
  readonly platform: Platform;
  readonly extensionUri: vscode.Uri;
  /** Which file each panel shows, for restoring panels after a reload (host-side, never the webview's word). */
  readonly memory: PanelMemory;
}

/** How a read → fit starts. */
export interface StartOptions {
  /** The options to fit with (a restored panel, a file read again); the defaults when absent or when a column is gone. */
  options?: FitOptions;
  /** A comparison to run again once the fit is done (a restored panel). */
  compare?: RememberedComparison;
  /** A comparison of methods to run again once the fit is done (a restored panel). */
  methods?: RememberedMethodComparison;
}

/** What a panel tells the manager that keeps the open panels (src/host/panelManager.ts). */
export interface PanelRegistry {
  opened(panel: ClusterPanel): void;
  /** The panel came to the front: "Export…" from the palette applies to it now. */
  activated(panel: ClusterPanel): void;
  /** A fit came or went: the palette's export commands follow. */
  fitChanged(): void;
  closed(panel: ClusterPanel): void;
}

export class ClusterPanel extends Disposable {
  readonly analysis: Analysis;
  private readonly fits = new FitTracker();
  /** A file too large to read whole: every row labelled after each fit, the table read from the file. */
  private readonly largeFile: LargeFileView;
  private lastFailure: Extract<HostMessage, { type: 'didFail' }> | undefined;
  /** The options of the last fit asked for (it may have been cancelled or have failed). */
  private lastRequested: FitOptions | undefined;
  /** The read in progress; aborted by Cancel and by closing the panel. */
  private reading: AbortController | undefined;
  /** The read → fit in progress: "Cluster CSV…" on the same file waits for it. */
  private starting: Promise<ClusterSummary | undefined> | undefined;
  private readCancelled = false;
  /** Set when the file changed on disk after it was read. */
  private changed: { deleted: boolean } | undefined;
  /** Compare k, Compare methods and Find best model on the current fit. */
  private readonly comparisons: PanelComparisons;

  /** Made by the panel manager (src/host/panelManager.ts), which keeps the open panels. */
  constructor(
    readonly panel: vscode.WebviewPanel, readonly uri: vscode.Uri, private readonly deps: PanelDeps, readonly panelId: string,
    private readonly registry: PanelRegistry,
  ) {
    super();
    this.analysis = new Analysis(uri, deps.platform);
    this.largeFile = new LargeFileView(deps.platform, uri, message => this.post(message));
    this.comparisons = new PanelComparisons(deps.platform.compute, message => this.post(message),
      compare => void deps.memory.remember(panelId, { uri: uri.toString(), compare }),
      methods => void deps.memory.remember(panelId, { uri: uri.toString(), methods }));
    registry.opened(this);
    void deps.memory.remember(panelId, { uri: uri.toString() });
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'icon.png');
    const root = webviewRoot(deps.extensionUri);
    panel.webview.html = buildPanelHtml({
      cspSource: panel.webview.cspSource,
      assetUrl: name => panel.webview.asWebviewUri(vscode.Uri.joinPath(root, name)).toString(),
      nonce: makeNonce(),
    });
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(panel.onDidChangeViewState(({ webviewPanel }) => { if (webviewPanel.active) { registry.activated(this); } }));
    this.register(panel.webview.onDidReceiveMessage(raw => this.receive(raw)));
    for (const watcher of watchFile(uri, deleted => this.fileChanged(deleted))) { this.register(watcher); }
  }

  /**
   * Reads the file and runs the first fit. Resolves with a summary, or undefined when the file was
   * rejected (the user is told why), the read or the fit was cancelled, or the panel was closed.
   */
  start(start: StartOptions = {}): Promise<ClusterSummary | undefined> {
    return this.track(this.readAndFit(start));
  }

  /** Keeps `run` as the one "Cluster CSV…" waits for until it settles. */
  private track(run: Promise<ClusterSummary | undefined>): Promise<ClusterSummary | undefined> {
    this.starting = run;
    const settled = () => { if (this.starting === run) { this.starting = undefined; } };
    run.then(settled, settled);
    return run;
  }

  /**
   * "Cluster CSV…" on a file whose panel is open: a panel in an error state (the read or the fit
   * failed, or the read was cancelled) or whose file changed reads it again; one whose first fit was
   * cancelled fits again; one still reading or fitting is awaited; else the panel as it is.
   */
  runAgain(): Promise<ClusterSummary | undefined> {
    this.panel.reveal();
    if (this.starting) { return this.starting; }
    if (this.lastFailure !== undefined || this.readCancelled || this.changed !== undefined || !this.analysis.loaded) { return this.reread(); }
    if (this.analysis.lastFit === undefined && !this.analysis.fitting) {
      return this.track(this.fit(this.lastRequested ?? this.analysis.defaultOptions()).then(fit => fit && this.summary()));
    }
    return Promise.resolve(this.summary());
  }

  /** Reads the file again and fits it with the options last shown. */
  private reread(): Promise<ClusterSummary | undefined> {
    return this.start({ options: this.analysis.lastFit?.options ?? this.lastRequested });
  }

  private async readAndFit({ options, compare, methods }: StartOptions): Promise<ClusterSummary | undefined> {
    // Everything of the old read goes: its fit, its comparison, what was wrong with it.
    this.reading?.abort();
    const abort = new AbortController();
    this.reading = abort;
    this.fits.clear();
    this.comparisons.clear();
    this.analysis.reset();
    this.registry.fitChanged();
    this.lastFailure = undefined;
    this.readCancelled = false;
    this.changed = undefined;
    this.post({ type: 'didStartRead', panelId: this.panelId, fileName: this.analysis.fileName });
    // the fit worker and its threads start while the file is read
    this.deps.platform.compute.prewarm();
    try {
      await readWithProgress(this.analysis, this.uri, abort, message => this.post(message), () => this.reading === abort);
    } catch (err) {
      // Closed, or a newer read took over: nobody is told about this one.
      if (this.isDisposed || this.reading !== abort) { return undefined; }
      this.reading = undefined;
      if (abort.signal.aborted || (err instanceof CsvError && err.code === 'cancelled')) {
        this.readCancelled = true;
        this.post({ type: 'didCancelRead' });
        return undefined;
      }
      this.fail(err, 'read');
      return undefined;
    }
    if (this.isDisposed || this.reading !== abort) { return undefined; }
    this.reading = undefined;
    const chosen = this.usable(options) ?? this.analysis.defaultOptions();
    this.post({ type: 'didLoadDataset', fileUri: this.uri.toString(), dataset: this.analysis.summary(), options: chosen, algorithmDefaults: readAlgorithmDefaults() });
    // (a change on disk while the file was read is said now; read through a method, as TypeScript
    // does not see that `changed` may be set again while awaiting)
    this.announceChange();
    const fit = await this.fit(chosen);
    if (fit && compare && comparisonApplies(compare, fit.options)) { this.comparisons.startCompare(this.analysis.lastFit, compare.kMax, compare.allCovarianceTypes); }
    if (fit && methods && methodComparisonApplies(methods, fit.options)) { this.comparisons.startCompareMethods(this.analysis.lastFit); }
    return fit && this.summary();
  }

  /** `options` if the file (read again) still has its columns as numbers, else undefined. */
  private usable(options: FitOptions | undefined): FitOptions | undefined {
    const dataset = this.analysis.loaded;
    if (!options || !dataset || options.columns.length === 0) { return undefined; }
    const numeric = new Set(dataset.columns.filter(c => c.kind === 'numeric').map(c => c.name));
    return options.columns.every(c => numeric.has(c)) ? options : undefined;
  }

  /** Shows a saved model applied to this panel's file (Apply Saved Model) as its fit, without fitting. */
  showApplied(dataset: Dataset, build: (fitId: number) => CompletedFit): void {
    this.comparisons.cancelComparisons();
    this.lastFailure = undefined;
    const fit = this.analysis.adopt(dataset, build);
    this.post({ type: 'didLoadDataset', fileUri: this.uri.toString(), dataset: this.analysis.summary(), options: fit.options, algorithmDefaults: readAlgorithmDefaults() });
    this.post({ type: 'didFinishFit', fit: fit.snapshot });
    this.registry.fitChanged();
  }

  /** The current fit in a few numbers, or undefined when there is none (rejected file, cancelled). */
  summary(): ClusterSummary | undefined {
    const fit = this.analysis.lastFit;
    return fit && {
      panelTitle: this.panel.title,
      nSamples: fit.result.nSamples,
      nFeatures: fit.result.nFeatures,
      k: fit.result.nComponents,
      algorithm: fit.result.algorithm,
      ranIn: fit.snapshot.ranIn,
    };
  }

  private async fit(options: FitOptions, fromSearch?: SearchStart): Promise<CompletedFit | undefined> {
    if (this.isDisposed) { return undefined; }
    this.lastRequested = options;
    if (options.columns.length === 0) {
      const dataset = this.analysis.loaded;
      // The user cleared the choice, or nothing could be preselected: each gets its own true reason.
      const why = dataset && defaultFeatureColumns(dataset).length > 0
        ? { message: 'No column is selected.', hint: 'Select at least one numeric column to cluster on.' }
        : dataset ? explainEmptySelection(dataset, this.analysis.fileName) : { message: 'The file has not been read.', hint: 'Run the command again.' };
      this.fail(new CsvError('no-numeric-columns', why.message, why.hint), 'fit');
      return undefined;
    }
    this.lastFailure = undefined;
    // A new fit replaces the model a running comparison was started from.
    this.comparisons.cancelComparisons();
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Cluster Lens: fitting ${this.analysis.fileName}`, cancellable: true },
      async (progress, token) => {
        let fitId: number | undefined;
        // This notification's Cancel stops this fit only, never a newer one that replaced it.
        token.onCancellationRequested(() => { if (fitId !== undefined) { this.analysis.cancel(fitId); } });
        try {
          const fit = await this.analysis.fit(options, {
            onStart: id => {
              fitId = id;
              this.post(this.fits.start(id, options));
            },
            onIteration: (id, event) => {
              const where = event.restart >= options.nInit ? 'the best start on all rows' : `restart ${event.restart + 1}`;
              progress.report({ message: `${where}, iteration ${event.iteration}` });
              this.post({ type: 'didIterate', fitId: id, ...event });
            },
          }, fromSearch);
          this.fits.end(fit.snapshot.fitId);
          this.largeFile.prepare(fit, this.analysis.sampled);
          this.post({ type: 'didFinishFit', fit: fit.snapshot });
          void this.largeFile.labelEveryRow(fit, this.analysis.sampled, () => !this.isDisposed && this.analysis.lastFit === fit);
          this.registry.fitChanged();
          void this.deps.memory.remember(this.panelId, { uri: this.uri.toString(), options: fit.options });
          return fit;
        } catch (err) {
          if (err instanceof FitCancelledError) {
            // Said only when the user cancelled it; a fit replaced by a newer one is not news.
            const cancelled = fitId === undefined ? undefined : this.fits.cancelled(fitId);
            if (cancelled) { this.post(cancelled); }
            return undefined;
          }
          if (fitId !== undefined) { this.fits.end(fitId); }
          this.fail(err, 'fit');
          return undefined;
        }
      },
    );
  }

  private receive(raw: unknown): void {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      log.warn(`Ignored a malformed message from the webview: ${parsed.error}`);
      return;
    }
    this.handle(parsed.message);
  }

  private handle(message: WebviewMessage): void {
    switch (message.type) {
      case 'ready':
        if (message.protocolVersion !== PROTOCOL_VERSION) {
          log.warn(`Webview speaks protocol ${message.protocolVersion}, host ${PROTOCOL_VERSION}.`);
        }
        this.resend();
        return;
      case 'fit':
        if (!this.analysis.loaded || this.reading) { return; }
        void this.fit(message.options, message.fromSearch);
        return;
      case 'cancel':
        if (this.reading) { this.reading.abort(); return; }
        this.analysis.cancel();
        return;
      case 'reread':
        if (!this.reading) { void this.reread(); }
        return;
      case 'compare':
        this.comparisons.startCompare(this.analysis.lastFit, message.kMax, message.allCovarianceTypes);
        return;
      case 'cancelCompare':
        this.comparisons.cancelCompare();
        return;
      case 'compareMethods':
        this.comparisons.startCompareMethods(this.analysis.lastFit);
        return;
      case 'cancelCompareMethods':
        this.comparisons.cancelCompareMethods();
        return;
      case 'findBestModel':
        this.comparisons.startModelSearch(this.analysis.lastFit, this.analysis.loaded, message.kMax);
        return;
      case 'cancelModelSearch':
        this.comparisons.cancelModelSearch();
        return;
      case 'saveImage':
        void saveChartImage(this.uri, message.name, message.png);
        return;
      case 'export':
        void (message.what === 'labelled' ? exportLabelled(this.deps.platform, this) : exportModel(this));
        return;
      case 'requestRows': case 'locateRow': {
        if (this.largeFile.answer(message, this.analysis.loaded, this.analysis.lastFit, this.analysis.sampled)) { return; }
        // Answered at once from the full fit; a request for an older fit gets no reply (the webview has the new one).
        const reply = answerTableRequest(message, this.analysis.loaded, this.analysis.lastFit);
        if (reply) { this.post(reply); }
        return;
      }
      case 'agree': {
        const reply = answerAgreeRequest(message, this.analysis.loaded, this.analysis.lastFit);
        if (reply) { this.post(reply); }
        return;
      }
    }
  }

  /** The file changed on disk: said at once, or once the read in progress is over. */
  private fileChanged(deleted: boolean): void {
    this.changed = { deleted };
    this.announceChange();
  }

  private announceChange(): void {
    if (this.changed && !this.reading) { this.post({ type: 'didChangeFile', deleted: this.changed.deleted }); }
  }

  /** Snapshots, not deltas: a (re)loaded webview gets everything it needs to draw itself. */
  private resend(): void {
    this.post({ type: 'didStartRead', panelId: this.panelId, fileName: this.analysis.fileName });
    if (this.readCancelled) { this.post({ type: 'didCancelRead' }); }
    if (this.analysis.loaded) {
      const options = this.analysis.lastFit?.options ?? this.fits.current?.options ?? this.lastRequested ?? this.analysis.defaultOptions();
      this.post({ type: 'didLoadDataset', fileUri: this.uri.toString(), dataset: this.analysis.summary(), options, algorithmDefaults: readAlgorithmDefaults() });
    }
    if (this.analysis.lastFit) { this.post({ type: 'didFinishFit', fit: this.analysis.lastFit.snapshot }); }
    if (this.fits.current) { this.post(this.fits.current); }
    if (this.lastFailure) { this.post(this.lastFailure); }
    this.announceChange();
    for (const message of this.comparisons.messages()) { this.post(message); }
  }

  private fail(err: unknown, stage: 'read' | 'fit'): void {
    const message = err instanceof Error ? err.message : String(err);
    const hint = err instanceof CsvError || err instanceof FitRefusal ? err.hint : stage === 'read'
      ? 'Check that the file is a delimited text file (CSV or TSV) and try again.'
      : 'Try fewer clusters, other columns, or standardising the columns.';
    if (!(err instanceof CsvError || err instanceof FitRefusal)) { log.error(`${stage} failed for ${this.uri.toString()}`, err); }
    this.lastFailure = { type: 'didFail', message, hint };
    this.post(this.lastFailure);
    void vscode.window.showErrorMessage(`Cluster Lens: ${message} ${hint}`);
  }

  private post(message: HostMessage): void {
    if (!this.isDisposed) { void this.panel.webview.postMessage(message); }
  }

  /** The panel is gone: its read, fit and comparison stop (nobody would see them). */
  override dispose(): void {
    if (this.isDisposed) { return; }
    // Disposed first (listeners let go), so nothing stopped below posts to a closed webview.
    super.dispose();
    this.reading?.abort();
    this.analysis.cancel();
    this.largeFile.cancel();
    this.comparisons.cancelAll();
    this.registry.closed(this);
    this.panel.dispose();
  }
}

/** The folder the webview may load from, and nothing else. */
export function webviewRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
}
