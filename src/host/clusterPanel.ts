/**
 * One webview panel per CSV file: owns the panel's lifecycle, relays typed messages, and runs
 * load → fit for its Analysis with progress and cancel.
 */
import * as vscode from 'vscode';
import { FitRefusal } from '../core/fitFeasibility';
import { CsvError } from '../data/csvError';
import { explainEmptySelection } from '../data/emptySelection';
import { defaultFeatureColumns } from '../data/featureMatrix';
import type { Dataset } from '../data/csvReader';
import {
  type FitOptions, type HostMessage, parseWebviewMessage, PROTOCOL_VERSION, type WebviewMessage,
} from '../shared/protocol';
import { Analysis, type CompletedFit } from './analysis';
import { FitCancelledError } from './computeClient';
import { type CompareSession, startComparison } from './comparison';
import { siblingWithSuffix, writeFileAtomically } from './fileWrites';
import { log } from './log';
import { buildPanelHtml, makeNonce } from './panelHtml';
import type { Platform } from './platform';
import { readAlgorithmDefaults, REG_COVAR } from './settings';
import { answerTableRequest } from './tablePages';
import { describeWriteLocation, fileNameOf } from './writeLocation';

export const PANEL_VIEW_TYPE = 'clusterLens.panel';

/** What `clusterLens.cluster` resolves to once the first fit is done (tests and scripts use it). */
export interface ClusterSummary {
  panelTitle: string;
  nSamples: number;
  nFeatures: number;
  k: number;
  algorithm: 'gmm' | 'kmeans';
  ranIn: 'worker_threads' | 'web-worker' | 'extension-host';
}

export class ClusterPanel {
  private static readonly open = new Map<string, ClusterPanel>();
  private static lastActive: ClusterPanel | undefined;

  readonly analysis: Analysis;
  private readonly disposables: vscode.Disposable[] = [];
  private lastFailure: Extract<HostMessage, { type: 'didFail' }> | undefined;
  private fitStart: Extract<HostMessage, { type: 'didStartFit' }> | undefined;
  private disposed = false;
  /** The latest "Compare k" run (kept after it ends, so a reloaded webview gets its results back). */
  private compare: CompareSession | undefined;

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
  static show(uri: vscode.Uri, platform: Platform, extensionUri: vscode.Uri): { panel: ClusterPanel; created: boolean } {
    const existing = ClusterPanel.find(uri);
    if (existing) {
      existing.panel.reveal();
      return { panel: existing, created: false };
    }
    const webviewPanel = vscode.window.createWebviewPanel(
      PANEL_VIEW_TYPE, titleFor(uri), vscode.ViewColumn.Active,
      { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: [webviewRoot(extensionUri)] },
    );
    return { panel: new ClusterPanel(webviewPanel, uri, platform, extensionUri), created: true };
  }

  /** Re-attaches a panel VS Code restored after a reload. */
  static revive(webviewPanel: vscode.WebviewPanel, uri: vscode.Uri, platform: Platform, extensionUri: vscode.Uri): ClusterPanel {
    webviewPanel.webview.options = { enableScripts: true, localResourceRoots: [webviewRoot(extensionUri)] };
    webviewPanel.title = titleFor(uri);
    return new ClusterPanel(webviewPanel, uri, platform, extensionUri);
  }

