// The saved model: a small JSON file that lets a fit be re-applied to another CSV with the same
// columns. Only its shape and validation live here; predicting is core's job.
//
// Parameters are stored in the space the model was fitted in: when `scaling` is present, new rows
// are first standardised as z = (x − mean) / scale, then scored with weights/means/covariances.
// Covariances are always expanded to k × d × d, whatever the covariance type, so a reader needs no
// knowledge of sklearn's compact shapes; `covarianceType` says which structure they have.
//
// DBSCAN and HDBSCAN models (core/densityModel.ts) carry fitted rows in `density`, in the scaled
// space `scaling` leads to; weights are each cluster's share of ALL fitted rows (noise is the rest,
// so they sum to at most 1) and means its members' means, in the file's units. Bounded: at most
// MAX_MODEL_NUMBERS numbers of rows (about 10 MB).

import type { Dataset } from './csvReader';
import { CsvError } from './csvError';
import { MAX_MODEL_NUMBERS } from '../core/densityModel';

export const MODEL_FORMAT = 'cluster-lens-model';
export const MODEL_VERSION = 1;

export type ModelAlgorithm = 'gmm' | 'kmeans' | 'dbscan' | 'hdbscan';

/** What a DBSCAN or HDBSCAN model labels new rows with (core/densityModel.ts names each part). */
export interface ModelDensity {
  /** DBSCAN: the radius; HDBSCAN: null */
  eps: number | null;
  minSamples: number;
  /** rows × d: DBSCAN's core rows, HDBSCAN's every fitted row, scaled */
  points: number[][];
  /** DBSCAN: (rows) each core row's cluster */
  labels?: number[];
  /** HDBSCAN: (rows) core distance, the condensed-tree cluster node each row fell out of and the λ at which */
  coreDistances?: number[];
  rowNode?: number[];
  rowLambda?: number[];
  /** HDBSCAN: (nodes) parent node (−1 the root), λ of birth, label when selected (else −1), largest λ out of a selected node */
  nodeParent?: number[];
  nodeBirth?: number[];
  nodeLabel?: number[];
  nodeMaxLambda?: number[];
}
export type ModelCovarianceType = 'full' | 'tied' | 'diag' | 'spherical';

export interface ModelScaling {
  /** (d) per-column mean subtracted before fitting */
  mean: number[];
  /** (d) per-column divisor (1 for constant columns) */
  scale: number[];
}

export interface ModelFile {
  format: typeof MODEL_FORMAT;
  version: typeof MODEL_VERSION;
  algorithm: ModelAlgorithm;
  /** The fit's options (k, seed, covariance type, restarts, …) as plain values, for the record. */
  options: Record<string, string | number | boolean | null>;
  /** Feature columns, in the order of the means' coordinates. */
  columns: string[];
  /** null = the model was fitted on the raw values */
  scaling: ModelScaling | null;
  /** (k) mixing weights (k-means: the share of rows per cluster), summing to 1 */
  weights: number[];
  /** k × d */
  means: number[][];
  /** k × d × d, symmetric with positive diagonal; null for k-means */
  covariances: number[][][] | null;
  /** null for k-means */
  covarianceType: ModelCovarianceType | null;
  bic: number | null;
  aic: number | null;
  /** DBSCAN, HDBSCAN only */
  density?: ModelDensity;
}

/** Pretty enough to diff, exact enough to re-apply (JSON numbers round-trip doubles). */
export function serializeModel(model: ModelFile): string {
  validateModel(model);
  return JSON.stringify(model, null, 1) + '\n';
}

/** Parses and validates a model file's text; throws CsvError('invalid-model') saying what is wrong where. */
export function parseModel(text: string): ModelFile {
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw invalid(`The model file is not valid JSON (${e instanceof Error ? e.message : String(e)}).`);
  }
  return validateModel(value);
}

