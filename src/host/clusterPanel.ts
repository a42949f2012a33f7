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
import { type CompareSession, startComparison } from './pure/comparison';
import { type CompareMethodsSession, startMethodComparison } from './pure/methodComparison';
import { type ModelSearchSession, startModelSearch } from './pure/modelSearchSession';
import { siblingWithSuffix, writeFileAtomically } from './fileWrites';
import { Disposable } from './pure/disposable';
import { exportLabelled, exportModel } from './fitExport';
import { FitTracker } from './pure/fitTracker';
import { log } from './log';
import { comparisonApplies, makePanelId, type PanelMemory, type RememberedComparison } from './pure/panelMemory';
import { buildPanelHtml, makeNonce } from './pure/panelHtml';
import type { Platform } from './platform';
import { throttledReadProgress } from './pure/readProgress';
import { readAlgorithmDefaults, REG_COVAR } from './settings';
import { answerAgreeRequest } from './pure/agreementCounts';
import { answerTableRequest } from './pure/tablePages';
import { LargeFileView } from './largeFile';
import { describeWriteLocation, fileNameOf } from './pure/writeLocation';

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
}

export class ClusterPanel extends Disposable {
  private static readonly open = new Map<string, ClusterPanel>();
  private static lastActive: ClusterPanel | undefined;

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
  /** The latest "Compare k" run (kept after it ends, so a reloaded webview gets its results back). */
  private compare: CompareSession | undefined;
  /** The latest "Compare methods" run (kept after it ends, for a reloaded webview). */
  private compareMethods: CompareMethodsSession | undefined;
  /** The latest "Find best model" run (kept after it ends, like `compare`). */
  private search: ModelSearchSession | undefined;

  static find(uri: vscode.Uri): ClusterPanel | undefined {
    return ClusterPanel.open.get(uri.toString());
  }

  /** `clusterLens.hasFit` shows the export commands in the palette only when there is a fit to export. */
  private static updateHasFit(): void {
    const hasFit = [...ClusterPanel.open.values()].some(p => p.analysis.lastFit !== undefined);
    void vscode.commands.executeCommand('setContext', 'clusterLens.hasFit', hasFit);
  }

  /** The panel the user looked at last: what "Export…" from the palette applies to. */
  static current(): ClusterPanel | undefined {
    return ClusterPanel.lastActive;
  }

  /** A new panel beside the editor, or the file's existing one brought to the front. */
  static show(uri: vscode.Uri, deps: PanelDeps): { panel: ClusterPanel; created: boolean } {
    const existing = ClusterPanel.find(uri);
    if (existing) {
      existing.panel.reveal();
      return { panel: existing, created: false };
    }
    const webviewPanel = vscode.window.createWebviewPanel(
      PANEL_VIEW_TYPE, titleFor(uri), vscode.ViewColumn.Active,
      { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: [webviewRoot(deps.extensionUri)] },
    );
    return { panel: new ClusterPanel(webviewPanel, uri, deps, makePanelId()), created: true };
  }

  /** Re-attaches a panel VS Code restored after a reload; `uri` comes from the host's own memory. */
  static revive(webviewPanel: vscode.WebviewPanel, uri: vscode.Uri, deps: PanelDeps, panelId: string): ClusterPanel {
    webviewPanel.webview.options = { enableScripts: true, localResourceRoots: [webviewRoot(deps.extensionUri)] };
    webviewPanel.title = titleFor(uri);
    return new ClusterPanel(webviewPanel, uri, deps, panelId);
  }

  private constructor(
    readonly panel: vscode.WebviewPanel, readonly uri: vscode.Uri, private readonly deps: PanelDeps, readonly panelId: string,
  ) {
    super();
    this.analysis = new Analysis(uri, deps.platform);
    this.largeFile = new LargeFileView(deps.platform, uri, message => this.post(message));
    ClusterPanel.open.set(uri.toString(), this);
    ClusterPanel.lastActive = this;
    void deps.memory.remember(panelId, { uri: uri.toString() });
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'icon.png');
    const root = webviewRoot(deps.extensionUri);
    panel.webview.html = buildPanelHtml({
      cspSource: panel.webview.cspSource,
      assetUrl: name => panel.webview.asWebviewUri(vscode.Uri.joinPath(root, name)).toString(),
      nonce: makeNonce(),
    });
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(panel.onDidChangeViewState(({ webviewPanel }) => { if (webviewPanel.active) { ClusterPanel.lastActive = this; } }));
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

