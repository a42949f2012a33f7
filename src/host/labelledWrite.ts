import * as vscode from 'vscode';
import type { Dataset } from '../data/csvReader';
import { type ClusterAssignment, labelledCsvBytes } from '../data/labelledWriter';
import { exportSource } from '../data/readTable';
import { writeFileAtomically } from './fileWrites';
import type { Platform } from './platform';

/**
 * The labelled file through `workspace.fs`, for any file system (virtual, remote, the web's):
 * built in memory, then written and renamed into place.
 */
export async function writeLabelledThroughWorkspace(
  openFile: Platform['openFile'], source: vscode.Uri, target: vscode.Uri, dataset: Dataset, assignment: ClusterAssignment,
): Promise<void> {
  const bytes = await labelledCsvBytes(exportSource(dataset, await openFile(source)), dataset, assignment);
  await writeFileAtomically(target, temporary => Promise.resolve(vscode.workspace.fs.writeFile(temporary, bytes)));
}