function invalid(message: string): CsvError {
  return new CsvError('invalid-model', message, 'Choose a model saved by Cluster Lens, or fit and save the model again.');
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function numberArray(v: unknown, length: number, where: string): number[] {
  if (!Array.isArray(v)) { throw invalid(`"${where}" must be a list of numbers.`); }
  if (v.length !== length) { throw invalid(`"${where}" has ${v.length} values, expected ${length}.`); }
  v.forEach((x, i) => { if (!isFiniteNumber(x)) { throw invalid(`"${where}[${i}]" must be a finite number, got ${JSON.stringify(x)}.`); } });
  return v as number[];
}

/** Checks an unknown value against ModelFile, with a message naming the first bad field. */
export function validateModel(value: unknown): ModelFile {
  if (!isRecord(value)) { throw invalid('The model file must contain a JSON object.'); }
  if (value['format'] !== MODEL_FORMAT) { throw invalid(`This is not a Cluster Lens model ("format" must be "${MODEL_FORMAT}").`); }
  if (value['version'] !== MODEL_VERSION) {
    throw new CsvError('invalid-model', `The model file has version ${JSON.stringify(value['version'])}; this Cluster Lens reads version ${MODEL_VERSION}.`,
      'Update Cluster Lens, or save the model again with this version.');
  }
  const algorithm = value['algorithm'];
  if (algorithm !== 'gmm' && algorithm !== 'kmeans' && algorithm !== 'dbscan' && algorithm !== 'hdbscan') {
    throw invalid('"algorithm" must be "gmm", "kmeans", "dbscan" or "hdbscan".');
  }
  const densityModel = algorithm === 'dbscan' || algorithm === 'hdbscan';
  const options = value['options'];
  if (!isRecord(options) || Object.values(options).some(o => o !== null && !['string', 'number', 'boolean'].includes(typeof o))) {
    throw invalid('"options" must be an object of plain values.');
  }
  const columns = value['columns'];
  if (!Array.isArray(columns) || columns.length === 0 || columns.some(c => typeof c !== 'string')) { throw invalid('"columns" must be a non-empty list of column names.'); }
  if (new Set(columns).size !== columns.length) { throw invalid('"columns" names a column twice.'); }
  const d = columns.length;
  const scaling = value['scaling'];
  if (scaling !== null) {
    if (!isRecord(scaling)) { throw invalid('"scaling" must be null or an object with "mean" and "scale".'); }
    numberArray(scaling['mean'], d, 'scaling.mean');
    numberArray(scaling['scale'], d, 'scaling.scale').forEach((s, j) => { if (!(s > 0)) { throw invalid(`"scaling.scale[${j}]" must be positive.`); } });
  }
  const weights = value['weights'];
  if (!Array.isArray(weights) || weights.length === 0) { throw invalid('"weights" must be a non-empty list of numbers.'); }
  const k = weights.length;
  numberArray(weights, k, 'weights').forEach((w, c) => { if (w < 0) { throw invalid(`"weights[${c}]" is negative.`); } });
  const total = (weights as number[]).reduce((a, b) => a + b, 0);
  // a density model's noise belongs to no cluster: its shares sum to at most 1
  if (densityModel ? total > 1 + 1e-6 : Math.abs(total - 1) > 1e-6) { throw invalid(`"weights" sum to ${total}, not ${densityModel ? 'at most ' : ''}1.`); }
  const means = value['means'];
  if (!Array.isArray(means) || means.length !== k) { throw invalid(`"means" must have ${k} rows, one per cluster.`); }
  means.forEach((m, c) => numberArray(m, d, `means[${c}]`));
  const covarianceType = value['covarianceType'];
  const covariances = value['covariances'];
  if (algorithm !== 'gmm') {
    if (covariances !== null || covarianceType !== null) { throw invalid(`A ${algorithm === 'kmeans' ? 'k-means' : algorithm.toUpperCase()} model has "covariances": null and "covarianceType": null.`); }
  } else {
    if (covarianceType !== 'full' && covarianceType !== 'tied' && covarianceType !== 'diag' && covarianceType !== 'spherical') {
      throw invalid('"covarianceType" must be "full", "tied", "diag" or "spherical".');
    }
    if (!Array.isArray(covariances) || covariances.length !== k) { throw invalid(`"covariances" must have ${k} matrices, one per cluster.`); }
    covariances.forEach((cov, c) => {
      if (!Array.isArray(cov) || cov.length !== d) { throw invalid(`"covariances[${c}]" must be a ${d} × ${d} matrix.`); }
      const rows = cov.map((r, i) => numberArray(r, d, `covariances[${c}][${i}]`));
      for (let i = 0; i < d; i++) {
        if (!(rows[i]![i]! > 0)) { throw invalid(`"covariances[${c}]" has a non-positive variance at [${i}][${i}].`); }
        for (let j = 0; j < i; j++) {
          const a = rows[i]![j]!, b = rows[j]![i]!;
          if (Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))) { throw invalid(`"covariances[${c}]" is not symmetric at [${i}][${j}].`); }
        }
      }
    });
  }
  for (const key of ['bic', 'aic'] as const) {
    if (value[key] !== null && !isFiniteNumber(value[key])) { throw invalid(`"${key}" must be a number or null.`); }
  }
  if (densityModel) { validateDensity(value['density'], algorithm, k, d); } else if (value['density'] !== undefined) { throw invalid('Only a DBSCAN or HDBSCAN model has "density".'); }
  return value as unknown as ModelFile;
}

