// The hidden temporary file a labelled export is written to before it is renamed into place:
// `.OUT.<pid>.<ms since 1970>.tmp` beside OUT. A run that ends early must not leave it behind:
// a failure removes it (labelledFile.ts), a catchable signal removes it (the CLI calls
// removeLiveTemporariesSync), and what SIGKILL or a power cut leaves is swept by the next export
// into that folder, once the process that wrote it is gone.

import * as fs from 'node:fs';
import * as path from 'node:path';

/** Our pattern and nothing looser: a leading dot, the output's name, a pid, a 13-digit time, ".tmp". */
const OURS = /^\..+\.([1-9]\d{0,9})\.(\d{13})\.tmp$/;

/** Temporary files this process is writing now. */
const live = new Set<string>();

export function temporaryPathFor(outPath: string): string {
  return path.join(path.dirname(outPath), `.${path.basename(outPath)}.${process.pid}.${Date.now()}.tmp`);
}

export function trackTemporary(file: string): void { live.add(file); }
export function untrackTemporary(file: string): void { live.delete(file); }

/** For a signal handler: synchronous, and never throws (the file may be gone already). */
export function removeLiveTemporariesSync(): void {
  for (const file of live) {
    try { fs.rmSync(file, { force: true }); } catch { /* nothing more can be done while exiting */ }
  }
  live.clear();
}

/**
 * Removes the temporary files of our pattern in `folder` whose writer is no longer running; returns
 * their names. A live writer's file is left alone (its pid answers), so is anything not ours.
 * Best effort: a folder that cannot be listed sweeps nothing.
 */
export async function sweepStaleTemporaries(folder: string): Promise<string[]> {
  let names: string[];
  try { names = await fs.promises.readdir(folder); } catch { return []; }
  const removed: string[] = [];
  for (const name of names) {
    const m = OURS.exec(name);
    if (!m || isRunning(Number(m[1]))) { continue; }
    const file = path.join(folder, name);
    try {
      // Only plain files we could have written: never a folder, a link or a device of the same name.
      if (!(await fs.promises.lstat(file)).isFile()) { continue; }
      await fs.promises.rm(file);
      removed.push(name);
    } catch { /* raced with another sweeper, or not ours to remove */ }
  }
  return removed;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
