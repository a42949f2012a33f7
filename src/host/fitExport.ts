/**
 * Exports of a panel's fit: the labelled CSV (original file + cluster, p_cluster1…k, certainty) and
 * the model as JSON, each confirmed on disk and reported to the user. The panel calls these
 * directly; the export commands (exportCommands.ts) find the panel first. Without a target the
 * user picks, and VS Code's save dialog confirms any overwrite.
 */
import * as vscode from 'vscode';
import { toPortableModel } from '../core/portableModel';
import { CsvError } from '../data/csvError';
import { imputedColumns } from '../data/imputedColumns';
import { type ModelFile, serializeModel } from '../data/modelFile';
import { densityModelToFile, toModelFile } from '../data/portableModelFile';
import { whyNotPortable } from '../core/densityFit';
import type { Analysis, CompletedFit } from './analysis';
import { siblingWithSuffix, writeFileAtomically } from './fileWrites';
import { log } from './log';
import type { Platform } from './platform';
import { describeWriteLocation, fileNameOf } from './pure/writeLocation';
import { exportSampledLabelled } from './largeFile';

/** What an export needs of a panel: its file and its analysis (a ClusterPanel is one). */
export interface ExportSource {
  readonly uri: vscode.Uri;
  readonly analysis: Analysis;
}

export const CSV_FILTERS = { 'CSV files': ['csv', 'tsv', 'txt'] };

export async function chooseTarget(given: unknown, proposed: vscode.Uri, filters: Record<string, string[]>, title: string): Promise<vscode.Uri | undefined> {
  if (given instanceof vscode.Uri) { return given; }
  return vscode.window.showSaveDialog({ defaultUri: proposed, filters, title, saveLabel: 'Export' });
}

/** The fit to export, or a message saying why there is none. */
export function requireFit(panel: ExportSource | undefined): { panel: ExportSource; fit: CompletedFit } | undefined {
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
export function checkWritable(target: vscode.Uri): void {
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

export async function report(what: string, action: () => Promise<vscode.Uri | undefined>): Promise<vscode.Uri | undefined> {
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

/** Writes the labelled CSV of the source's last fit (to `target`, or where the user says). */
export function exportLabelled(platform: Platform, source: ExportSource | undefined, target?: unknown): Promise<vscode.Uri | undefined> {
return report('wrote the labelled file', async () => {
  const found = requireFit(source);
  const dataset = found?.panel.analysis.loaded;
  if (!found || !dataset) { return undefined; }
  const { panel, fit } = found;
  const to = await chooseTarget(target, siblingWithSuffix(panel.uri, '.clustered', '.csv'), CSV_FILTERS, 'Export the labelled CSV');
  if (!to) { return undefined; }
  if (to.toString() === panel.uri.toString()) { throw new Error('The labelled file cannot replace its own source: choose another name.'); }
  checkWritable(to);
  if (panel.analysis.sampled) { await exportSampledLabelled(platform, panel.uri, to, fit); return to; }
  // The fit as a principled imputation, when the user asked for it and the fit modelled missing cells.
  const extraColumns = vscode.workspace.getConfiguration('clusterLens').get<boolean>('exportImputedCells', false)
    ? imputedColumns(fit.result, fit.selection) : undefined;
  await platform.writeLabelled(panel.uri, to, dataset, {
    k: fit.result.nComponents, labels: fit.result.labels, probabilities: fit.result.resp, rowIndex: fit.selection.rowIndex, rows: fit.rows,
    ...(extraColumns ? { extraColumns } : {}),
  });
  return to;
});
}

/** The saved-model form of a fit (what "Save Model as JSON…" writes, and the model exports start from). */
export function modelFileOf(fit: CompletedFit): ModelFile {
  const { options, result } = fit;
  if (result.algorithm === 'dbscan' || result.algorithm === 'hdbscan') {
    // carried with its fitted rows, within a bound (core/densityModel.ts); beyond it, the reason
    if (!result.densityModel) { throw new Error(result.densityModelRefusal ?? whyNotPortable(result.algorithm)); }
    return densityModelToFile(result.densityModel, result.scaling, result.weights, result.means, {
      columns: fit.selection.columns, covarianceType: null, bic: null, aic: null,
      options: { nInit: options.nInit, seed: options.seed, standardize: options.standardize, missing: options.missing, ...result.density?.settings },
    });
  }
  return toModelFile(toPortableModel(result), {
    columns: fit.selection.columns,
    covarianceType: result.algorithm === 'gmm' ? result.covarianceType : null,
    options: { nComponents: options.nComponents, nInit: options.nInit, maxIter: options.maxIter, tol: options.tol, seed: options.seed, standardize: options.standardize, missing: options.missing },
    bic: result.bic, aic: result.aic,
  });
}

/** Saves the source's last fit as a model file (to `target`, or where the user says). */
export function exportModel(source: ExportSource | undefined, target?: unknown): Promise<vscode.Uri | undefined> {
return report('saved the model', async () => {
  const found = requireFit(source);
  if (!found) { return undefined; }
  const { panel, fit } = found;
  const to = await chooseTarget(target, siblingWithSuffix(panel.uri, '.model', '.json'), { 'Cluster Lens model': ['json'] }, 'Save the model');
  if (!to) { return undefined; }
  checkWritable(to);
  const text = serializeModel(modelFileOf(fit));
  await writeFileAtomically(to, temporary => Promise.resolve(vscode.workspace.fs.writeFile(temporary, new TextEncoder().encode(text))));
  return to;
});
}
