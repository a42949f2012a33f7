/** "Save as PNG" on a chart: the webview's picture, saved beside the CSV where the user chooses. */
import * as vscode from 'vscode';
import { siblingWithSuffix, writeFileAtomically } from './fileWrites';
import { describeWriteLocation, fileNameOf } from './pure/writeLocation';

/** Asks where to save `png` (proposed: the CSV's name with `.name.png`) and writes it there, telling the user where it went. */
export async function saveChartImage(source: vscode.Uri, name: string, png: Uint8Array): Promise<void> {
  const target = await vscode.window.showSaveDialog({
    defaultUri: siblingWithSuffix(source, `.${name}`, '.png'), filters: { 'PNG image': ['png'] }, title: 'Save the chart as PNG',
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
