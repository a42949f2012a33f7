/**
 * Export of a fit: the labelled CSV (original file + cluster, p_cluster1…k, certainty), the model
 * as JSON, and applying a saved model to another CSV. Each command takes optional URIs so scripts
 * and tests can skip the dialogs; without them the user picks, and VS Code's save dialog confirms
 * any overwrite.
 */
import * as vscode from 'vscode';
import { toPortableModel } from '../core/portableModel';
import { CsvError } from '../data/csvError';
import { readCsv } from '../data/csvReader';
import { buildFeatureMatrix } from '../data/featureMatrix';
import { parseModel, serializeModel } from '../data/modelFile';
import { toModelFile } from '../data/portableModelFile';
import type { CompletedFit } from './analysis';
import { buildAppliedFit } from './appliedModel';
import { ClusterPanel, type PanelDeps } from './clusterPanel';
import { siblingWithSuffix, writeFileAtomically } from './fileWrites';
import { log } from './log';
import { candidateColumns, type FileColumn, listNames, matchModelColumns, resolveModelColumns } from './modelColumns';
import { MAX_DRAWN_POINTS } from './settings';
import { describeWriteLocation, fileNameOf } from './writeLocation';

const CSV_FILTERS = { 'CSV files': ['csv', 'tsv', 'txt'] };

function panelFor(source: unknown): ClusterPanel | undefined {
  return source instanceof vscode.Uri ? ClusterPanel.find(source) : ClusterPanel.current();
}

async function chooseTarget(given: unknown, proposed: vscode.Uri, filters: Record<string, string[]>, title: string): Promise<vscode.Uri | undefined> {
  if (given instanceof vscode.Uri) { return given; }
  return vscode.window.showSaveDialog({ defaultUri: proposed, filters, title, saveLabel: 'Export' });
}

/** The fit to export, or a message saying why there is none. */
function requireFit(panel: ClusterPanel | undefined): { panel: ClusterPanel; fit: CompletedFit } | undefined {
  const fit = panel?.analysis.lastFit;
  if (!panel || !fit) {
    void vscode.window.showWarningMessage('Cluster Lens: nothing to export yet. Cluster a CSV file first (right-click it → Cluster CSV…).');
    return undefined;
  }
  return { panel, fit };
}

/**
 * Refuses a target whose file system cannot be written before any work is done: a read-only
 * workspace (a GitHub repository opened in the browser, say) would otherwise fail at the end.
 */
function checkWritable(target: vscode.Uri): void {
  if (vscode.workspace.fs.isWritableFileSystem(target.scheme) === false) {
    throw new Error(`${target.toString()} is in a read-only file system (${target.scheme}): choose a folder you can write to.`);
  }
}

/** The file system's word that the file is there, and not empty: a success message must be true. */
async function confirmWritten(target: vscode.Uri): Promise<void> {
  let size: number;
  try {
    size = (await vscode.workspace.fs.stat(target)).size;
  } catch {
    throw new Error(`the write reported success, but ${target.toString()} cannot be found: nothing was saved.`);
  }
  if (size === 0) { throw new Error(`${target.toString()} is empty after the write: nothing was saved.`); }
}

async function report(what: string, action: () => Promise<vscode.Uri | undefined>): Promise<vscode.Uri | undefined> {
  try {
    const written = await action();
    if (written) {
      await confirmWritten(written);
      const { where } = describeWriteLocation(written, { web: vscode.env.uiKind === vscode.UIKind.Web, remoteName: vscode.env.remoteName });
      void vscode.window.showInformationMessage(`Cluster Lens: ${what} ${fileNameOf(written)} ${where}.`, 'Open').then(choice => {
        if (choice === 'Open') { void vscode.window.showTextDocument(written); }
      });
    }
    return written;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (!(err instanceof CsvError)) { log.error(`export failed: ${what}`, err); }
    void vscode.window.showErrorMessage(`Cluster Lens: ${message}${err instanceof CsvError ? ` ${err.hint}` : ''}`);
    return undefined;
  }
}

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

