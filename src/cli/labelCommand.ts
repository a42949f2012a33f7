/**
 * `cluster-lens label`: every row of the file with its cluster, from a fit here (on every row or on a
 * sample) or from a saved model, streamed when the file allows it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FitRequest, FitResult } from '../core/clusterFit';
import { isDensityAlgorithm, whyNotPortable } from '../core/densityFit';
import { toPortableModel, type PortableModel } from '../core/portableModel';
import { CsvError } from '../data/csvError';
import { imputedColumns, type ImputedColumns } from '../data/imputedColumns';
import { PARQUET_NAME } from '../data/readTable';
import type { FeatureSelection } from '../data/featureMatrix';
import { fromModelFile } from '../data/portableModelFile';
import { parseModel } from '../data/modelFile';
import type { RowAccount } from '../data/rowAccount';
import { applyModelToDataset } from '../data/appliedLabels';
import { checkOutputPath } from '../node/outputPath';
import { openStreamHead, streamLabelToFile } from '../node/labelStream';
import { choice, delimiterFlag, number, Refusal, text, UsageError, type Args } from './args';
import { checkFinite, checkK, COVARIANCE_TYPES, findsK, fit, fitRequest } from './fitRunner';
import { checkReadable, chooseColumns, load, type SampleInfo } from './loadInput';
import { describeRows, print, warn, whileWriting, withProgress, writeOutput } from './output';

/** label FILE --out OUT: every row with its cluster, from a fit here or a saved model. */
export async function labelCommand(args: Args, json: boolean): Promise<number> {
  const out = text(args.flags, 'out');
  if (!out) { throw new UsageError('label needs --out OUT.csv'); }
  if (SAVED_MODEL.test(text(args.flags, 'model') ?? '')) { return labelWithSavedModel(args, out, json); }
  await checkOutputPath(args.file, out);
  const { dataset, sample } = await load(args);
  const { selection, account } = await chooseColumns(args, dataset);
  await warn(account.warnings);
  const request = fitRequest(args, selection, number(args.flags, 'k', 3, { integer: true, min: 1 }), choice(args.flags, 'covariance', COVARIANCE_TYPES, 'full'));
  if (sample) { return labelFromSample(args, out, json, request, selection, account, sample); }
  if (!findsK(request.algorithm)) { checkK(request.nComponents, account); }
  const result = fit(request);
  checkFinite(result, selection.matrix.data, 'fit', true);
  // DBSCAN and HDBSCAN: as many probability columns as clusters found; noise rows get empty cells
  const k = result.nComponents;
  const extraColumns = args.flags.has('imputed') ? imputedColumnsOrRefuse(result, selection) : undefined;
  await writeOutput(args.file, out, dataset, {
    k, labels: result.labels, probabilities: result.resp, rowIndex: selection.rowIndex, ...(extraColumns ? { extraColumns } : {}),
  });
  await print(json ? JSON.stringify({ out: path.resolve(out), rows: dataset.nRows, k, nNoise: result.density?.nNoise ?? 0, ...describeRows(account, dataset) }) : `wrote ${out}`);
  return 0;
}

/** imputed_<column> for each chosen column with a missing cell: E[x | observed cells] there under the fitted mixture, empty elsewhere. */
/** label --imputed: the imputed columns, or a refusal when the fit modelled no missing cell. */
function imputedColumnsOrRefuse(result: FitResult, selection: FeatureSelection): ImputedColumns {
  const columns = imputedColumns(result, selection);
  if (columns === undefined) {
    throw new Refusal('--imputed needs a Gaussian mixture fitted with missing cells modelled, and no chosen cell is missing here or they were not modelled.',
      'Leave out --imputed, or fit a mixture with --missing model on columns that have missing cells.');
  }
  return columns;
}
/** `label --model` takes a saved model file; any other --model value is one of mclust's model names. */
const SAVED_MODEL = /\.json$/i;
/** The file's rows, what was labelled, and how fast, as `label` reports them. */
function describeLabelled(out: string, k: number, counts: { rows: number; labelled: number; blankLines: number; raggedRows: number }, streamed: boolean, bytes: number, started: number) {
  const seconds = (Date.now() - started) / 1000;
  return {
    out: path.resolve(out), rows: counts.rows, labelled: counts.labelled, k, streamed, blankLines: counts.blankLines, raggedRows: counts.raggedRows,
    bytes, seconds, mbPerSecond: bytes / 2 ** 20 / Math.max(seconds, 1e-3), rowsPerSecond: counts.rows / Math.max(seconds, 1e-3),
  };
}

/**
 * Labels every row of FILE with `model` into OUT: in one streaming pass for a UTF-8 or
 * Windows-1252 CSV (memory: a few 8 MB windows), else (Parquet, UTF-16, --no-stream) read whole.
 */
