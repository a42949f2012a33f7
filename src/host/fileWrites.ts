import * as vscode from 'vscode';

/**
 * Writes through a temporary file beside the target, renamed into place when complete, so a
 * failure never leaves a half-written file at the target.
 */
export async function writeFileAtomically(target: vscode.Uri, write: (temporary: vscode.Uri) => Promise<void>): Promise<void> {
  const name = target.path.split('/').pop() ?? 'output';
  const temporary = vscode.Uri.joinPath(target, '..', `.${name}.${Date.now().toString(36)}.tmp`);
  try {
    await write(temporary);
    await vscode.workspace.fs.rename(temporary, target, { overwrite: true });
  } catch (err) {
    await Promise.resolve(vscode.workspace.fs.delete(temporary)).catch(() => {});
    throw err;
  }
}

/** `name.csv` → `name.clustered.csv` (or another suffix) in the same folder. */
export function siblingWithSuffix(uri: vscode.Uri, suffix: string, extension: string): vscode.Uri {
  const name = uri.path.split('/').pop() ?? 'data';
  const stem = name.replace(/\.[^.]*$/, '');
  return vscode.Uri.joinPath(uri, '..', `${stem}${suffix}${extension}`);
}
