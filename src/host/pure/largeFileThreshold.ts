/**
 * The size past which a file is "large" (issue 14 §1: "a file larger than memory, or than a size
 * the user sets"): the `clusterLens.largeFileMegabytes` setting, 0 for the host's own limit (Node:
 * a quarter of the machine's memory; the web host has none). And what the web host says of a file
 * over the user's size: VS Code for the web hands an extension whole files, so it cannot stream a
 * sample; the file is read whole and the view says so instead of pretending it was sampled. Pure.
 */

/** The setting's bounds (package.json): 0 = the host's limit, else megabytes (10^6 bytes). */
export const LARGE_FILE_MEGABYTES_LIMITS = { min: 0, max: 1_000_000 } as const;

/** Megabytes from the setting: a hand-edited value brought within the bounds, anything but a number 0. */
export function largeFileMegabytesSetting(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) { return 0; }
  return Math.max(LARGE_FILE_MEGABYTES_LIMITS.min, Math.min(LARGE_FILE_MEGABYTES_LIMITS.max, Math.round(value)));
}

/** Bytes past which a file is sampled: the user's size where set, else the host's limit (undefined: none). */
export function largeFileLimitBytes(megabytes: number, hostLimitBytes: number | undefined): number | undefined {
  return megabytes > 0 ? megabytes * 1e6 : hostLimitBytes;
}

/** The web host's note on a file over the user's size, read whole all the same. */
export function readWholeNote(fileBytes: number, megabytes: number): string {
  const mb = (bytes: number) => (bytes / 1e6).toLocaleString('en-US', { maximumFractionDigits: 1 });
  return `The file (${mb(fileBytes)} MB) is larger than the clusterLens.largeFileMegabytes setting (${mb(megabytes * 1e6)} MB), `
    + 'but in the browser VS Code hands the extension whole files: it was read whole and every row is fitted. '
    + 'In VS Code on the desktop or over Remote-SSH, such a file is fitted on a uniform sample and every row labelled in a streaming pass.';
}
