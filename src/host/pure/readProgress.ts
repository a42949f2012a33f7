/**
 * Reading progress for the panel: the reader reports every chunk (hundreds a second on a large
 * file), the webview needs a few updates a second. No vscode here: unit-tested.
 */
import type { HostMessage } from '../../shared/protocol';

export type ReadProgressMessage = Extract<HostMessage, { type: 'didProgressRead' }>;

/** Updates the panel gets per second at most while a file is read. */
export const READ_PROGRESS_INTERVAL_MS = 100;

/**
 * A progress callback for the reader that posts at most one message per `intervalMs`, and always
 * the one that completes the file (so the bar ends full).
 */
export function throttledReadProgress(
  post: (message: ReadProgressMessage) => void, intervalMs = READ_PROGRESS_INTERVAL_MS, now: () => number = Date.now,
): (bytesRead: number, totalBytes: number | undefined) => void {
  let last = -Infinity;
  return (bytesRead, totalBytes) => {
    const t = now();
    const complete = totalBytes !== undefined && bytesRead >= totalBytes;
    if (!complete && t - last < intervalMs) { return; }
    last = t;
    post({ type: 'didProgressRead', bytesRead, totalBytes: totalBytes ?? null });
  };
}
