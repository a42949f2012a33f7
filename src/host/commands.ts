import * as vscode from 'vscode';
import type { ClusterSummary, PanelDeps } from './clusterPanel';
import { panels } from './panelManager';

/** The files "Cluster CSV…" takes from the active editor: delimited text and Parquet (readTable.ts). */
const CSV_EXTENSION = /\.(csv|tsv|parquet|parq|pq)$/i;

/**
 * The file to cluster: the one the command was invoked on (Explorer, editor title), else the
 * active editor's CSV, else one the user picks.
 */
async function resolveTarget(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) { return arg; }
  const active = activeResource();
  if (active && CSV_EXTENSION.test(active.path)) { return active; }
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: 'Cluster',
    title: 'Cluster Lens: choose a CSV file',
    filters: { 'Delimited text': ['csv', 'tsv', 'CSV', 'TSV'], 'Parquet': ['parquet', 'parq', 'pq'], 'All files': ['*'] },
  });
  return picked?.[0];
}

function activeResource(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom) { return input.uri; }
  return vscode.window.activeTextEditor?.document.uri;
}

export function registerCommands(context: vscode.ExtensionContext, deps: PanelDeps): void {
  const cluster = async (arg?: unknown): Promise<ClusterSummary | undefined> => {
    const uri = await resolveTarget(arg);
    if (!uri) { return undefined; }
    const { panel, created } = panels.show(uri, deps);
    // An open panel reads its file again when it has nothing to show or the file changed ("Run the command again").
    return created ? panel.start() : panel.runAgain();
  };
  context.subscriptions.push(
    vscode.commands.registerCommand('clusterLens.cluster', cluster),
    vscode.commands.registerCommand('clusterLens.openSample', async () => {
      const sample = vscode.Uri.joinPath(context.extensionUri, 'media', 'samples', 'penguins.csv');
      await vscode.window.showTextDocument(sample, { preview: true, viewColumn: vscode.ViewColumn.One });
      return cluster(sample);
    }),
  );
}
