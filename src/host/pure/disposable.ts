/**
 * Ownership of what must be let go (listeners, watchers, workers) in one line: `this.register(x)`
 * hands x to the owner, which disposes everything it holds once, when it is disposed itself, and
 * at once what is registered after that. The idea of VS Code's own `Disposable` base
 * (markdown-language-features); no vscode here, so it serves any host object.
 */

/** Anything with a dispose(): vscode.Disposable is one. */
export interface DisposableLike {
  dispose(): unknown;
}

export abstract class Disposable implements DisposableLike {
  private readonly owned: DisposableLike[] = [];
  private disposedFlag = false;

  protected get isDisposed(): boolean { return this.disposedFlag; }

  /** Disposes what this owns, in the order it was registered; later calls do nothing. */
  dispose(): void {
    if (this.disposedFlag) { return; }
    this.disposedFlag = true;
    disposeAll(this.owned.splice(0));
  }

  /** Takes ownership of `value` and returns it; after dispose() it is disposed at once. */
  protected register<T extends DisposableLike>(value: T): T {
    if (this.disposedFlag) { value.dispose(); } else { this.owned.push(value); }
    return value;
  }
}

/** Disposes every one, even when some throw; then rethrows the first error. */
export function disposeAll(values: Iterable<DisposableLike>): void {
  let first: unknown;
  let failed = false;
  for (const value of values) {
    try { value.dispose(); } catch (err) { if (!failed) { failed = true; first = err; } }
  }
  if (failed) { throw first; }
}
