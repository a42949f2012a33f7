// The saved model: a small JSON file that lets a fit be re-applied to another CSV with the same
// columns. Only its shape and validation live here; predicting is core's job.
//
// Parameters are stored in the space the model was fitted in: when `scaling` is present, new rows
// are first standardised as z = (x − mean) / scale, then scored with weights/means/covariances.
// Covariances are always expanded to k × d × d, whatever the covariance type, so a reader needs no
// knowledge of sklearn's compact shapes; `covarianceType` says which structure they have.

import type { Dataset } from './csvReader';
import { CsvError } from './csvError';

export const MODEL_FORMAT = 'cluster-lens-model';
export const MODEL_VERSION = 1;

export type ModelAlgorithm = 'gmm' | 'kmeans';
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
  if (algorithm !== 'gmm' && algorithm !== 'kmeans') { throw invalid('"algorithm" must be "gmm" or "kmeans".'); }
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
  if (Math.abs(total - 1) > 1e-6) { throw invalid(`"weights" sum to ${total}, not 1.`); }
  const means = value['means'];
  if (!Array.isArray(means) || means.length !== k) { throw invalid(`"means" must have ${k} rows, one per cluster.`); }
  means.forEach((m, c) => numberArray(m, d, `means[${c}]`));
  const covarianceType = value['covarianceType'];
  const covariances = value['covariances'];
  if (algorithm === 'kmeans') {
    if (covariances !== null || covarianceType !== null) { throw invalid('A k-means model has "covariances": null and "covarianceType": null.'); }
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
  return value as unknown as ModelFile;
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
