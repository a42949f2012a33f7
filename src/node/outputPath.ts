// Checks an output path before any work is spent on it, and turns a failed write into a sentence
// about the path the user gave (never the hidden temporary file the writer actually opened).

import * as fs from 'node:fs';
import * as path from 'node:path';

/** An output that cannot or must not be written; message = what is wrong, hint = what to do. */
export class OutputError extends Error {
  override readonly name = 'OutputError';
  constructor(message: string, readonly hint: string) {
    super(message);
  }
}

const ELSEWHERE = 'Choose another output path (--out) in a folder you can write to.';

/**
 * Refuses, before the fit runs, an output that would replace the source (the same file by any
 * spelling: a symlink, "./a/../a.csv", a hard link), that is a folder or a device, or whose folder
 * does not exist.
 */
export async function checkOutputPath(sourcePath: string, outPath: string): Promise<void> {
  // A source that cannot be read is the reader's to explain.
  const source = await fs.promises.stat(sourcePath).catch(() => undefined);
  const out = await statOrUndefined(outPath, outPath);
  if (out !== undefined) {
    if (source !== undefined && ((out.dev === source.dev && out.ino === source.ino) || await sameRealPath(outPath, sourcePath))) {
      throw new OutputError(`The output ${outPath} is the input file itself; writing it would replace your data.`,
        'Write the labelled file to a new path, e.g. --out ' + suggestedName(sourcePath) + '.');
    }
    if (out.isDirectory()) { throw new OutputError(`Cannot write ${outPath}: it is a folder.`, 'Give a file name, e.g. --out ' + path.join(outPath, suggestedName(sourcePath)) + '.'); }
    if (!out.isFile()) { throw new OutputError(`Cannot write ${outPath}: it is not a regular file (a device, pipe or socket).`, ELSEWHERE); }
    return;
  }
  const folder = path.dirname(outPath);
  const parent = await statOrUndefined(folder, outPath);
  if (parent === undefined) { throw new OutputError(`Cannot write ${outPath}: the folder ${folder} does not exist.`, 'Create the folder first, or choose another output path (--out).'); }
  if (!parent.isDirectory()) { throw new OutputError(`Cannot write ${outPath}: ${folder} is a file, not a folder.`, ELSEWHERE); }
}

/** A write error (from the temporary file or the rename) as a sentence about `outPath`. */
export function describeWriteError(err: unknown, outPath: string): OutputError | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const why = code === undefined ? undefined : WHY[code];
  if (why === undefined) { return undefined; }
  return new OutputError(`Cannot write ${outPath}: ${why}.`, code === 'ENOSPC' || code === 'EDQUOT' ? 'Free some space, or write to another disk (--out).' : ELSEWHERE);
}

const WHY: Record<string, string> = {
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  ENOENT: 'files cannot be created in that folder (or it does not exist)',
  EACCES: 'permission denied',
  EPERM: 'the operation is not permitted there',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exhausted',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'the path has a loop of symbolic links',
  EBUSY: 'the file is in use',
  ETXTBSY: 'the file is in use',
  EINVAL: 'the name is not valid there',
  EIO: 'the disk reported an input/output error',
};

function suggestedName(sourcePath: string): string {
  const ext = path.extname(sourcePath);
  return `${path.basename(sourcePath, ext)}.clustered${ext || '.csv'}`;
}

/** stat(p), undefined when nothing is there; other failures speak of the output path the user gave. */
async function statOrUndefined(p: string, outPath: string): Promise<fs.Stats | undefined> {
  try {
    return await fs.promises.stat(p);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') { return undefined; }
    if (code === 'ENOTDIR') { throw new OutputError(`Cannot write ${outPath}: a part of the path is a file, not a folder.`, ELSEWHERE); }
    const known = describeWriteError(err, outPath);
    if (known) { throw known; }
    throw err;
  }
}

async function sameRealPath(a: string, b: string): Promise<boolean> {
  try {
    return await fs.promises.realpath(a) === await fs.promises.realpath(b);
  } catch {
    return false;
  }
}
