/**
 * What the command line writes: lines flushed in full before exit, progress on a terminal, the rows'
 * account in the JSON reports, and the labelled file written safely through a temporary file.
 */
import * as fs from 'node:fs';
import type { Dataset } from '../data/csvReader';
import { PARQUET_NAME } from '../data/readTable';
import type { RowAccount } from '../data/rowAccount';
import { writeLabelledFile } from '../node/labelledFile';
import { describeWriteError } from '../node/outputPath';
import { writeFully } from '../node/streamWrite';
import { removeLiveTemporariesSync } from '../node/temporaryFiles';
import { writeLabelledParquetFile } from '../node/labelStream';
import { UsageError } from './args';

/** Every line goes out in full before the process may exit (see writeFully). */
export const print = (line: string) => writeFully(process.stdout, line + '\n');
export const warn = (lines: readonly string[]) => writeFully(process.stderr, lines.map(w => `cluster-lens: warning: ${w}\n`).join(''));
/**
 * Runs a streaming pass with its progress on stderr when stderr is a terminal (one line, rewritten
 * at most every half second): a file of gigabytes takes minutes.
 */
export async function withProgress<T>(what: string, pass: (onProgress: (bytesRead: number, totalBytes: number | undefined) => void) => Promise<T>): Promise<T> {
  if (!process.stderr.isTTY) { return pass(() => {}); }
  let last = 0;
  const started = Date.now();
  const onProgress = (bytesRead: number, totalBytes: number | undefined) => {
    const now = Date.now();
    if (now - last < 500) { return; }
    last = now;
    const mb = bytesRead / 2 ** 20, rate = mb / Math.max(1e-3, (now - started) / 1000);
    process.stderr.write(`\rcluster-lens: ${what} ${totalBytes ? `${Math.floor(100 * bytesRead / totalBytes)}% ` : ''}(${mb.toFixed(0)} MB, ${rate.toFixed(0)} MB/s)   `);
  };
  try {
    return await pass(onProgress);
  } finally {
    if (last > 0) { process.stderr.write('\n'); }
  }
}
/** The JSON fields that say where the rows went: rowsRead = rowsUsed + Σ skippedRows[].count. */
export function describeRows(account: RowAccount, dataset: Dataset) {
  const { delimiter, newline, hasHeader, encoding, decimal } = dataset.dialect;
  return {
    rowsRead: account.rowsRead, rowsUsed: account.rowsUsed, skippedRows: account.skippedRows,
    missingValues: account.missingValues, blankLines: account.blankLines, unclosedQuote: account.unclosedQuote ?? null,
    dialect: { delimiter, newline, hasHeader, encoding, decimal }, warnings: account.warnings,
  };
}
/** Signals that end a run while it writes, with the shell's exit code for each (128 + its number). */
const INTERRUPTS: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

/**
 * The labelled file, written through a hidden temporary file beside OUT. Ctrl-C, SIGTERM or a
 * closed terminal while it is written removes that file and exits with the shell's code for the
 * signal; a write that fails is told about OUT, the path the user gave.
 */
export async function writeOutput(source: string, out: string, dataset: Dataset, assignment: Parameters<typeof writeLabelledFile>[3]): Promise<void> {
  // OUT.parquet: the labelled table as Parquet (data/labelledParquet.ts), else the CSV with our cells appended.
  if (PARQUET_NAME.test(out)) {
    if (assignment.extraColumns) { throw new UsageError('--imputed writes CSV: give --out a .csv name'); }
    await whileWriting(out, () => writeLabelledParquetFile(out, dataset, assignment));
    return;
  }
  await whileWriting(out, () => writeLabelledFile(source, out, dataset, assignment));
}

/** Runs `write` (which writes `out` through a tracked temporary file) with the signal handlers above. */
export async function whileWriting<T>(out: string, write: () => Promise<T>): Promise<T> {
  const onSignal = (signal: NodeJS.Signals) => {
    removeLiveTemporariesSync();
    // Synchronous, as the process ends on the next line; a closed stderr must not turn this into a crash.
    try { fs.writeSync(2, `${process.stderr.isTTY ? '\n' : ''}cluster-lens: interrupted (${signal}); ${out} was not written.\n`); } catch { /* nobody to tell */ }
    process.exit(INTERRUPTS[signal] ?? 1);
  };
  const signals = Object.keys(INTERRUPTS) as NodeJS.Signals[];
  for (const signal of signals) { process.on(signal, onSignal); }
  try {
    return await write();
  } catch (err) {
    throw describeWriteError(err, out) ?? err;
  } finally {
    for (const signal of signals) { process.off(signal, onSignal); }
  }
}