function integers(v: unknown, length: number, where: string, min: number, max: number): number[] {
  return numberArray(v, length, where).map((x, i) => {
    if (!Number.isInteger(x) || x < min || x > max) { throw invalid(`"${where}[${i}]" must be an integer from ${min} to ${max}, got ${x}.`); }
    return x;
  });
}

/** The rows and tree a density model labels with: shapes, ranges, and the bound on its size. */
function validateDensity(density: unknown, algorithm: 'dbscan' | 'hdbscan', k: number, d: number): void {
  if (!isRecord(density)) { throw invalid(`A ${algorithm.toUpperCase()} model needs "density": its rows and settings.`); }
  const points = density['points'];
  if (!Array.isArray(points)) { throw invalid('"density.points" must be a list of rows.'); }
  const rows = points.length;
  const perRow = d + (algorithm === 'dbscan' ? 1 : 3);
  if (rows * perRow > MAX_MODEL_NUMBERS) { throw invalid(`"density" holds ${rows} rows: more than a model may carry (${MAX_MODEL_NUMBERS} numbers).`); }
  points.forEach((p, i) => numberArray(p, d, `density.points[${i}]`));
  const minSamples = density['minSamples'];
  if (!Number.isInteger(minSamples) || (minSamples as number) < 1) { throw invalid('"density.minSamples" must be an integer ≥ 1.'); }
  if (algorithm === 'dbscan') {
    const eps = density['eps'];
    if (!isFiniteNumber(eps) || !(eps > 0)) { throw invalid('"density.eps" must be a number > 0.'); }
    integers(density['labels'], rows, 'density.labels', 0, k - 1);
    return;
  }
  if (rows < 1) { throw invalid('"density.points" must hold the fitted rows.'); }
  numberArray(density['coreDistances'], rows, 'density.coreDistances').forEach((c, i) => { if (c < 0) { throw invalid(`"density.coreDistances[${i}]" is negative.`); } });
  const nodes = Array.isArray(density['nodeParent']) ? density['nodeParent'].length : 0;
  if (nodes < 1) { throw invalid('"density.nodeParent" must list the condensed tree\'s cluster nodes.'); }
  integers(density['rowNode'], rows, 'density.rowNode', 0, nodes - 1);
  numberArray(density['rowLambda'], rows, 'density.rowLambda');
  integers(density['nodeParent'], nodes, 'density.nodeParent', -1, nodes - 1).forEach((parent, c) => {
    if ((c === 0) !== (parent === -1) || parent >= c) { throw invalid(`"density.nodeParent[${c}]" must name an earlier node (the root, node 0, has −1).`); }
  });
  numberArray(density['nodeBirth'], nodes, 'density.nodeBirth');
  const labels = integers(density['nodeLabel'], nodes, 'density.nodeLabel', -1, k - 1);
  numberArray(density['nodeMaxLambda'], nodes, 'density.nodeMaxLambda').forEach((lambda, c) => {
    if (labels[c]! >= 0 && !(lambda > 0)) { throw invalid(`"density.nodeMaxLambda[${c}]" must be > 0 for a selected cluster.`); }
  });
}

/** The model's columns as they exist in `dataset` (numeric), or a CsvError naming what is missing. */
export function checkModelColumns(model: ModelFile, dataset: Dataset): string[] {
  const kindOf = new Map(dataset.columns.map(c => [c.name, c.kind]));
  const missing = model.columns.filter(name => !kindOf.has(name));
  if (missing.length > 0) {
    throw new CsvError('unknown-column', `The file lacks the model's column${missing.length > 1 ? 's' : ''} ${missing.map(m => `"${m}"`).join(', ')}.`,
      'Apply the model to a file with the same column names it was fitted on.');
  }
  const text = model.columns.filter(name => kindOf.get(name) !== 'numeric');
  if (text.length > 0) {
    throw new CsvError('no-numeric-columns', `The model's column${text.length > 1 ? 's' : ''} ${text.map(m => `"${m}"`).join(', ')} ${text.length > 1 ? 'are' : 'is'} not numeric in this file.`,
      'Check those columns for text cells (the file summary lists them).');
  }
  return model.columns.slice();
}
