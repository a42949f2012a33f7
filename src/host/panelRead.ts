/** The panel's read of its file: a cancellable notification, and the panel's own progress bar. */
import * as vscode from 'vscode';
import type { HostMessage } from '../shared/protocol';
import type { Analysis } from './analysis';
import { throttledReadProgress } from './pure/readProgress';

/**
 * Loads `uri` into `analysis`, reporting progress to the notification and (throttled) to the panel.
 * Cancel aborts `abort`; `isCurrent` says whether this read is still the panel's (a newer one may
 * have replaced it). Rejects as the read does.
 */
export async function readWithProgress(
  analysis: Analysis, uri: vscode.Uri, abort: AbortController, post: (message: HostMessage) => void, isCurrent: () => boolean,
): Promise<void> {
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Cluster Lens: reading ${analysis.fileName}`, cancellable: true },
    async (progress, token) => {
      token.onCancellationRequested(() => abort.abort());
      const toPanel = throttledReadProgress(message => post(message));
      // Where the bytes arrive all at once (workspace.fs in the web host) the reader reports only
      // while it parses: the panel shows the file's size meanwhile.
      let heard = false;
      void Promise.resolve(vscode.workspace.fs.stat(uri)).then(stat => {
        if (!heard && isCurrent() && stat.size > 0) { post({ type: 'didProgressRead', bytesRead: 0, totalBytes: stat.size }); }
      }, () => { /* the read itself will say what is wrong */ });
      let reported = 0;
      await analysis.load((bytesRead, totalBytes) => {
        heard = true;
        toPanel(bytesRead, totalBytes);
        if (!totalBytes) { return; }
        const percent = (100 * bytesRead) / totalBytes;
        progress.report({ increment: percent - reported, message: `${Math.round(percent)}%` });
        reported = percent;
      }, abort.signal);
    },
  );
}