export function registerExportCommands(context: vscode.ExtensionContext, deps: PanelDeps): void {
  const { platform } = deps;
  const exportLabelled = (source?: unknown, target?: unknown) => report('wrote the labelled file', async () => {
    const found = requireFit(panelFor(source));
    const dataset = found?.panel.analysis.loaded;
    if (!found || !dataset) { return undefined; }
    const { panel, fit } = found;
    const to = await chooseTarget(target, siblingWithSuffix(panel.uri, '.clustered', '.csv'), CSV_FILTERS, 'Export the labelled CSV');
    if (!to) { return undefined; }
    if (to.toString() === panel.uri.toString()) { throw new Error('The labelled file cannot replace its own source: choose another name.'); }
    checkWritable(to);
    await platform.writeLabelled(panel.uri, to, dataset, {
      k: fit.result.nComponents, labels: fit.result.labels, probabilities: fit.result.resp, rowIndex: fit.selection.rowIndex, rows: fit.rows,
    });
    return to;
  });

  const exportModel = (source?: unknown, target?: unknown) => report('saved the model', async () => {
    const found = requireFit(panelFor(source));
    if (!found) { return undefined; }
    const { panel, fit } = found;
    const to = await chooseTarget(target, siblingWithSuffix(panel.uri, '.model', '.json'), { 'Cluster Lens model': ['json'] }, 'Save the model');
    if (!to) { return undefined; }
    checkWritable(to);
    const { options, result } = fit;
    const text = serializeModel(toModelFile(toPortableModel(result), {
      columns: fit.selection.columns,
      covarianceType: result.algorithm === 'gmm' ? result.covarianceType : null,
      options: { nComponents: options.nComponents, nInit: options.nInit, maxIter: options.maxIter, tol: options.tol, seed: options.seed, standardize: options.standardize, missing: options.missing },
      bic: result.bic, aic: result.aic,
    }));
    await writeFileAtomically(to, temporary => Promise.resolve(vscode.workspace.fs.writeFile(temporary, new TextEncoder().encode(text))));
    return to;
  });

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
      title: 'Cluster Lens: choose the CSV to label', filters: CSV_FILTERS, canSelectMany: false,
    }))?.[0];
    if (!csvUri) { return undefined; }
    const csvName = fileNameOf(csvUri);
    const dataset = await readCsv(await platform.openFile(csvUri), { fileName: csvName });
    const columns = await chooseModelColumns(model.columns, dataset.columns, csvName, mappingArg);
    if (!columns) { return undefined; }
    const selection = buildFeatureMatrix(dataset, columns, 'drop');
    if (selection.matrix.nSamples === 0) {
      throw new Error(`${csvName} has no row with a value in every one of the model's columns (${columns.join(', ')}).`);
    }
    const { panel } = ClusterPanel.show(csvUri, deps);
    panel.showApplied(dataset, fitId => buildAppliedFit(model, fileNameOf(modelUri), dataset, selection, fitId, MAX_DRAWN_POINTS));
    const { result, rows } = panel.analysis.lastFit!;
    const to = await chooseTarget(target, siblingWithSuffix(csvUri, '.clustered', '.csv'), CSV_FILTERS, 'Export the labelled CSV');
    if (!to) { return undefined; }
    checkWritable(to);
    await platform.writeLabelled(csvUri, to, dataset, { k: result.nComponents, labels: result.labels, probabilities: result.resp, rowIndex: selection.rowIndex, rows });
    return to;
  });

  context.subscriptions.push(
    vscode.commands.registerCommand('clusterLens.exportLabelled', exportLabelled),
    vscode.commands.registerCommand('clusterLens.exportModel', exportModel),
    vscode.commands.registerCommand('clusterLens.applyModel', applyModel),
  );
}