async function labelEveryRow(args: Args, out: string, model: PortableModel, columns: string[], started: number) {
  await checkReadable(args.file);
  const mapHint = (err: unknown) => {
    if (err instanceof CsvError && err.code === 'unknown-column') {
      return new CsvError(err.code, err.message, `Name the file's column for each of the model's with --columns, in the model's order (${columns.join(', ')}).`);
    }
    return err;
  };
  if (!args.flags.has('no-stream') && !PARQUET_NAME.test(args.file)) {
    const head = await openStreamHead(args.file, { delimiter: delimiterFlag(args) });
    if (head.streamable) {
      const format = PARQUET_NAME.test(out) ? 'parquet' as const : 'csv' as const;
      const summary = await whileWriting(out, () => withProgress('labelling', onProgress => streamLabelToFile(head, out, model, columns, { onProgress, format }))).catch(err => { throw mapHint(err); });
      return describeLabelled(out, model.nComponents, summary, true, summary.bytesRead, started);
    }
    await head.close();
  }
  const { dataset } = await load(args);
  let assignment;
  try { assignment = applyModelToDataset(model, dataset, columns); } catch (err) { throw mapHint(err); }
  await writeOutput(args.file, out, dataset, assignment);
  const counts = { rows: dataset.nRows, labelled: assignment.rowIndex.length, blankLines: dataset.report.blankLines, raggedRows: dataset.report.raggedRows };
  return describeLabelled(out, model.nComponents, counts, false, dataset.report.bytesRead, started);
}

/** label --model MODEL.json: a saved model applied to every row, as the extension's Apply Saved Model. */
async function labelWithSavedModel(args: Args, out: string, json: boolean): Promise<number> {
  const started = Date.now();
  if (args.flags.has('sample')) { throw new UsageError('--sample fits a model; with --model MODEL.json the model is given: leave out one of them'); }
  const modelPath = text(args.flags, 'model')!;
  const modelText = await fs.promises.readFile(modelPath, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new CsvError('read-failed', `Cannot read ${modelPath}: ${err.code === 'ENOENT' ? 'there is no such file' : err.message}.`, 'Give the model JSON that the extension or fit --save-model saved.');
  });
  const file = parseModel(modelText);
  if (file.algorithm !== 'gmm' && file.algorithm !== 'kmeans') {
    // the streaming pass scores rows by a mixture's or k-means' parameters; a density model places
    // rows among its stored rows (core/densityModel.ts), which only the extension's Apply does yet
    throw new Refusal(`label --model applies a Gaussian mixture or k-means model; ${modelPath} is a ${file.algorithm.toUpperCase()} model.`,
      'Apply it with the extension\'s "Apply Saved Model to CSV…", or label the file with the same settings: cluster-lens label FILE --algorithm ' + file.algorithm + ' --out OUT.csv.');
  }
  const columns = text(args.flags, 'columns')?.split(',').map(c => c.trim()) ?? file.columns;
  if (columns.length !== file.columns.length) {
    throw new UsageError(`--columns names ${columns.length} column${columns.length === 1 ? '' : 's'}; the model reads ${file.columns.length} (${file.columns.join(', ')})`);
  }
  await checkOutputPath(args.file, out);
  const report = await labelEveryRow(args, out, fromModelFile(file), columns, started);
  await print(json ? JSON.stringify({ ...report, model: path.resolve(modelPath), columns }) : `wrote ${out} (${report.labelled} of ${report.rows} rows labelled)`);
  return 0;
}

/** label --sample N: the fit on the sample, then every row of the file labelled in a second streaming pass. */
async function labelFromSample(args: Args, out: string, json: boolean, request: FitRequest, selection: FeatureSelection, account: RowAccount, sample: SampleInfo): Promise<number> {
  const started = Date.now();
  if (args.flags.has('imputed')) { throw new UsageError('--imputed needs every row in the fit; with --sample only the sample is fitted: leave out one of them'); }
  if (isDensityAlgorithm(request.algorithm)) { throw new Refusal(whyNotPortable(request.algorithm), 'Use --algorithm gmm or kmeans with --sample, or leave out --sample.'); }
  checkK(request.nComponents, account);
  const result = fit(request);
  checkFinite(result, selection.matrix.data, 'fit');
  const report = await labelEveryRow(args, out, toPortableModel(result), selection.columns, started);
  await print(json ? JSON.stringify({ ...report, sample, columns: selection.columns })
    : `wrote ${out}: fitted on a uniform sample of ${sample.rows} of ${sample.rowsInFile} rows, ${report.labelled} of ${report.rows} rows labelled`);
  return 0;
}
