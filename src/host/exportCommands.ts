/**
 * The export commands: the labelled CSV and the model of a panel's fit (fitExport.ts does the
 * work; here the panel is found by URI or as the last active one), and applying a saved model to
 * another CSV. Each command takes optional URIs so scripts and tests can skip the dialogs.
 */
import * as vscode from 'vscode';
import { CsvError } from '../data/csvError';
import { readTable } from '../data/readTable';
import { buildFeatureMatrix } from '../data/featureMatrix';
import { parseModel } from '../data/modelFile';
import { applyModelWhereFitsRun } from './pure/appliedModel';
import type { ClusterPanel, PanelDeps } from './clusterPanel';
import { panels } from './panelManager';
import { siblingWithSuffix } from './fileWrites';
import { checkWritable, chooseTarget, CSV_FILTERS, exportLabelled, exportModel, report } from './fitExport';
import { candidateColumns, type FileColumn, listNames, matchModelColumns, resolveModelColumns } from './pure/modelColumns';
import { MAX_DRAWN_POINTS } from './settings';
import { fileNameOf } from './pure/writeLocation';
import { applyModelToDataset } from '../data/appliedLabels';
import type { ModelFile } from '../data/modelFile';
import { fromModelFile } from '../data/portableModelFile';
import type { StreamHead } from '../data/streamHead';
import { log } from './log';

/** Files up to this size are also shown in their panel when a model is applied; larger ones are only labelled (streamed). */
const SHOW_APPLIED_MAX_BYTES = 256 << 20;

/**
 * The file's column for each of the model's, in the model's order: same names as they are; for
 * each name the file lacks, the user's choice among its numeric columns (closest names first).
 * Undefined when the user dismissed a choice (nothing is applied then, and the message says why).
 */
async function chooseModelColumns(modelColumns: readonly string[], fileColumns: readonly FileColumn[], csvName: string, mappingArg: unknown): Promise<string[] | undefined> {
  const match = matchModelColumns(modelColumns, fileColumns);
  if (match.notNumeric.length > 0) {
    throw new CsvError('no-numeric-columns', `The model's ${listNames(match.notNumeric, 'column')} ${match.notNumeric.length > 1 ? 'are' : 'is'} not numeric in ${csvName}.`,
      'Check those columns for text cells (the file summary lists them).');
  }
  const choices = new Map<string, string>();
  if (match.missing.length > 0) {
    const given = typeof mappingArg === 'object' && mappingArg !== null ? mappingArg as Record<string, unknown> : undefined;
    const lacks = `${csvName} lacks the model's ${listNames(match.missing, 'column')}`;
    const taken = new Set(match.matched.flatMap(m => (m.file ? [m.file] : [])));
    for (const [i, missing] of match.missing.entries()) {
      let chosen: string | undefined;
      if (given) {
        chosen = typeof given[missing] === 'string' ? given[missing] as string : undefined;
        if (!chosen) { throw new Error(`${lacks}, and the mapping given names no column for "${missing}".`); }
      } else {
        const candidates = candidateColumns(missing, fileColumns, taken);
        if (candidates.length === 0) {
          throw new Error(`${lacks}, and has no other numeric column left to use for "${missing}".`);
        }
        const pick = await vscode.window.showQuickPick(candidates.map(c => ({
          label: c.name, description: c.sameName ? 'the same name, spelt differently' : undefined,
        })), {
          title: `Cluster Lens: ${lacks} (${i + 1} of ${match.missing.length})`,
          placeHolder: `Which column of ${csvName} holds the model's "${missing}"?`,
          ignoreFocusOut: true,
        });
        chosen = pick?.label;
        if (!chosen) {
          void vscode.window.showInformationMessage(`Cluster Lens: the model was not applied: ${lacks}. Choose a column of the file for each to apply it.`);
          return undefined;
        }
      }
      choices.set(missing, chosen);
      taken.add(chosen);
    }
  }
  return resolveModelColumns(match, choices, fileColumns);
}

export function panelFor(source: unknown): ClusterPanel | undefined {
  return source instanceof vscode.Uri ? panels.find(source) : panels.current();
}

