// Keeps one idle worker between jobs (a cold start costs more than a small fit).
import type { WorkerPort } from './pure/workerPort';

/** How long an idle kept worker lives before it is ended (its memory given back). */
const KEEP_IDLE_MS = 5 * 60_000;

/**
 * Where jobs get their workers. A cold worker spends longer warming up (starting its threads,
 * compiling the kernels) than a whole k-means fit of 100,000 rows takes once warm, and people refit
 * the same data again and again (another k, other columns), so one idle worker is kept between
 * jobs. Only a worker whose job ended normally (a result or a reported error) is kept: a cancelled
 * or crashed one is terminated. Jobs that overlap get fresh workers.
 */
export class WorkerKeeper {
  private idle: WorkerPort | undefined;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(private readonly spawn: () => WorkerPort, private readonly idleMs = KEEP_IDLE_MS) {}

  /** The kept worker, or a new one. */
  take(): WorkerPort {
    const worker = this.idle ?? this.spawn();
    this.idle = undefined;
    this.clearTimer();
    return worker;
  }

  /** Starts a worker now to keep for the next job, unless one is kept already. */
  prewarm(): void {
    if (!this.disposed && this.idle === undefined) { this.keep(this.spawn()); }
  }

  /** Keeps a worker whose job is over, or ends it when one is kept already. */
  keep(worker: WorkerPort): void {
    if (this.disposed || this.idle !== undefined) { worker.terminate(); return; }
    this.idle = worker;
    this.idleTimer = setTimeout(() => this.endIdle(), this.idleMs);
    // an idle worker must not keep the extension host (or a test) alive
    (this.idleTimer as { unref?: () => void }).unref?.();
  }

  dispose(): void {
    this.disposed = true;
    this.endIdle();
  }

  private endIdle(): void {
    this.clearTimer();
    this.idle?.terminate();
    this.idle = undefined;
  }

  private clearTimer(): void {
    if (this.idleTimer !== undefined) { clearTimeout(this.idleTimer); }
    this.idleTimer = undefined;
  }
}
