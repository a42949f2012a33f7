/**
 * The command line over the same engine as the extension, for pipelines and benchmarks:
 *   cluster-lens fit FILE.csv --algorithm gmm|kmeans|spectral|dbscan|hdbscan --k N [options] --json
 *   cluster-lens select FILE.csv --k 1..8 --covariance full,tied,diag,spherical --json
 *   cluster-lens select FILE.csv --models all|VVV,VEV,… --k 1..9 --json   (mclust's models, BIC and ICL)
 *   cluster-lens label FILE.csv --out OUT.csv [fit options]
 *   cluster-lens export sql|python|pyspark MODEL.json --out FILE [--table NAME] [--dialect D]
 * Bad input gives a message on stderr and exit code 2, never a stack trace; every row the fit did
 * not use is accounted for (JSON and stderr); output is flushed before the process exits.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ChunkExecutor } from './core/chunkExecutor';
import { inThreadExecutor } from './core/inThreadExecutor';
import { type Algorithm, type FitRequest, type FitResult, runClusterFit } from './core/clusterFit';
import { searchModelsOnThreads } from './compute/parallel/modelSearchPool';
import { createParallelExecutor, machineThreads, threadsForFit, type ParallelExecutor } from './compute/parallel/pool';
import { DENSITY_ALGORITHMS, isDensityAlgorithm, whyNotPortable, type DensitySettings } from './core/densityFit';
import { assertFitFeasible, cautionFor, FitRefusal } from './core/fitFeasibility';
import type { GmmInit } from './core/gmm';
import { DEFAULT_GMM_N_INIT } from './core/screenedRestarts';
import type { CovarianceType } from './core/gmmModel';
import { modelsFor, resolveModelName, type MixtureModelName } from './core/mixtureModels/covarianceModels';
import { describeTopThree, type ModelSearchCell } from './core/mixtureModels/modelSearch';
import { CsvError } from './data/csvError';
import type { Dataset } from './data/csvReader';
import { imputedColumns, type ImputedColumns } from './data/imputedColumns';
import { PARQUET_NAME, readTable } from './data/readTable';
import { describeLeftOut } from './data/columnPreselection';
import { missingPolicyFor, selectFeatures, type FeatureSelection, type MissingPolicy } from './data/featureMatrix';
import { explainEmptySelection } from './data/emptySelection';
import { densityModelToFile, fromModelFile, nestRows, toModelFile } from './data/portableModelFile';
import { parseModel, serializeModel } from './data/modelFile';
import { toPortableModel, type PortableModel } from './core/portableModel';
import { exportModelAs, MODEL_EXPORT_TARGETS, type ModelExportTarget } from './data/modelExport/exportTargets';
import { SQL_DIALECTS } from './data/modelExport/sqlScoring';
import { accountRows, type RowAccount } from './data/rowAccount';
import { openFileSource } from './node/fileSource';
import { readerHeapBudget } from './node/heapBudget';
import { countLines } from './node/lineCount';
import { writeLabelledFile } from './node/labelledFile';
import { checkOutputPath, describeWriteError, OutputError } from './node/outputPath';
import { endQuietlyOnStreamError, writeFully } from './node/streamWrite';
import { removeLiveTemporariesSync } from './node/temporaryFiles';
import { openStreamHead, sampleFile, writeLabelledParquetFile } from './node/labelStream';
import { DEFAULT_SAMPLE_ROWS } from './data/reservoirSample';
import { streamLabelToFile } from './node/labelStream';
import { applyModelToDataset } from './data/appliedLabels';

const USAGE = `usage:
  cluster-lens fit FILE --algorithm gmm|kmeans|spectral|dbscan|hdbscan --k N [--covariance full|tied|diag|spherical]
               [--columns a,b,c] [--n-init N] [--seed S] [--max-iter N] [--tol X] [--reg-covar X]
               [--standardize|--no-standardize] [--init kmeans|k-means++|random|random_from_data]
               [--n-neighbors N (spectral)] [--eps X --min-samples N (dbscan)]
               [--min-cluster-size N --min-samples N (hdbscan)]
               [--missing model|drop|impute] [--delimiter C] [--save-model MODEL.json] [--json]
  --missing: model (mixtures' default) fits on the observed cells with the missing ones integrated
             out; drop (k-means' default; k-means cannot model them) leaves such rows out; impute
             fills the column mean
  cluster-lens fit FILE --model EII|VII|EEI|VEI|EVI|VVI|EEE|VEE|EVE|VVE|EEV|VEV|EVV|VVV (E|V on one column) …
  cluster-lens select FILE --k 1..8 [--covariance full,tied,diag,spherical] [fit options] [--json]
  cluster-lens select FILE --models all|VVV,VEV,… [--k 1..9] [--n-init N] [--seed S] [--max-iter N] [--tol X] [--reg-covar X] [--json]
  cluster-lens label FILE --out OUT.csv [--imputed] [fit options]
  cluster-lens label FILE --model MODEL.json --out OUT.csv|OUT.parquet [--columns a,b,c] [--no-stream]
             applies a saved model (fit --save-model, or the extension's Save Model) in one streaming
             pass: memory stays at a few 8 MB windows whatever the file's size; --columns names the
             file's columns for the model's, in the model's order; --no-stream reads the file whole;
             OUT.parquet (any label): Parquet, the original columns untouched (a CSV's cells as their
             text) plus cluster, p_cluster1…k and certainty
  --sample [N] (fit, label): fits a seeded uniform sample of N rows (default 100000) drawn in one
             streaming pass (--seed); label then labels every row in a second streaming pass
  --imputed (label, with missing cells modelled): adds imputed_<column> for each chosen column with a
             missing cell: each missing cell's conditional expectation under the fitted mixture
  cluster-lens export sql|python|pyspark MODEL.json --out FILE [--table NAME] [--dialect duckdb|postgres|spark|bigquery]
FILE is a delimited text file (.csv, .tsv, …) or a Parquet file (.parquet, or any name starting PAR1).`;

class UsageError extends Error {}

/** A request or a result we refuse, with what to do instead (exit code 2). */
class Refusal extends Error {
  constructor(message: string, readonly hint: string) { super(message); }
}