export function registerExportCommands(context: vscode.ExtensionContext, deps: PanelDeps): void {
  const { platform } = deps;
  const exportLabelledOf = (source?: unknown, target?: unknown) => exportLabelled(platform, panelFor(source), target);
  const exportModelOf = (source?: unknown, target?: unknown) => exportModel(panelFor(source), target);

  /**
   * Applies a saved model to a CSV: every model column the file lacks is named, and mapped to one
   * of the file's numeric columns (a QuickPick each; `mappingArg` {model column: file column}
   * answers for scripts and tests); the result opens in the file's panel, and the labelled file is
   * written where the user says (or to `target`).
   */
  const applyModel = (modelArg?: unknown, csvArg?: unknown, target?: unknown, mappingArg?: unknown) => report('wrote the labelled file', async () => {
    const modelUri = modelArg instanceof vscode.Uri ? modelArg : (await vscode.window.showOpenDialog({
      title: 'Cluster Lens: choose a saved model', filters: { 'Cluster Lens model': ['json'] }, canSelectMany: false,
    }))?.[0];
    if (!modelUri) { return undefined; }
    const model = parseModel(new TextDecoder().decode(await vscode.workspace.fs.readFile(modelUri)));
    const csvUri = csvArg instanceof vscode.Uri ? csvArg : (await vscode.window.showOpenDialog({
      title: 'Cluster Lens: choose the CSV to label', filters: { ...CSV_FILTERS, 'Parquet files': ['parquet', 'parq', 'pq'] }, canSelectMany: false,
    }))?.[0];
    if (!csvUri) { return undefined; }
    const csvName = fileNameOf(csvUri);
    // A local CSV on the Node host is labelled in one streaming pass (any size); elsewhere it is read
    // whole, as are density models (they place rows among their stored rows: core/appliedFit.ts).
    const streams = model.algorithm === 'gmm' || model.algorithm === 'kmeans';
    const head = streams ? await platform.openStreamHead?.(csvUri) : undefined;
    if (head) {
      try {
        return await applyStreaming(model, fileNameOf(modelUri), csvUri, head, target, mappingArg);
      } finally {
        await head.close();
      }
    }
    const dataset = await readTable(await platform.openFile(csvUri), { fileName: csvName });
    const columns = await chooseModelColumns(model.columns, dataset.columns, csvName, mappingArg);
    if (!columns) { return undefined; }
    const selection = buildFeatureMatrix(dataset, columns, 'drop');
    if (selection.matrix.nSamples === 0) {
      throw new Error(`${csvName} has no row with a value in every one of the model's columns (${columns.join(', ')}).`);
    }
    const build = await applyModelWhereFitsRun(platform.compute, model, fileNameOf(modelUri), dataset, selection, MAX_DRAWN_POINTS);
    const { panel } = panels.show(csvUri, deps);
    panel.showApplied(dataset, build);
    const { result, rows } = panel.analysis.lastFit!;
    const to = await chooseTarget(target, siblingWithSuffix(csvUri, '.clustered', '.csv'), CSV_FILTERS, 'Export the labelled CSV');
    if (!to) { return undefined; }
    checkWritable(to);
    await platform.writeLabelled(csvUri, to, dataset, { k: result.nComponents, labels: result.labels, probabilities: result.resp, rowIndex: selection.rowIndex, rows });
    return to;
  });

  /**
   * The streaming apply: the columns are matched on the file's head; a file small enough to hold is
   * also read whole and shown in its panel, as before; then every row is labelled in one pass, with
   * progress and Cancel, to a local CSV or Parquet file.
   */
  async function applyStreaming(model: ModelFile, modelName: string, csvUri: vscode.Uri, head: StreamHead, target: unknown, mappingArg: unknown): Promise<vscode.Uri | undefined> {
    const csvName = fileNameOf(csvUri);
    const columns = await chooseModelColumns(model.columns, head.dataset.columns, csvName, mappingArg);
    if (!columns) { return undefined; }
    const dataset = (head.totalBytes ?? Infinity) <= SHOW_APPLIED_MAX_BYTES
      ? await readTable(await platform.openFile(csvUri), { fileName: csvName, heapBudgetBytes: platform.readerHeapBudget?.() }).catch((err: unknown) => {
        // Too large to hold is no reason not to label it: the pass below streams.
        if (err instanceof CsvError && err.code === 'too-large') { return undefined; }
        throw err;
      })
      : undefined;
    if (dataset) {
      const selection = buildFeatureMatrix(dataset, columns, 'drop');
      if (selection.matrix.nSamples === 0) {
        throw new Error(`${csvName} has no row with a value in every one of the model's columns (${columns.join(', ')}).`);
      }
      const build = await applyModelWhereFitsRun(platform.compute, model, modelName, dataset, selection, MAX_DRAWN_POINTS);
      const { panel } = panels.show(csvUri, deps);
      panel.showApplied(dataset, build);
    }
    const to = await chooseTarget(target, siblingWithSuffix(csvUri, '.clustered', '.csv'), { ...CSV_FILTERS, 'Parquet files': ['parquet'] }, 'Export the labelled CSV');
    if (!to) { return undefined; }
    checkWritable(to);
    if (to.scheme !== 'file') {
      // A target on another file system goes through workspace.fs, from the file read whole.
      const dataset = await readTable(await platform.openFile(csvUri), { fileName: csvName, heapBudgetBytes: platform.readerHeapBudget?.() });
      await platform.writeLabelled(csvUri, to, dataset, applyModelToDataset(fromModelFile(model), dataset, columns));
      return to;
    }
    const summary = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Cluster Lens: labelling ${csvName}`, cancellable: true }, async (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      let reported = 0;
      return platform.streamLabel!(head, to, fromModelFile(model), columns, {
        signal: controller.signal,
        onProgress: (bytesRead, totalBytes) => {
          if (!totalBytes) { return; }
          const percent = Math.floor(100 * bytesRead / totalBytes);
          progress.report({ increment: percent - reported, message: `${percent}% (${Math.round(bytesRead / 2 ** 20)} MB)` });
          reported = percent;
        },
      });
    });
    log.info(`applied ${modelName} to ${csvName} by streaming: ${summary.labelled} of ${summary.rows} rows labelled, ${summary.windows} windows`);
    return to;
  }

  context.subscriptions.push(
    vscode.commands.registerCommand('clusterLens.exportLabelled', exportLabelledOf),
    vscode.commands.registerCommand('clusterLens.exportModel', exportModelOf),
    vscode.commands.registerCommand('clusterLens.applyModel', applyModel),
  );
}