  private constructor(
    readonly panel: vscode.WebviewPanel, readonly uri: vscode.Uri, private readonly platform: Platform, extensionUri: vscode.Uri,
  ) {
    this.analysis = new Analysis(uri, platform);
    ClusterPanel.open.set(uri.toString(), this);
    ClusterPanel.lastActive = this;
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
    const root = webviewRoot(extensionUri);
    panel.webview.html = buildPanelHtml({
      cspSource: panel.webview.cspSource,
      assetUrl: name => panel.webview.asWebviewUri(vscode.Uri.joinPath(root, name)).toString(),
      nonce: makeNonce(),
    });
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState(({ webviewPanel }) => { if (webviewPanel.active) { ClusterPanel.lastActive = this; } }),
      panel.webview.onDidReceiveMessage(raw => this.receive(raw)),
    );
  }

  /**
   * Reads the file and runs the first fit. Resolves with a summary, or undefined when the file was
   * rejected (the user is told why) or the fit was cancelled.
   */
  async start(options?: FitOptions): Promise<ClusterSummary | undefined> {
    // the fit worker and its threads start while the file is read
    this.platform.compute.prewarm();
    try {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Cluster Lens: reading ${this.analysis.fileName}`, cancellable: true },
        async (progress, token) => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          let reported = 0;
          await this.analysis.load((bytesRead, totalBytes) => {
            if (!totalBytes) { return; }
            const percent = (100 * bytesRead) / totalBytes;
            progress.report({ increment: percent - reported, message: `${Math.round(percent)}%` });
            reported = percent;
          }, abort.signal);
        },
      );
    } catch (err) {
      this.fail(err, 'read');
      return undefined;
    }
    const chosen = options && options.columns.length > 0 ? options : this.analysis.defaultOptions();
    this.post({ type: 'didLoadDataset', fileUri: this.uri.toString(), dataset: this.analysis.summary(), options: chosen, algorithmDefaults: readAlgorithmDefaults() });
    return (await this.fit(chosen)) && this.summary();
  }

  /** Shows a saved model applied to this panel's file (Apply Saved Model) as its fit, without fitting. */
  showApplied(dataset: Dataset, build: (fitId: number) => CompletedFit): void {
    this.compare?.cancel();
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
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Cluster Lens: fitting ${this.analysis.fileName}`, cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => this.analysis.cancel());
        try {
          const fit = await this.analysis.fit(options, {
            onStart: fitId => {
              this.fitStart = { type: 'didStartFit', fitId, options };
              this.post(this.fitStart);
            },
            onIteration: (fitId, event) => {
              const where = event.restart >= options.nInit ? 'the best start on all rows' : `restart ${event.restart + 1}`;
              progress.report({ message: `${where}, iteration ${event.iteration}` });
              this.post({ type: 'didIterate', fitId, ...event });
            },
          });
          this.fitStart = undefined;
          this.post({ type: 'didFinishFit', fit: fit.snapshot });
          ClusterPanel.updateHasFit();
          return fit;
        } catch (err) {
          const cancelledId = this.fitStart?.fitId;
          this.fitStart = undefined;
          if (err instanceof FitCancelledError) {
            if (cancelledId !== undefined) { this.post({ type: 'didCancelFit', fitId: cancelledId }); }
            return undefined;
          }
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
        if (!this.analysis.loaded) { return; }
        void this.fit(message.options);
        return;
      case 'cancel':
        this.analysis.cancel();
        return;
      case 'compare': {
        const fit = this.analysis.lastFit;
        if (!fit) { return; }
        this.compare?.cancel();
        this.compare = startComparison(this.platform.compute, fit, message.kMax, message.allCovarianceTypes, REG_COVAR, m => this.post(m));
        return;
      }
      case 'cancelCompare':
        this.compare?.cancel();
        return;
      case 'saveImage':
        void this.saveImage(message.name, message.png);
        return;
      case 'export':
        void vscode.commands.executeCommand(message.what === 'labelled' ? 'clusterLens.exportLabelled' : 'clusterLens.exportModel', this.uri);
        return;
      case 'requestRows': case 'locateRow': {
        // Answered at once from the full fit; a request for an older fit gets no reply (the webview has the new one).
        const reply = answerTableRequest(message, this.analysis.loaded, this.analysis.lastFit);
        if (reply) { this.post(reply); }
        return;
      }
    }
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
    if (this.analysis.loaded) {
      const options = this.analysis.lastFit?.options ?? this.fitStart?.options ?? this.analysis.defaultOptions();
      this.post({ type: 'didLoadDataset', fileUri: this.uri.toString(), dataset: this.analysis.summary(), options, algorithmDefaults: readAlgorithmDefaults() });
    }
    if (this.analysis.lastFit) { this.post({ type: 'didFinishFit', fit: this.analysis.lastFit.snapshot }); }
    if (this.fitStart) { this.post(this.fitStart); }
    if (this.lastFailure) { this.post(this.lastFailure); }
    for (const message of this.compare?.messages ?? []) { this.post(message); }
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
    if (!this.disposed) { void this.panel.webview.postMessage(message); }
  }

  dispose(): void {
    if (this.disposed) { return; }
    this.disposed = true;
    this.analysis.cancel();
    this.compare?.cancel();
    ClusterPanel.open.delete(this.uri.toString());
    if (ClusterPanel.lastActive === this) { ClusterPanel.lastActive = undefined; }
    ClusterPanel.updateHasFit();
    for (const d of this.disposables) { d.dispose(); }
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
