/**
 * A saved model applied to a file, as a fit the panel can show: the model's clusters for every
 * usable row, its parameters in the file's units, and its scores on THIS file (log-likelihood,
 * BIC, AIC of a mixture; inertia of k-means), marked as applied so the view does not speak of
 * iterations that never ran here. The pass over the rows (core/appliedFit.ts) runs in the fit
 * worker with the summary over all rows (startApply); this assembles what it sends back. Pure (no
 * vscode): unit-tested.
 */
import { applySavedModel, type SavedModel } from '../../core/appliedFit';
import type { FitResult } from '../../core/clusterFit';
import type { FitSummary } from '../../core/fitSummary';
import type { Dataset } from '../../data/csvReader';
import type { FeatureSelection } from '../../data/featureMatrix';
import type { ModelFile } from '../../data/modelFile';
import { densityModelFromFile, fromModelFile } from '../../data/portableModelFile';
import { assignRows } from '../../data/rowAssignment';
import type { CovarianceType, FitOptions, RanIn } from '../../shared/protocol';
import type { ComputeClient } from './computeClient';
import { buildSnapshot, summaryRequestFor, type CompletedFit } from './fitSnapshot';
import { shareNumericColumns } from '../../data/sharedColumns';
import { dataForWorker, sharedMemoryAvailable } from './workerPort';

/** A setting the model file recorded among its options when it is a valid one (the panel's protocol checks them), else `fallback`. */
function recorded(model: ModelFile, name: string, fallback: number, min: number, max: number, integer = true): number {
  const value = model.options[name];
  return typeof value === 'number' && value >= min && value <= max && (!integer || Number.isInteger(value)) ? value : fallback;
}

/** The model file as the engine applies it (core/appliedFit.ts), to send where the rows are. */
export function savedModelOf(model: ModelFile): SavedModel {
  if (model.algorithm === 'dbscan' || model.algorithm === 'hdbscan') {
    const { model: density, scaling } = densityModelFromFile(model);
    const file = model.density!;
    return {
      kind: 'density', model: density, scaling, means: Float64Array.from(model.means.flat()),
      settings: { nNeighbors: 0, eps: file.eps ?? NaN, minSamples: file.minSamples, minClusterSize: recorded(model, 'minClusterSize', 0, 0, 100_000) },
    };
  }
  return { kind: 'portable', model: fromModelFile(model), covarianceType: model.covarianceType ?? 'full' };
}

/** The options the panel shows for an applied model: what its file recorded, valid ones only. */
export function appliedOptions(model: ModelFile, selection: FeatureSelection): FitOptions {
  if (model.algorithm === 'dbscan' || model.algorithm === 'hdbscan') {
    const density = model.density!;
    const k = model.weights.length;
    const minClusterSize = recorded(model, 'minClusterSize', 0, 0, 100_000);
    return {
      algorithm: model.algorithm, nComponents: Math.max(1, k), covarianceType: 'full', columns: selection.columns,
      standardize: model.options.standardize === true,
      nInit: recorded(model, 'nInit', 1, 1, 1000), maxIter: 100, tol: 1e-3, seed: recorded(model, 'seed', 0, 0, 2 ** 32 - 1), missing: 'drop',
      ...(model.algorithm === 'dbscan' ? { eps: density.eps!, minSamples: density.minSamples } : { minSamples: density.minSamples, ...(minClusterSize >= 2 ? { minClusterSize } : {}) }),
    };
  }
  const portable = fromModelFile(model);
  const covarianceType: CovarianceType = model.covarianceType ?? 'full';
  return {
    algorithm: portable.algorithm, nComponents: portable.nComponents, covarianceType, columns: selection.columns,
    standardize: portable.algorithm === 'kmeans' ? portable.scaling !== null : model.options.standardize === true,
    nInit: recorded(model, 'nInit', 1, 1, 1000), maxIter: recorded(model, 'maxIter', portable.algorithm === 'kmeans' ? 300 : 100, 1, 100_000),
    tol: recorded(model, 'tol', portable.algorithm === 'kmeans' ? 1e-4 : 1e-3, 0, 1e6, false), seed: recorded(model, 'seed', 0, 0, 2 ** 32 - 1),
    missing: 'drop',
  };
}

/**
 * The applied model as the panel's fit, from the result of the pass over the rows and, when the
 * worker computed it, the summary over all rows.
 * @param modelName the model file's name, shown in the panel
 */
export function assembleAppliedFit(
  model: ModelFile, modelName: string, dataset: Dataset, selection: FeatureSelection, fitId: number, maxPoints: number, result: FitResult,
  summary?: FitSummary, ranIn: RanIn = 'extension-host',
): CompletedFit {
  const options = appliedOptions(model, selection);
  const rows = summary?.rows ?? assignRows(dataset.nRows, selection.rowIndex, result.labels, result.resp, result.nComponents);
  const snapshot = { ...buildSnapshot(fitId, options, dataset, selection, result, ranIn, maxPoints, rows, summary), appliedModel: modelName };
  return { options, selection, result, snapshot, rows };
}

/**
 * The whole of it on this thread (tests; the worker's path gives the same fit).
 * @param selection the file's rows and columns the model reads, its columns in the model's order
 */
export function buildAppliedFit(model: ModelFile, modelName: string, dataset: Dataset, selection: FeatureSelection, fitId: number, maxPoints: number): CompletedFit {
  return assembleAppliedFit(model, modelName, dataset, selection, fitId, maxPoints, applySavedModel(savedModelOf(model), selection.matrix));
}

/**
 * Applies `model` where fits run (a worker: the pass over the rows and the summary over all rows
 * leave the extension host's thread), and hands back the panel's fit to build with its fit id
 * (ClusterPanel.showApplied).
 */
export async function applyModelWhereFitsRun(
  compute: Pick<ComputeClient, 'startApply'>, model: ModelFile, modelName: string, dataset: Dataset, selection: FeatureSelection, maxPoints: number,
): Promise<(fitId: number) => CompletedFit> {
  const { matrix } = selection;
  shareNumericColumns(dataset, sharedMemoryAvailable());
  const summarize = summaryRequestFor(dataset, selection, maxPoints, appliedOptions(model, selection).seed);
  // the worker takes ownership of what it is sent, and the selection must stay readable here
  const run = compute.startApply({ saved: savedModelOf(model), data: dataForWorker(matrix.data), nSamples: matrix.nSamples, nFeatures: matrix.nFeatures }, summarize);
  const [result, summary] = await Promise.all([run.result, run.summary]);
  return fitId => assembleAppliedFit(model, modelName, dataset, selection, fitId, maxPoints, result, summary, run.ranIn);
}
