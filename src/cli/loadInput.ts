/**
 * The file in and the columns out: the table read whole (or a seeded sample drawn in one streaming
 * pass), the columns to cluster on, and where every row of the file went.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CsvError } from '../data/csvError';
import type { Dataset } from '../data/csvReader';
import { PARQUET_NAME, readTable } from '../data/readTable';
import { describeLeftOut } from '../data/columnPreselection';
import { missingPolicyFor, selectFeatures, type FeatureSelection, type MissingPolicy } from '../data/featureMatrix';
import { explainEmptySelection } from '../data/emptySelection';
import { accountRows, type RowAccount } from '../data/rowAccount';
import { DEFAULT_SAMPLE_ROWS } from '../data/reservoirSample';
import { openFileSource } from '../node/fileSource';
import { readerHeapBudget } from '../node/heapBudget';
import { countLines } from '../node/lineCount';
import { openStreamHead, sampleFile } from '../node/labelStream';
import { choice, delimiterFlag, number, text, UsageError, type Args } from './args';
import { warn, withProgress } from './output';

export async function load(args: Args): Promise<{ dataset: Dataset; parseSeconds: number; sample?: SampleInfo }> {
  const started = Date.now();
  const chosenDelimiter = delimiterFlag(args);
  const source = await openFileSource(args.file).catch((err: NodeJS.ErrnoException) => {
    const why = err.code === 'ENOENT' ? 'there is no such file' : err.code === 'EISDIR' ? 'it is a folder' : err.code === 'EACCES' ? 'permission denied' : err.message;
    throw new CsvError('read-failed', `Cannot read ${args.file}: ${why}.`, 'Check the path and that the file is readable.');
  });
  if (args.flags.has('sample')) {
    const rows = args.flags.get('sample') === true ? DEFAULT_SAMPLE_ROWS : number(args.flags, 'sample', DEFAULT_SAMPLE_ROWS, { integer: true, min: 1 });
    const seed = number(args.flags, 'seed', 0, { integer: true, min: 0 });
    if (PARQUET_NAME.test(args.file)) { throw new UsageError('--sample streams a CSV; a Parquet file is read column by column already: leave out --sample'); }
    const head = await openStreamHead(args.file, { delimiter: chosenDelimiter });
    if (!head.streamable) { await head.close(); throw new UsageError(`--sample streams UTF-8 and Windows-1252 files; this one is ${head.dialect.encoding}: save it as UTF-8, or leave out --sample`); }
    const drawn = await withProgress('sampling', onProgress => sampleFile(head, rows, seed, { onProgress }));
    return { dataset: drawn.dataset, parseSeconds: (Date.now() - started) / 1000, sample: { rows: drawn.sampleRows, rowsInFile: drawn.rowsInFile, seed } };
  }
  try {
    const dataset = await readTable(source, { fileName: path.basename(args.file), heapBudgetBytes: readerHeapBudget(), delimiter: chosenDelimiter });
    return { dataset, parseSeconds: (Date.now() - started) / 1000 };
  } catch (err) {
    // A file too large for the heap can still be fitted: on a sample drawn in one streaming pass.
    if (err instanceof CsvError && err.code === 'too-large' && !PARQUET_NAME.test(args.file)) {
      throw new CsvError('too-large', err.message, `${err.hint} Or fit a uniform sample of its rows drawn in one streaming pass: ${args.command} ${args.file} --sample ${DEFAULT_SAMPLE_ROWS} (then label streams every row).`);
    }
    throw err;
  }
}
/** What --sample drew: the rows fitted and the file's data rows. */
export interface SampleInfo { rows: number; rowsInFile: number; seed: number }
/** The columns to cluster on, and where every row of the file went. */
export async function chooseColumns(args: Args, dataset: Dataset): Promise<{ selection: FeatureSelection; account: RowAccount }> {
  const asked = text(args.flags, 'columns')?.split(',').map(c => c.trim());
  // Only a mixture can integrate missing cells out; k-means and the density methods need a value in every cell.
  const algorithm = String(args.flags.get('algorithm') ?? 'gmm');
  const policy = choice<MissingPolicy>(args.flags, 'missing', ['model', 'drop', 'impute'], missingPolicyFor(algorithm, 'model'));
  // Asked for by name, 'model' is refused rather than changed silently.
  if (missingPolicyFor(algorithm, policy) !== policy) {
    throw new UsageError(`--missing model is for Gaussian mixtures: ${algorithm} needs a value in every cell (use --missing drop or impute)`);
  }
  let selection: FeatureSelection;
  try {
    selection = selectFeatures(dataset, asked, policy);
  } catch (err) {
    // "No numeric column" is often the reader's doing (one odd cell makes a column text): say why first.
    await warn(dataset.report.warnings);
    if (asked === undefined && err instanceof CsvError && err.code === 'no-numeric-columns') {
      // Nothing was preselected: say the true reason (constant columns, ids…), not a delimiter guess.
      const why = explainEmptySelection(dataset, path.basename(args.file));
      throw new CsvError('no-numeric-columns', why.message, why.hint);
    }
    throw err;
  }
  for (const line of describeLeftOut(selection.leftOut ?? [])) { process.stderr.write(`cluster-lens: ${line}\n`); }
  // Only when a quote is never closed: then how much of the file it swallowed is worth a second read.
  const lines = dataset.report.unterminatedQuoteLine !== undefined
    && (dataset.dialect.encoding === 'utf-8' || dataset.dialect.encoding === 'windows-1252')   // byte-wise newlines
    ? await countLines(args.file, dataset.dialect.newline) : undefined;
  return { selection, account: accountRows(dataset, selection, policy, lines) };
}
/** The file must exist before a streaming pass opens it: the same sentence as the reader's. */
export async function checkReadable(file: string): Promise<void> {
  await fs.promises.access(file, fs.constants.R_OK).catch((err: NodeJS.ErrnoException) => {
    const why = err.code === 'ENOENT' ? 'there is no such file' : err.code === 'EACCES' ? 'permission denied' : err.message;
    throw new CsvError('read-failed', `Cannot read ${file}: ${why}.`, 'Check the path and that the file is readable.');
  });
}
