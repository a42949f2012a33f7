// The panel's file, watched: a change on disk is said in the panel (its "read again" banner).

import * as vscode from 'vscode';
import { log } from './log';

/**
 * Watches one file for changes, creation and deletion (both extension hosts support
 * createFileSystemWatcher, also outside the workspace through a RelativePattern on its folder).
 */
export function watchFile(uri: vscode.Uri, onChange: (deleted: boolean) => void): vscode.Disposable[] {
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
