/** `cluster-lens fit`: one fit on the chosen columns, reported as text or JSON, saved as a model file when asked. */
import * as fs from 'node:fs';
import type { FitRequest, FitResult } from '../core/clusterFit';
import { cautionFor } from '../core/fitFeasibility';
import type { Dataset } from '../data/csvReader';
import type { FeatureSelection } from '../data/featureMatrix';
import { densityModelToFile, nestRows, toModelFile } from '../data/portableModelFile';
import { serializeModel } from '../data/modelFile';
import { toPortableModel } from '../core/portableModel';
import type { RowAccount } from '../data/rowAccount';
import { checkOutputPath, describeWriteError } from '../node/outputPath';
import { choice, number, text, type Args } from './args';
import { checkFinite, checkK, chosenModel, COVARIANCE_TYPES, findsK, fit, fitRequest } from './fitRunner';
import { chooseColumns, load } from './loadInput';
import { describeRows, print, warn } from './output';

/** fit FILE: one fit, its report, and the model saved when asked. */
export async function fitCommand(args: Args, json: boolean): Promise<number> {
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
/** A model too large to save, refused with the reason (core/densityModel.ts). */
function failSave(reason: string): never {
  throw new Error(reason);
}
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
