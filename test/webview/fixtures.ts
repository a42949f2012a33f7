/** Real fits for the webview tests: the sample files read by the data layer, fitted by the engine. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runClusterFit } from '../../src/core/clusterFit';
import type { FitResult } from '../../src/core/clusterFit';
import { byteSourceFromBytes } from '../../src/data/byteSource';
import { readCsv } from '../../src/data/csvReader';
import { buildFeatureMatrix, defaultFeatureColumns, type FeatureSelection } from '../../src/data/featureMatrix';
import { summarizeDataset } from '../../src/host/pure/datasetSummary';
import { buildSnapshot } from '../../src/host/pure/fitSnapshot';
import { planComparison } from '../../src/host/pure/comparison';
import { runComparison } from '../../src/core/modelComparison';
import type { FitOptions, FitSnapshot, HostMessage } from '../../src/shared/protocol';

const samples = path.resolve(import.meta.dirname, '../../media/samples');

export interface RealFit {
  messages: HostMessage[];
  snapshot: FitSnapshot;
  result: FitResult;
  selection: FeatureSelection;
}

/** A sample file read by the data layer, as the host reads it. */
export async function readSample(fileName: string) {
  return readCsv(byteSourceFromBytes(fs.readFileSync(path.join(samples, fileName))), { fileName });
}

/** The e2e workspace's two moons with scatter (scripts/makeMoonsCsv.py): where spectral, DBSCAN and HDBSCAN are right. */
export const MOONS_CSV = path.resolve(import.meta.dirname, '../../test/e2e/workspace/moons.csv');

export async function fitSampleFile(fileName: string, overrides: Partial<FitOptions> = {}, maxPoints = 20_000): Promise<RealFit> {
  return fitCsvFile(path.join(samples, fileName), overrides, maxPoints);
}

/** Any CSV file read and fitted as the host does it (density settings passed on like analysis.ts). */
export async function fitCsvFile(filePath: string, overrides: Partial<FitOptions> = {}, maxPoints = 20_000): Promise<RealFit> {
  return fitCsvBytes(path.basename(filePath), fs.readFileSync(filePath), overrides, maxPoints);
}

/** As fitSampleFile, for a file made by the test. */
export async function fitCsvBytes(fileName: string, bytes: Uint8Array, overrides: Partial<FitOptions> = {}, maxPoints = 20_000): Promise<RealFit> {
  const dataset = await readCsv(byteSourceFromBytes(bytes), { fileName });
  const options: FitOptions = {
    algorithm: 'gmm', nComponents: 3, covarianceType: 'full', columns: defaultFeatureColumns(dataset), standardize: false,
    nInit: 1, maxIter: 100, tol: 1e-3, seed: 0, missing: 'drop', ...overrides,
  };
  const selection = buildFeatureMatrix(dataset, options.columns, options.missing);
  const result = runClusterFit({
    algorithm: options.algorithm, nComponents: options.nComponents, covarianceType: options.covarianceType,
    nInit: options.nInit, maxIter: options.maxIter, tol: options.tol, regCovar: 1e-6, seed: options.seed,
    standardize: options.standardize, data: selection.matrix.data.slice(),
    nNeighbors: options.nNeighbors, eps: options.eps || undefined, minSamples: options.minSamples, minClusterSize: options.minClusterSize,
    ...(options.model ? { model: options.model } : {}),
    nSamples: selection.matrix.nSamples, nFeatures: selection.matrix.nFeatures,
  }, () => {});
  const snapshot = buildSnapshot(1, options, dataset, selection, result, 'worker_threads', maxPoints);
  const summary = summarizeDataset(fileName, dataset);
  return {
    messages: [
      { type: 'didLoadDataset', fileUri: `file:///samples/${fileName}`, dataset: summary, options },
      { type: 'didFinishFit', fit: snapshot },
    ],
    snapshot, result, selection,
  };
}

/**
 * A real "Compare k" run of a fit, as the host posts it: didStartCompare, one didCompareModel per
 * model (computed here by the same core and host code the worker and panel use), didFinishCompare.
 */
export function compareRealFit(fit: RealFit, kMax: number, allCovarianceTypes: boolean, compareId = 1): HostMessage[] {
  const loaded = fit.messages.find(m => m.type === 'didLoadDataset');
  if (!loaded || loaded.type !== 'didLoadDataset') { throw new Error('the fit has no didLoadDataset message'); }
  const { request, start } = planComparison({ options: loaded.options, selection: fit.selection, result: fit.result }, kMax, allCovarianceTypes, compareId, 1e-6);
  return [
    start,
    ...[...runComparison(request)].map(model => ({ type: 'didCompareModel', compareId, model }) as HostMessage),
    { type: 'didFinishCompare', compareId },
  ];
}