  private async readAndFit({ options, compare }: StartOptions): Promise<ClusterSummary | undefined> {
    // Everything of the old read goes: its fit, its comparison, what was wrong with it.
    this.reading?.abort();
    const abort = new AbortController();
    this.reading = abort;
    this.fits.clear();
    this.compare?.cancel();
    this.compare = undefined;
    this.compareMethods?.cancel();
    this.compareMethods = undefined;
    this.search?.cancel();
    this.search = undefined;
    this.analysis.reset();
    ClusterPanel.updateHasFit();
    this.lastFailure = undefined;
    this.readCancelled = false;
    this.changed = undefined;
    this.post({ type: 'didStartRead', panelId: this.panelId, fileName: this.analysis.fileName });
    // the fit worker and its threads start while the file is read
    this.deps.platform.compute.prewarm();
    try {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Cluster Lens: reading ${this.analysis.fileName}`, cancellable: true },
        async (progress, token) => {
          token.onCancellationRequested(() => abort.abort());
          const toPanel = throttledReadProgress(message => this.post(message));
          // Where the bytes arrive all at once (workspace.fs in the web host) the reader reports only
          // while it parses: the panel shows the file's size meanwhile.
          let heard = false;
          void Promise.resolve(vscode.workspace.fs.stat(this.uri)).then(stat => {
            if (!heard && this.reading === abort && stat.size > 0) { this.post({ type: 'didProgressRead', bytesRead: 0, totalBytes: stat.size }); }
          }, () => { /* the read itself will say what is wrong */ });
          let reported = 0;
          await this.analysis.load((bytesRead, totalBytes) => {
            heard = true;
            toPanel(bytesRead, totalBytes);
            if (!totalBytes) { return; }
            const percent = (100 * bytesRead) / totalBytes;
            progress.report({ increment: percent - reported, message: `${Math.round(percent)}%` });
            reported = percent;
          }, abort.signal);
        },
      );
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
    if (fit && compare && comparisonApplies(compare, fit.options)) { this.startCompare(compare.kMax, compare.allCovarianceTypes); }
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
    this.compare?.cancel();
    this.compareMethods?.cancel();
    this.lastFailure = undefined;
    const fit = this.analysis.adopt(dataset, build);
    this.post({ type: 'didLoadDataset', fileUri: this.uri.toString(), dataset: this.analysis.summary(), options: fit.options, algorithmDefaults: readAlgorithmDefaults() });
    this.post({ type: 'didFinishFit', fit: fit.snapshot });
    ClusterPanel.updateHasFit();
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

  private async fit(options: FitOptions): Promise<CompletedFit | undefined> {
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
    this.compare?.cancel();
    this.compareMethods?.cancel();
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
          });
          this.fits.end(fit.snapshot.fitId);
          this.largeFile.prepare(fit, this.analysis.sampled);
          this.post({ type: 'didFinishFit', fit: fit.snapshot });
          void this.largeFile.labelEveryRow(fit, this.analysis.sampled, () => !this.isDisposed && this.analysis.lastFit === fit);
          ClusterPanel.updateHasFit();
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

  private startCompare(kMax: number, allCovarianceTypes: boolean): void {
    const fit = this.analysis.lastFit;
    // the panel offers Compare k for the mixture and k-means only (webview/compareView.ts says why)
    if (!fit || (fit.result.algorithm !== 'gmm' && fit.result.algorithm !== 'kmeans')) { return; }
    this.compare?.cancel();
    const session = startComparison(this.deps.platform.compute, fit, kMax, allCovarianceTypes, REG_COVAR, message => {
      this.post(message);
      // A finished comparison is brought back after a reload (run again: it is seeded).
      if (message.type === 'didFinishCompare' && this.compare === session) {
        void this.deps.memory.remember(this.panelId, { uri: this.uri.toString(), compare: { kMax, allCovarianceTypes, options: fit.options } });
      }
    });
    this.compare = session;
  }

  /** "Compare methods" on the current fit's columns, replacing a run in progress. */
  private startCompareMethods(): void {
    const fit = this.analysis.lastFit;
    if (!fit) { return; }
    this.compareMethods?.cancel();
    this.compareMethods = startMethodComparison(this.deps.platform.compute, fit, readAlgorithmDefaults(), REG_COVAR, message => this.post(message));
  }

  /** "Find best model" on the current fit's rows and scaling (a Gaussian mixture's or k-means': the rows are the same). */
  private startModelSearch(kMax: number): void {
    const fit = this.analysis.lastFit;
    const dataset = this.analysis.loaded;
    if (!fit || !dataset) { return; }
    this.search?.cancel();
    this.search = startModelSearch(this.deps.platform.compute, fit, dataset, kMax, REG_COVAR, message => this.post(message));
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
        void this.fit(message.options);
        return;
      case 'cancel':
        if (this.reading) { this.reading.abort(); return; }
        this.analysis.cancel();
        return;
      case 'reread':
        if (!this.reading) { void this.reread(); }
        return;
      case 'compare':
        this.startCompare(message.kMax, message.allCovarianceTypes);
        return;
      case 'cancelCompare':
        this.compare?.cancel();
        return;
      case 'compareMethods':
        this.startCompareMethods();
        return;
      case 'cancelCompareMethods':
        this.compareMethods?.cancel();
        return;
      case 'findBestModel':
        this.startModelSearch(message.kMax);
        return;
      case 'cancelModelSearch':
        this.search?.cancel();
        return;
      case 'saveImage':
        void this.saveImage(message.name, message.png);
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

  private async saveImage(name: string, png: Uint8Array): Promise<void> {
    const target = await vscode.window.showSaveDialog({
      defaultUri: siblingWithSuffix(this.uri, `.${name}`, '.png'), filters: { 'PNG image': ['png'] }, title: 'Save the chart as PNG',
    });
    if (!target) { return; }
    try {
      await writeFileAtomically(target, temporary => Promise.resolve(vscode.workspace.fs.writeFile(temporary, png)));
      const { where } = describeWriteLocation(target, { web: vscode.env.uiKind === vscode.UIKind.Web, remoteName: vscode.env.remoteName });
      void vscode.window.showInformationMessage(`Cluster Lens: saved the chart ${fileNameOf(target)} ${where}.`);
    } catch (err) {
      void vscode.window.showErrorMessage(`Cluster Lens: could not save the chart: ${err instanceof Error ? err.message : String(err)}`);
    }
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
    for (const message of this.compare?.messages ?? []) { this.post(message); }
    for (const message of this.compareMethods?.messages ?? []) { this.post(message); }
    for (const message of this.search?.messages ?? []) { this.post(message); }
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
    this.compare?.cancel();
    this.compareMethods?.cancel();
    this.search?.cancel();
    ClusterPanel.open.delete(this.uri.toString());
    if (ClusterPanel.lastActive === this) { ClusterPanel.lastActive = undefined; }
    ClusterPanel.updateHasFit();
    this.panel.dispose();
  }
}

/** The folder the webview may load from, and nothing else. */
function webviewRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
}

function titleFor(uri: vscode.Uri): string {
  return `Cluster Lens: ${uri.path.split('/').pop() ?? uri.path}`;
}

/**
 * Watches one file for changes, creation and deletion (both extension hosts support
 * createFileSystemWatcher, also outside the workspace through a RelativePattern on its folder).
 */
function watchFile(uri: vscode.Uri, onChange: (deleted: boolean) => void): vscode.Disposable[] {
  const name = uri.path.split('/').pop() ?? '';
  const folder = vscode.Uri.joinPath(uri, '..');
  // A name with glob characters is matched by the folder's '*' and filtered here.
  const pattern = /[*?[\]{}]/.test(name) ? '*' : name;
  try {
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, pattern));
    const same = (changed: vscode.Uri) => changed.toString() === uri.toString();
    return [
      watcher,
      watcher.onDidChange(changed => { if (same(changed)) { onChange(false); } }),
      watcher.onDidCreate(changed => { if (same(changed)) { onChange(false); } }),
      watcher.onDidDelete(changed => { if (same(changed)) { onChange(true); } }),
    ];
  } catch (err) {
    // A file system that cannot be watched still clusters; it just will not say when the file changes.
    log.warn(`Cannot watch ${uri.toString()} for changes: ${err instanceof Error ? err.message : String(err)}`);
    return [];
  }
}