const COVARIANCE_TYPES: readonly CovarianceType[] = ['full', 'tied', 'diag', 'spherical'];
const INITS: readonly GmmInit[] = ['kmeans', 'k-means++', 'random', 'random_from_data'];
const ALGORITHMS: readonly Algorithm[] = ['gmm', 'kmeans', ...DENSITY_ALGORITHMS];

/** DBSCAN and HDBSCAN find the number of clusters themselves: --k is not theirs. */
const findsK = (algorithm: Algorithm) => algorithm === 'dbscan' || algorithm === 'hdbscan';

interface Args { command: string; file: string; flags: Map<string, string | true> }

function parseArgs(argv: string[]): Args {
  const [command, file, ...rest] = argv;
  if (!command || command === '--help' || command === '-h') { throw new UsageError(''); }
  if (!file || file.startsWith('--')) { throw new UsageError(`${command}: which CSV file?`); }
  const flags = new Map<string, string | true>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (!arg.startsWith('--')) { throw new UsageError(`unexpected argument "${arg}"`); }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (inline !== undefined) { flags.set(name, inline); continue; }
    const next = rest[i + 1];
    if (next !== undefined && !next.startsWith('--')) { flags.set(name, next); i++; } else { flags.set(name, true); }
  }
  return { command, file, flags };
}

function text(flags: Args['flags'], name: string): string | undefined {
  const value = flags.get(name);
  if (value === true) { throw new UsageError(`--${name} needs a value`); }
  return value;
}

function number(flags: Args['flags'], name: string, fallback: number, { integer = false, min = -Infinity } = {}): number {
  const raw = text(flags, name);
  if (raw === undefined) { return fallback; }
  const value = Number(raw);
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min) {
    throw new UsageError(`--${name} must be ${integer ? 'an integer' : 'a number'}${min > -Infinity ? ` ≥ ${min}` : ''}, not "${raw}"`);
  }
  return value;
}

function choice<T extends string>(flags: Args['flags'], name: string, values: readonly T[], fallback: T): T {
  const raw = text(flags, name) ?? fallback;
  if (!(values as readonly string[]).includes(raw)) { throw new UsageError(`--${name} must be one of ${values.join(', ')}`); }
  return raw as T;
}

/** "1..8" or "2,3,5" → [1…8] or [2, 3, 5]. */
function parseKRange(raw: string): number[] {
  const range = /^(\d+)\.\.(\d+)$/.exec(raw);
  const ks = range
    ? Array.from({ length: Math.max(0, Number(range[2]) - Number(range[1]) + 1) }, (_, i) => Number(range[1]) + i)
    : raw.split(',').map(Number);
  if (ks.length === 0 || ks.some(k => !Number.isInteger(k) || k < 1)) { throw new UsageError(`--k must be N, A..B or a list, not "${raw}"`); }
  return ks;
}

