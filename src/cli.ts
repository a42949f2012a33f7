/**
 * The command line over the same engine as the extension, for pipelines and benchmarks:
 *   cluster-lens fit FILE.csv --algorithm gmm|kmeans --k N [options] --json
 *   cluster-lens select FILE.csv --k 1..8 --covariance full,tied,diag,spherical --json
 *   cluster-lens label FILE.csv --out OUT.csv [fit options]
 * Bad input gives a message on stderr and exit code 2, never a stack trace.
 */
import * as path from 'node:path';
import { inThreadExecutor, type ChunkExecutor } from './core/chunkExecutor';
import { type Algorithm, type FitRequest, type FitResult, runClusterFit } from './core/clusterFit';
import { createParallelExecutor, threadsForFit, type ParallelExecutor } from './compute/parallel/pool';
import { assertFitFeasible, cautionFor, FitRefusal } from './core/fitFeasibility';
import type { GmmInit } from './core/gmm';
import { DEFAULT_GMM_N_INIT } from './core/screenedRestarts';
import type { CovarianceType } from './core/gmmModel';
import { CsvError } from './data/csvError';
import { readCsv, type Dataset } from './data/csvReader';
import { explainEmptySelection } from './data/emptySelection';
import { buildFeatureMatrix, defaultFeatureColumns, type FeatureSelection } from './data/featureMatrix';
import { nestRows } from './data/portableModelFile';
import { openFileSource } from './node/fileSource';
import { writeLabelledFile } from './node/labelledFile';

const USAGE = `usage:
  cluster-lens fit FILE --algorithm gmm|kmeans --k N [--covariance full|tied|diag|spherical]
               [--columns a,b,c] [--n-init N] [--seed S] [--max-iter N] [--tol X] [--reg-covar X]
               [--standardize|--no-standardize] [--init kmeans|k-means++|random|random_from_data]
               [--missing drop|impute] [--delimiter C] [--json]
  cluster-lens select FILE --k 1..8 [--covariance full,tied,diag,spherical] [fit options] [--json]
  cluster-lens label FILE --out OUT.csv [fit options]`;

class UsageError extends Error {}

const COVARIANCE_TYPES: readonly CovarianceType[] = ['full', 'tied', 'diag', 'spherical'];
const INITS: readonly GmmInit[] = ['kmeans', 'k-means++', 'random', 'random_from_data'];

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

async function load(args: Args): Promise<{ dataset: Dataset; parseSeconds: number }> {
  const started = Date.now();
  const delimiter = text(args.flags, 'delimiter');
  if (delimiter !== undefined && ![',', ';', '\t', '|', '\\t'].includes(delimiter)) { throw new UsageError('--delimiter must be , ; | or \\t'); }
  const source = await openFileSource(args.file).catch((err: NodeJS.ErrnoException) => {
    const why = err.code === 'ENOENT' ? 'there is no such file' : err.code === 'EISDIR' ? 'it is a folder' : err.code === 'EACCES' ? 'permission denied' : err.message;
    throw new CsvError('read-failed', `Cannot read ${args.file}: ${why}.`, 'Check the path and that the file is readable.');
  });
  const dataset = await readCsv(source, {
    fileName: path.basename(args.file),
    delimiter: delimiter === '\\t' ? '\t' : (delimiter as ',' | ';' | '\t' | '|' | undefined),
  });
  return { dataset, parseSeconds: (Date.now() - started) / 1000 };
}

function select(args: Args, dataset: Dataset): FeatureSelection {
  const columns = text(args.flags, 'columns')?.split(',').map(c => c.trim()) ?? defaultFeatureColumns(dataset);
  if (columns.length === 0) { const why = explainEmptySelection(dataset, path.basename(args.file)); throw new CsvError('no-numeric-columns', why.message, why.hint); }
  return buildFeatureMatrix(dataset, columns, choice(args.flags, 'missing', ['drop', 'impute'] as const, 'drop'));
}

function fitRequest(args: Args, selection: FeatureSelection, k: number, covarianceType: CovarianceType): FitRequest {
  const algorithm = choice<Algorithm>(args.flags, 'algorithm', ['gmm', 'kmeans'], 'gmm');
  // Off unless asked: the numbers then compare directly with scikit-learn run on the raw file.
  const standardize = args.flags.has('standardize') && !args.flags.has('no-standardize');
  return {
    algorithm,
    nComponents: k,
    covarianceType,
    nInit: number(args.flags, 'n-init', algorithm === 'kmeans' ? 10 : DEFAULT_GMM_N_INIT, { integer: true, min: 1 }),
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
  };
}

