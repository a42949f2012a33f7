/**
 * Which fit of a panel is current, so that every message about a fit names the right one. A fit can
 * end three ways: it finishes, the user cancels it, or a newer fit replaces it (the host cancels
 * the older one to start the newer). Only the second is news for the webview; the third must not
 * touch the newer fit's record, or a webview reloaded during the newer fit would show the older
 * fit as current. No vscode here: unit-tested.
 */
import type { FitOptions, HostMessage } from '../../shared/protocol';

export type StartMessage = Extract<HostMessage, { type: 'didStartFit' }>;
export type CancelMessage = Extract<HostMessage, { type: 'didCancelFit' }>;

export class FitTracker {
  private running: StartMessage | undefined;

  /** The running fit's start, re-sent to a webview that reloads. */
  get current(): StartMessage | undefined { return this.running; }

  /** Records a fit that started; returns the message that announces it. */
  start(fitId: number, options: FitOptions): StartMessage {
    this.running = { type: 'didStartFit', fitId, options };
    return this.running;
  }

  /** A fit ended with a result or an error: it is no longer running (a newer one may be). */
  end(fitId: number): void {
    if (this.running?.fitId === fitId) { this.running = undefined; }
  }

  /**
   * A fit was cancelled: the message to post when it was the current one (the user cancelled it),
   * undefined when a newer fit had replaced it (that one is running and stays current).
   */
  cancelled(fitId: number): CancelMessage | undefined {
    if (this.running?.fitId !== fitId) { return undefined; }
    this.running = undefined;
    return { type: 'didCancelFit', fitId };
  }

  /** Whether `fitId` is the fit running now. */
  isCurrent(fitId: number): boolean { return this.running?.fitId === fitId; }

  /** Forgets the running fit (the panel reads its file again: every fit of the old data is over). */
  clear(): void { this.running = undefined; }
}