async function load(args: Args): Promise<{ dataset: Dataset; parseSeconds: number; sample?: SampleInfo }> {
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

/** --delimiter as the reader takes it (\\t for a tab). */
function delimiterFlag(args: Args): ',' | ';' | '\t' | '|' | undefined {
  const delimiter = text(args.flags, 'delimiter');
  if (delimiter !== undefined && ![',', ';', '\t', '|', '\\t'].includes(delimiter)) { throw new UsageError('--delimiter must be , ; | or \\t'); }
  return delimiter === '\\t' ? '\t' : (delimiter as ',' | ';' | '\t' | '|' | undefined);
}

/** What --sample drew: the rows fitted and the file's data rows. */
interface SampleInfo { rows: number; rowsInFile: number; seed: number }

/**
 * Runs a streaming pass with its progress on stderr when stderr is a terminal (one line, rewritten
 * at most every half second): a file of gigabytes takes minutes.
 */
async function withProgress<T>(what: string, pass: (onProgress: (bytesRead: number, totalBytes: number | undefined) => void) => Promise<T>): Promise<T> {
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

/** The columns to cluster on, and where every row of the file went. */
async function chooseColumns(args: Args, dataset: Dataset): Promise<{ selection: FeatureSelection; account: RowAccount }> {
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

/** The JSON fields that say where the rows went: rowsRead = rowsUsed + Σ skippedRows[].count. */
function describeRows(account: RowAccount, dataset: Dataset) {
  const { delimiter, newline, hasHeader, encoding, decimal } = dataset.dialect;
  return {
    rowsRead: account.rowsRead, rowsUsed: account.rowsUsed, skippedRows: account.skippedRows,
    missingValues: account.missingValues, blankLines: account.blankLines, unclosedQuote: account.unclosedQuote ?? null,
    dialect: { delimiter, newline, hasHeader, encoding, decimal }, warnings: account.warnings,
  };
}

/** A k the rows cannot support is explained before the fit runs. */
function checkK(k: number, account: RowAccount): void {
  // With no row skipped the engine's feasibility check says it (one message, from core/fitFeasibility).
  if (k <= account.rowsUsed || account.rowsUsed === account.rowsRead) { return; }
  const skipped = account.rowsRead - account.rowsUsed;
  throw new Refusal(`k = ${k} clusters need at least ${k} rows, but only ${account.rowsUsed} of the ${account.rowsRead} rows read can be used`
    + (skipped > 0 ? ` (${skipped} skipped, see the warnings above).` : '.'), 'Ask for fewer clusters (--k), or fix the rows that were skipped.');
}

/**
 * The last guard before a result is printed or written: the engine must never let a null or an
 * infinity out as if it were a fit. Names what is not finite and the likeliest cause.
 */
function checkFinite(result: FitResult, data: Float64Array, label: string, withProbabilities = false): void {
  const bad: string[] = [];
  const finite = (v: number | null) => v !== null && Number.isFinite(v);
  if (result.algorithm === 'gmm') {
    if (!finite(result.logLikelihood)) { bad.push('log-likelihood'); }
    if (!finite(result.bic) || !finite(result.aic)) { bad.push('BIC/AIC'); }
  } else if (result.algorithm === 'kmeans' && !finite(result.inertia)) { bad.push('inertia'); }
  if (!result.weights.every(Number.isFinite)) { bad.push('weights'); }
  if (!result.means.every(Number.isFinite)) { bad.push('means'); }
  if (result.covariances && !result.covariances.every(Number.isFinite)) { bad.push('covariances'); }
  if (withProbabilities && result.resp && !result.resp.every(Number.isFinite)) { bad.push('probabilities'); }
  if (bad.length === 0) { return; }
  let largest = 0;
  for (let i = 0; i < data.length; i++) { const a = Math.abs(data[i]!); if (a > largest) { largest = a; } }
  throw new Refusal(`The ${label} gave no finite ${bad.join(', ')}, so there is no result to report.`,
    largest > 1e150
      ? `The chosen columns hold values as large as ${largest.toExponential(2)}, and sums and squares of values this large overflow double precision: divide those columns by a power of ten and fit again.`
      : 'The fit broke down numerically: try --standardize, a larger --reg-covar (e.g. 1e-3) or --covariance diag; please report it with the file.');
}

function fitRequest(args: Args, selection: FeatureSelection, k: number, covarianceType: CovarianceType): FitRequest {
  const algorithm = choice<Algorithm>(args.flags, 'algorithm', ALGORITHMS, 'gmm');
  const model = chosenModel(args, selection.matrix.nFeatures);
  // Off unless asked: the numbers then compare directly with scikit-learn run on the raw file.
  const standardize = args.flags.has('standardize') && !args.flags.has('no-standardize');
  return {
    algorithm,
    nComponents: k,
    covarianceType,
    nInit: number(args.flags, 'n-init', algorithm === 'gmm' ? DEFAULT_GMM_N_INIT : 10, { integer: true, min: 1 }),
    maxIter: number(args.flags, 'max-iter', algorithm === 'kmeans' ? 300 : 100, { integer: true, min: 1 }),
    tol: number(args.flags, 'tol', algorithm === 'kmeans' ? 1e-4 : 1e-3, { min: 0 }),
    regCovar: number(args.flags, 'reg-covar', 1e-6, { min: 0 }),
    seed: number(args.flags, 'seed', 0, { integer: true, min: 0 }),
    standardize,
    screenRestarts: true,
    columnNames: selection.columns,
    init: choice(args.flags, 'init', INITS, 'kmeans'),
    data: selection.matrix.data.slice(),
    nSamples: selection.matrix.nSamples,
    nFeatures: selection.matrix.nFeatures,
    ...(model ? { model, covarianceType: 'full' as const } : {}),
    ...densitySettings(args, algorithm),
  };
}

/** --n-neighbors (spectral), --eps and --min-samples (DBSCAN), --min-cluster-size and --min-samples (HDBSCAN); left out: from the data. */
function densitySettings(args: Args, algorithm: Algorithm): DensitySettings {
  const optional = (name: string, options: { integer?: boolean; min?: number }) => (args.flags.has(name) ? number(args.flags, name, NaN, options) : undefined);
  const owners: Record<string, Algorithm[]> = { 'n-neighbors': ['spectral'], eps: ['dbscan'], 'min-samples': ['dbscan', 'hdbscan'], 'min-cluster-size': ['hdbscan'] };
  for (const [flag, algorithms] of Object.entries(owners)) {
    if (args.flags.has(flag) && !algorithms.includes(algorithm)) { throw new UsageError(`--${flag} is a setting of --algorithm ${algorithms.join(' or ')}, not ${algorithm}`); }
  }
  if (args.flags.has('eps') && !(number(args.flags, 'eps', NaN) > 0)) { throw new UsageError(`--eps must be a number > 0, not "${text(args.flags, 'eps')}"`); }
  return {
    nNeighbors: optional('n-neighbors', { integer: true, min: 2 }),
    eps: optional('eps', { min: 0 }),
    minSamples: optional('min-samples', { integer: true, min: 1 }),
    minClusterSize: optional('min-cluster-size', { integer: true, min: 2 }),
  };
}

/** --model as one of mclust's models (aliases too); refused beside --covariance or k-means. */
function chosenModel(args: Args, d: number): MixtureModelName | undefined {
  const raw = text(args.flags, 'model');
  if (raw === undefined) { return undefined; }
  if (args.flags.has('covariance')) { throw new UsageError('--model and --covariance both choose the covariance: give one'); }
  const algorithm = args.flags.get('algorithm');
  if (algorithm !== undefined && algorithm !== 'gmm') { throw new UsageError(`--model is for Gaussian mixtures (--algorithm gmm), not ${String(algorithm)}`); }
  try { return resolveModelName(raw, d); } catch (err) { throw new UsageError((err as Error).message); }
}

function describeFit(args: Args, result: FitResult, selection: FeatureSelection, account: RowAccount, dataset: Dataset, parseSeconds: number) {
  const d = result.nFeatures;
  return {
    algorithm: result.algorithm,
    k: result.nComponents,
    covarianceType: result.algorithm === 'gmm' ? result.covarianceType : null,
    model: result.algorithm === 'gmm' ? (chosenModel(args, result.nFeatures) ?? null) : null,
    columns: selection.columns,
    leftOutColumns: selection.leftOut ?? [],
    nSamples: result.nSamples,
    nFeatures: d,
    droppedRows: selection.droppedRows,
    /** missing cells the mixture integrated out (policy model) */
    missingCells: result.missing?.cells ?? 0,
    ...describeRows(account, dataset),
    converged: result.converged,
    nIter: result.nIter,
    logLikelihood: result.logLikelihood,
    avgLogLikelihood: result.logLikelihood === null ? null : result.logLikelihood / result.nSamples,
    bic: result.bic,
    aic: result.aic,
    inertia: result.inertia,
    weights: Array.from(result.weights),
    means: nestRows(result.means, d),
    covariances: result.covariances ? nestRows(result.covariances, d * d).map(c => nestRows(Float64Array.from(c), d)) : null,
    history: Array.from(result.histories[result.bestRestart] ?? []),
    collapsedComponents: result.collapsedComponents,
    restarts: result.restarts,
    caution: cautionFor(result),
    nClusters: result.nComponents,
    nNoise: result.density?.nNoise ?? 0,
    ...(result.density && describeDensity(result)),
    seconds: result.seconds,
    parseSeconds,
  };
}

/** What a spectral, DBSCAN or HDBSCAN fit has instead of a likelihood: the settings it ran with and its own numbers. */
function describeDensity(result: FitResult) {
  const info = result.density!;
  const { settings } = info;
  return {
    settings: result.algorithm === 'spectral' ? { nNeighbors: settings.nNeighbors }
      : result.algorithm === 'dbscan' ? { eps: settings.eps, minSamples: settings.minSamples }
        : { minClusterSize: settings.minClusterSize, minSamples: settings.minSamples },
    kneeEps: info.kDistance?.kneeDistance ?? null,
    eigenvalues: info.eigenvalues ? Array.from(info.eigenvalues) : null,
    warning: info.warning,
  };
}

/** Large data runs on every core, as in the extension (dist/parallelWorker.js beside this file); results are the same. */
let pool: ParallelExecutor | undefined;
function fit(request: FitRequest): FitResult {
  const threads = threadsForFit(request.nSamples, request.nFeatures);
  const executor: ChunkExecutor = threads < 2 ? inThreadExecutor : (pool ??= createParallelExecutor(threads));
  try {
    return runClusterFit(request, () => {}, executor);
  } finally {
    // the next fit (select) must not find this one's arrays in the pool's memory
    pool?.releaseAll();
  }
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

/** Signals that end a run while it writes, with the shell's exit code for each (128 + its number). */
const INTERRUPTS: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

/**
 * The labelled file, written through a hidden temporary file beside OUT. Ctrl-C, SIGTERM or a
 * closed terminal while it is written removes that file and exits with the shell's code for the
 * signal; a write that fails is told about OUT, the path the user gave.
 */
async function writeOutput(source: string, out: string, dataset: Dataset, assignment: Parameters<typeof writeLabelledFile>[3]): Promise<void> {
  // OUT.parquet: the labelled table as Parquet (data/labelledParquet.ts), else the CSV with our cells appended.
  if (PARQUET_NAME.test(out)) {
    if (assignment.extraColumns) { throw new UsageError('--imputed writes CSV: give --out a .csv name'); }
    await whileWriting(out, () => writeLabelledParquetFile(out, dataset, assignment));
    return;
  }
  await whileWriting(out, () => writeLabelledFile(source, out, dataset, assignment));
}

/** Runs `write` (which writes `out` through a tracked temporary file) with the signal handlers above. */
async function whileWriting<T>(out: string, write: () => Promise<T>): Promise<T> {
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

async function main(argv: string[]): Promise<number> {
  try {
    return await runCommand(argv);
  } finally {
    pool?.dispose();
  }
}

/** A model too large to save, refused with the reason (core/densityModel.ts). */
function failSave(reason: string): never {
  throw new Error(reason);
}

/** Every line goes out in full before the process may exit (see writeFully). */
const print = (line: string) => writeFully(process.stdout, line + '\n');
const warn = (lines: readonly string[]) => writeFully(process.stderr, lines.map(w => `cluster-lens: warning: ${w}\n`).join(''));

/** The fit as the model file the extension saves, for `export` and the extension's "Apply Saved Model". */
async function saveModel(source: string, out: string, request: FitRequest, result: FitResult): Promise<void> {
  // DBSCAN and HDBSCAN: with the rows they label new rows by, within a bound (core/densityModel.ts)
  const density = (result.algorithm === 'dbscan' || result.algorithm === 'hdbscan') && result.densityModel;
  const text = density ? serializeModel(densityModelToFile(density, result.scaling, result.weights, result.means, {
    columns: [...(request.columnNames ?? [])], covarianceType: null, bic: null, aic: null,
    options: { nInit: request.nInit, seed: request.seed, standardize: request.standardize, ...result.density?.settings },
  })) : result.densityModelRefusal ? failSave(result.densityModelRefusal) : serializeModel(toModelFile(toPortableModel(result), {
    columns: [...(request.columnNames ?? [])],
    covarianceType: result.algorithm === 'gmm' ? result.covarianceType : null,
    options: { nComponents: request.nComponents, nInit: request.nInit, maxIter: request.maxIter, tol: request.tol, regCovar: request.regCovar, seed: request.seed, standardize: request.standardize },
    bic: result.bic, aic: result.aic,
  }));
  await checkOutputPath(source, out);
  try {
    await fs.promises.writeFile(out, text);
  } catch (err) {
    throw describeWriteError(err, out) ?? err;
  }
}

/**
 * A saved model as SQL, a scikit-learn script or a PySpark job (src/data/modelExport), for the
 * engines that score the whole data set where it lives.
 */
async function exportModel(argv: string[]): Promise<number> {
  const [target, ...rest] = argv;
  if (!MODEL_EXPORT_TARGETS.includes(target as ModelExportTarget)) { throw new UsageError(`export: what to write? ${MODEL_EXPORT_TARGETS.join(', ')}`); }
  const args = parseArgs(['export', ...rest]);
  const out = text(args.flags, 'out');
  if (!out) { throw new UsageError(`export ${target} needs --out FILE`); }
  const table = text(args.flags, 'table');
  if (table !== undefined && target !== 'sql') { throw new UsageError('--table is for export sql (the PySpark job names its own view)'); }
  const dialect = choice(args.flags, 'dialect', SQL_DIALECTS, 'duckdb');
  const modelText = await fs.promises.readFile(args.file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new CsvError('read-failed', `Cannot read ${args.file}: ${err.code === 'ENOENT' ? 'there is no such file' : err.message}.`, 'Give the model JSON that the extension or fit saved.');
  });
  const written = exportModelAs(target as ModelExportTarget, parseModel(modelText), { table, dialect });
  await checkOutputPath(args.file, out);
  try {
    await fs.promises.writeFile(out, written);
  } catch (err) {
    throw describeWriteError(err, out) ?? err;
  }
  if (args.flags.has('json')) { await print(JSON.stringify({ out: path.resolve(out), target, bytes: Buffer.byteLength(written) })); } else { await print(`wrote ${out}`); }
  return 0;
}

/** `label --model` takes a saved model file; any other --model value is one of mclust's model names. */
const SAVED_MODEL = /\.json$/i;

/** The file must exist before a streaming pass opens it: the same sentence as the reader's. */
async function checkReadable(file: string): Promise<void> {
  await fs.promises.access(file, fs.constants.R_OK).catch((err: NodeJS.ErrnoException) => {
    const why = err.code === 'ENOENT' ? 'there is no such file' : err.code === 'EACCES' ? 'permission denied' : err.message;
    throw new CsvError('read-failed', `Cannot read ${file}: ${why}.`, 'Check the path and that the file is readable.');
  });
}

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

async function runCommand(argv: string[]): Promise<number> {
  if (argv[0] === 'export') { return exportModel(argv.slice(1)); }
  const args = parseArgs(argv);
  const json = args.flags.has('json');
  switch (args.command) {
    case 'fit': {
      const { dataset, parseSeconds, sample } = await load(args);
      const { selection, account } = await chooseColumns(args, dataset);
      await warn(account.warnings);
      const k = number(args.flags, 'k', 3, { integer: true, min: 1 });
      const covarianceType = choice(args.flags, 'covariance', COVARIANCE_TYPES, 'full');
      const request = fitRequest(args, selection, k, covarianceType);
      if (!findsK(request.algorithm)) { checkK(k, account); }
      const result = fit(request);
      checkFinite(result, selection.matrix.data, 'fit');
      const modelPath = text(args.flags, 'save-model');
      if (modelPath !== undefined) { await saveModel(args.file, modelPath, request, result); }
      const report = { ...describeFit(args, result, selection, account, dataset, parseSeconds), ...(sample ? { sample } : {}) };
      if (json) { await print(JSON.stringify(report)); return 0; }
      if (sample) { await print(`fitted on a uniform sample of ${sample.rows} of the file's ${sample.rowsInFile} rows (seed ${sample.seed})`); }
      if (result.density) {
        await print(`${report.algorithm}: ${report.nClusters} clusters, ${report.nNoise} noise rows on ${report.nSamples} of ${report.rowsRead} rows × ${report.nFeatures} columns `
          + `(${Object.entries(report.settings ?? {}).map(([name, value]) => `${name} ${value}`).join(', ')}; ${report.seconds.toFixed(3)} s)`
          + (report.warning ? `\n${report.warning}` : ''));
        return 0;
      }
      await print(`${report.algorithm}${report.model ? ` ${report.model}` : ''} k=${report.k} on ${report.nSamples} of ${report.rowsRead} rows × ${report.nFeatures} columns: `
        + `${report.converged ? 'converged' : 'did not converge'} in ${report.nIter} iterations, `
        + (report.algorithm === 'gmm' ? `log-likelihood ${report.logLikelihood?.toFixed(3)}, BIC ${report.bic?.toFixed(3)}` : `inertia ${report.inertia?.toFixed(3)}`)
        + ` (${report.seconds.toFixed(3)} s)` + (result.restarts?.disagree ? `\n${result.restarts.sentence}` : '') + (report.caution ? `\n${report.caution}` : ''));
      return 0;
    }
    case 'select': {
      if (args.flags.has('models')) { return selectModels(args, json); }
      const { dataset, parseSeconds } = await load(args);
      const { selection, account } = await chooseColumns(args, dataset);
      const ks = parseKRange(text(args.flags, 'k') ?? '1..8');
      const types = (text(args.flags, 'covariance') ?? COVARIANCE_TYPES.join(',')).split(',') as CovarianceType[];
      for (const t of types) { if (!COVARIANCE_TYPES.includes(t)) { throw new UsageError(`unknown covariance type "${t}"`); } }
      // every model is checked before the first runs: no k is skipped or changed silently
      for (const covarianceType of types) { for (const k of ks) { assertFitFeasible({ algorithm: 'gmm', nComponents: k, covarianceType, ...selection.matrix }); } }
      await warn(account.warnings);
      const models: { k: number; covarianceType: CovarianceType; bic: number | null; aic: number | null; logLikelihood: number | null; converged: boolean; nIter: number; seconds: number }[] = [];
      for (const covarianceType of types) {
        for (const k of ks) {
          const r = fit({ ...fitRequest(args, selection, k, covarianceType), algorithm: 'gmm' });
          checkFinite(r, selection.matrix.data, `fit with k = ${k}, ${covarianceType} covariance,`);
          models.push({ k, covarianceType, bic: r.bic, aic: r.aic, logLikelihood: r.logLikelihood, converged: r.converged, nIter: r.nIter, seconds: r.seconds });
        }
      }
      const best = (key: 'bic' | 'aic') => models.reduce((a, b) => ((b[key] ?? Infinity) < (a[key] ?? Infinity) ? b : a));
      const report = { columns: selection.columns, leftOutColumns: selection.leftOut ?? [], nSamples: selection.matrix.nSamples, ...describeRows(account, dataset), models, best: { bic: best('bic'), aic: best('aic') }, parseSeconds };
      if (json) { await print(JSON.stringify(report)); return 0; }
      await print(models.map(m => `${m.covarianceType.padEnd(9)} k=${String(m.k).padEnd(3)} BIC ${m.bic?.toFixed(2)}  AIC ${m.aic?.toFixed(2)}`).join('\n'));
      await print(`best by BIC: ${report.best.bic.covarianceType} k=${report.best.bic.k}`);
      return 0;
    }
    case 'label': {
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
    default:
      throw new UsageError(`unknown command "${args.command}"`);
  }
}

/** select --models: mclust's models × k by BIC (both conventions) and ICL (core/mixtureModels/modelSearch.ts). */
async function selectModels(args: Args, json: boolean): Promise<number> {
  const { dataset, parseSeconds } = await load(args);
  const { selection, account } = await chooseColumns(args, dataset);
  const X = selection.matrix;
  const ks = parseKRange(text(args.flags, 'k') ?? '1..9');
  const raw = text(args.flags, 'models') ?? 'all';
  let models: readonly MixtureModelName[];
  try {
    models = raw === 'all' ? modelsFor(X.nFeatures) : [...new Set(raw.split(',').map(m => resolveModelName(m.trim(), X.nFeatures)))];
  } catch (err) { throw new UsageError((err as Error).message); }
  await warn(account.warnings);
  const started = Date.now();
  // whole cells (model, k) on every core: independent, so the threads never wait on each other
  const search = await searchModelsOnThreads(X, {
    models, kMax: Math.max(...ks),
    nInit: number(args.flags, 'n-init', 1, { integer: true, min: 0 }),
    seed: number(args.flags, 'seed', 0, { integer: true, min: 0 }),
    maxIter: number(args.flags, 'max-iter', 1000, { integer: true, min: 1 }),
    relativeTol: number(args.flags, 'tol', 1e-5, { min: 0 }),
    regCovar: number(args.flags, 'reg-covar', 1e-6, { min: 0 }),
  }, machineThreads());
  const seconds = (Date.now() - started) / 1000;
  const wanted = new Set(ks);
  const keep = (c: ModelSearchCell) => wanted.has(c.k);
  const cells = search.cells.filter(keep);
  const ranking = search.ranking.filter(keep);
  const finite = (v: number) => (Number.isFinite(v) ? v : null);
  const plain = (c: ModelSearchCell) => ({
    model: c.model, k: c.k, nParameters: c.nParameters, status: c.status, reason: c.reason ?? null,
    logLikelihood: finite(c.logLikelihood), bicMclust: finite(c.bic), bicSklearn: finite(c.bicSklearn), icl: finite(c.icl),
    start: c.start ?? null, startsAgreed: c.startsAgreed ?? null, converged: c.converged ?? null,
  });
  const best = ranking[0];
  const bestIcl = search.rankingIcl.filter(keep)[0];
  const atEdge = best !== undefined && ks.length > 1 && (best.k === Math.max(...ks) || (best.k === Math.min(...ks) && best.k > 1));
  const report = {
    columns: selection.columns, leftOutColumns: selection.leftOut ?? [], nSamples: X.nSamples, ...describeRows(account, dataset),
    conventions: { bicMclust: '2 logL − p ln n, larger is better', bicSklearn: '−2 logL + p ln n, smaller is better', icl: 'BIC (mclust) + 2 Σ log max posterior, larger is better' },
    models: cells.map(plain), best: best ? plain(best) : null, bestIcl: bestIcl ? plain(bestIcl) : null,
    bestAtEdge: atEdge, summary: describeTopThree(ranking),
    seconds, parseSeconds,
  };
  if (json) { await print(JSON.stringify(report)); return 0; }
  const cellText = (v: number | null) => (v === null ? '' : v.toFixed(2)).padStart(12);
  await print('model  k   params  BIC mclust (↑)  BIC sklearn (↓)   ICL (↑)');
  await print(report.models.map(m => `${m.model.padEnd(5)} ${String(m.k).padStart(2)}  ${String(m.nParameters).padStart(6)}  `
    + (m.status === 'refused' ? `not fitted: ${m.reason}` : `${cellText(m.bicMclust)}  ${cellText(m.bicSklearn)}  ${cellText(m.icl)}`
      + (m.status === 'degenerate' ? `  (not ranked: ${m.reason})` : ''))).join('\n'));
  await print(report.summary.map((line, i) => `${i + 1}. ${line}`).join('\n'));
  if (bestIcl) { await print(`best by ICL: ${bestIcl.model}, ${bestIcl.k} cluster${bestIcl.k === 1 ? '' : 's'}`); }
  if (atEdge) { await print(`the best k (${best!.k}) is at the edge of the range searched: try a wider --k`); }
  return 0;
}

/** The message for an error that ends the run, and the exit code: 2 for anything the user can fix. */
function failure(err: unknown): { text: string; code: number } {
  if (err instanceof UsageError) { return { text: err.message ? `cluster-lens: ${err.message}\n${USAGE}\n` : `${USAGE}\n`, code: err.message ? 2 : 0 }; }
  if (err instanceof CsvError || err instanceof OutputError || err instanceof Refusal || err instanceof FitRefusal) { return { text: `cluster-lens: ${err.message}\n${err.hint}\n`, code: 2 }; }
  // Anything else is our bug: still a sentence, never a stack trace.
  return { text: `cluster-lens: ${err instanceof Error ? err.message : String(err)}\n`, code: 1 };
}

endQuietlyOnStreamError(process.stdout);
endQuietlyOnStreamError(process.stderr);
main(process.argv.slice(2)).then(
  code => code,
  async (err: unknown) => {
    const { text: message, code } = failure(err);
    await writeFully(process.stderr, message);
    return code;
  },
).then(code => process.exit(code));