function describeFit(result: FitResult, selection: FeatureSelection, parseSeconds: number) {
  const d = result.nFeatures;
  return {
    algorithm: result.algorithm,
    k: result.nComponents,
    covarianceType: result.algorithm === 'gmm' ? result.covarianceType : null,
    columns: selection.columns,
    nSamples: result.nSamples,
    nFeatures: d,
    droppedRows: selection.droppedRows,
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
    seconds: result.seconds,
    parseSeconds,
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

async function main(argv: string[]): Promise<number> {
  try {
    return await runCommand(argv);
  } finally {
    pool?.dispose();
  }
}

async function runCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const json = args.flags.has('json');
  switch (args.command) {
    case 'fit': {
      const { dataset, parseSeconds } = await load(args);
      const selection = select(args, dataset);
      const k = number(args.flags, 'k', 3, { integer: true, min: 1 });
      const result = fit(fitRequest(args, selection, k, choice(args.flags, 'covariance', COVARIANCE_TYPES, 'full')));
      const report = describeFit(result, selection, parseSeconds);
      if (json) { process.stdout.write(JSON.stringify(report) + '\n'); return 0; }
      process.stdout.write(`${report.algorithm} k=${report.k} on ${report.nSamples} rows × ${report.nFeatures} columns: `
        + `${report.converged ? 'converged' : 'did not converge'} in ${report.nIter} iterations, `
        + (report.algorithm === 'gmm' ? `log-likelihood ${report.logLikelihood?.toFixed(3)}, BIC ${report.bic?.toFixed(3)}` : `inertia ${report.inertia?.toFixed(3)}`)
        + ` (${report.seconds.toFixed(3)} s)\n` + (result.restarts?.disagree ? `${result.restarts.sentence}\n` : '') + (report.caution ? `${report.caution}\n` : ''));
      return 0;
    }
    case 'select': {
      const { dataset, parseSeconds } = await load(args);
      const selection = select(args, dataset);
      const ks = parseKRange(text(args.flags, 'k') ?? '1..8');
      const types = (text(args.flags, 'covariance') ?? COVARIANCE_TYPES.join(',')).split(',') as CovarianceType[];
      for (const t of types) { if (!COVARIANCE_TYPES.includes(t)) { throw new UsageError(`unknown covariance type "${t}"`); } }
      // every model is checked before the first runs: no k is skipped or changed silently
      for (const covarianceType of types) { for (const k of ks) { assertFitFeasible({ algorithm: 'gmm', nComponents: k, covarianceType, ...selection.matrix }); } }
      const models: { k: number; covarianceType: CovarianceType; bic: number | null; aic: number | null; logLikelihood: number | null; converged: boolean; nIter: number; seconds: number }[] = [];
      for (const covarianceType of types) {
        for (const k of ks) {
          const r = fit({ ...fitRequest(args, selection, k, covarianceType), algorithm: 'gmm' });
          models.push({ k, covarianceType, bic: r.bic, aic: r.aic, logLikelihood: r.logLikelihood, converged: r.converged, nIter: r.nIter, seconds: r.seconds });
        }
      }
      const best = (key: 'bic' | 'aic') => models.reduce((a, b) => ((b[key] ?? Infinity) < (a[key] ?? Infinity) ? b : a));
      const report = { columns: selection.columns, nSamples: selection.matrix.nSamples, models, best: { bic: best('bic'), aic: best('aic') }, parseSeconds };
      if (json) { process.stdout.write(JSON.stringify(report) + '\n'); return 0; }
      for (const m of models) { process.stdout.write(`${m.covarianceType.padEnd(9)} k=${String(m.k).padEnd(3)} BIC ${m.bic?.toFixed(2)}  AIC ${m.aic?.toFixed(2)}\n`); }
      process.stdout.write(`best by BIC: ${report.best.bic.covarianceType} k=${report.best.bic.k}\n`);
      return 0;
    }
    case 'label': {
      const out = text(args.flags, 'out');
      if (!out) { throw new UsageError('label needs --out OUT.csv'); }
      const { dataset } = await load(args);
      const selection = select(args, dataset);
      const k = number(args.flags, 'k', 3, { integer: true, min: 1 });
      const result = fit(fitRequest(args, selection, k, choice(args.flags, 'covariance', COVARIANCE_TYPES, 'full')));
      await writeLabelledFile(args.file, out, dataset, { k, labels: result.labels, probabilities: result.resp, rowIndex: selection.rowIndex });
      process.stdout.write(json ? JSON.stringify({ out: path.resolve(out), rows: dataset.nRows, k }) + '\n' : `wrote ${out}\n`);
      return 0;
    }
    default:
      throw new UsageError(`unknown command "${args.command}"`);
  }
}

main(process.argv.slice(2)).then(code => process.exit(code), (err: unknown) => {
  if (err instanceof UsageError) {
    process.stderr.write(err.message ? `cluster-lens: ${err.message}\n${USAGE}\n` : `${USAGE}\n`);
    process.exit(err.message ? 2 : 0);
  }
  if (err instanceof CsvError || err instanceof FitRefusal) {
    process.stderr.write(`cluster-lens: ${err.message}\n${err.hint}\n`);
    process.exit(2);
  }
  // Validation errors of the engine (e.g. k larger than the rows) are sentences for the user too.
  process.stderr.write(`cluster-lens: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
