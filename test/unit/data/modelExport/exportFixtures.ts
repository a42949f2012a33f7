// Seeded data sets and models fitted on them, shared by the tests of the model exports: each
// export must reproduce predictWithModel (what the extension's "Apply Saved Model" computes).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runClusterFit, type FitRequest } from '../../../../src/core/clusterFit';
import { predictWithModel, toPortableModel } from '../../../../src/core/portableModel';
import { Random } from '../../../../src/core/random';
import type { ModelFile } from '../../../../src/data/modelFile';
import { toModelFile } from '../../../../src/data/portableModelFile';

export interface DataSet { name: string; columns: string[]; data: Float64Array; nSamples: number; k: number }

/** n rows around `centres`, each column with its own spread (units that differ by orders of magnitude). */
function blobs(name: string, columns: string[], centres: number[][], spread: number[], n: number, seed: number, tilt = 0): DataSet {
  const random = new Random(seed);
  const d = columns.length;
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = centres[i % centres.length]!;
    const shared = random.nextNormal();
    for (let j = 0; j < d; j++) { data[i * d + j] = c[j]! + spread[j]! * (random.nextNormal() + tilt * shared); }
  }
  return { name, columns, data, nSamples: n, k: centres.length };
}

export const DATA_SETS: DataSet[] = [
  blobs('three blobs in mixed units', ['length', 'price (€)', 'ratio'], [[0, 0, 0], [4, 3000, 1], [8, 500, -2]], [1, 400, 0.5], 300, 7),
  blobs('two correlated 2-D clusters', ['x', 'y'], [[0, 0], [3, 1]], [1, 1], 240, 11, 1.5),
  blobs('four clusters in five columns', ['a', 'b', 'c', 'd', 'e'], [[0, 0, 0, 0, 0], [5, 0, 5, 0, 5], [0, 5, 0, 5, 0], [5, 5, 5, 5, 5]], [1, 2, 0.5, 1, 3], 400, 5, 0.7),
];

export interface Fitted { model: ModelFile; labels: Int32Array; resp: Float64Array }

/** `set` fitted as asked, saved as the extension saves it, and that saved model's own prediction on `set`. */
export function fitAndSave(set: DataSet, overrides: Partial<FitRequest>): Fitted {
  const d = set.columns.length;
  const request: FitRequest = {
    algorithm: 'gmm', nComponents: set.k, covarianceType: 'full', nInit: 2, maxIter: 200, tol: 1e-6, regCovar: 1e-6,
    seed: 3, standardize: false, data: Float64Array.from(set.data), nSamples: set.nSamples, nFeatures: d, ...overrides,
  };
  const fit = runClusterFit(request, () => {});
  const portable = toPortableModel(fit);
  const model = toModelFile(portable, {
    columns: set.columns, covarianceType: fit.algorithm === 'gmm' ? fit.covarianceType : null,
    options: { nComponents: request.nComponents, nInit: request.nInit, maxIter: request.maxIter, tol: request.tol, seed: request.seed, standardize: request.standardize },
    bic: fit.bic, aic: fit.aic,
  });
  const { labels, resp } = predictWithModel(portable, { data: set.data, nSamples: set.nSamples, nFeatures: d });
  return { model, labels, resp };
}

/** The fits every export is checked on: the four covariance types (raw and z-scored) and k-means. */
export const MODEL_KINDS: { name: string; overrides: Partial<FitRequest> }[] = [
  { name: 'full covariance', overrides: { covarianceType: 'full' } },
  { name: 'tied covariance', overrides: { covarianceType: 'tied' } },
  { name: 'diagonal covariance on z-scores', overrides: { covarianceType: 'diag', standardize: true } },
  { name: 'spherical covariance on z-scores', overrides: { covarianceType: 'spherical', standardize: true } },
  { name: 'k-means on z-scores', overrides: { algorithm: 'kmeans', standardize: true, nInit: 3 } },
  { name: 'k-means on raw values', overrides: { algorithm: 'kmeans', standardize: false, nInit: 3 } },
];

/** Rows of `set` that get a NULL / empty cell in their first column when written (every 17th). */
export const isBlanked = (i: number) => i % 17 === 5;

/** `set` as a CSV file (numbers in round-trip digits; blanked rows empty in the first column) plus an untouched id column. */
export function writeCsv(set: DataSet, dir: string): string {
  const d = set.columns.length;
  const quote = (s: string) => (/[",]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const lines = [['row_id', ...set.columns].map(quote).join(',')];
  for (let i = 0; i < set.nSamples; i++) {
    const cells = Array.from(set.data.subarray(i * d, (i + 1) * d), String);
    if (isBlanked(i)) { cells[0] = ''; }
    lines.push([`r${i}`, ...cells].join(','));
  }
  const file = path.join(dir, `${set.name.replaceAll(' ', '_')}.csv`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

export const temporaryFolder = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

type Row = Record<string, unknown>;

/**
 * Rows a query returned for `set` (any order; `row_id` says which) against the saved model's own
 * prediction: the table's columns then ours, labels exact, probabilities and certainty to 1e-9,
 * NULL everywhere for a blanked row. Returns how many rows were scored.
 */
export function checkScoredRows(rows: Row[], set: DataSet, fitted: Fitted): number {
  const { model, labels, resp } = fitted;
  const k = model.weights.length;
  assert.equal(rows.length, set.nSamples, 'one row out per row in');
  assert.deepEqual(Object.keys(rows[0]!), ['row_id', ...set.columns, 'cluster', ...Array.from({ length: k }, (_, c) => `p_cluster${c + 1}`), 'certainty']);
  let scored = 0;
  for (const row of rows) {
    const i = Number(String(row['row_id']).slice(1));
    if (isBlanked(i)) {
      assert.equal(row['cluster'], null, `row ${i} has a NULL and no label`);
      assert.equal(row['certainty'], null);
      for (let c = 0; c < k; c++) { assert.equal(row[`p_cluster${c + 1}`], null); }
      continue;
    }
    scored++;
    assert.equal(row['cluster'], labels[i]! + 1, `label of row ${i}`);
    let best = 0;
    for (let c = 0; c < k; c++) {
      const p = row[`p_cluster${c + 1}`] as number;
      assert.ok(Math.abs(p - resp[i * k + c]!) <= 1e-9, `row ${i}, p_cluster${c + 1}: ${p} vs ${resp[i * k + c]}`);
      best = Math.max(best, resp[i * k + c]!);
    }
    assert.ok(Math.abs((row['certainty'] as number) - best) <= 1e-9, `certainty of row ${i}`);
  }
  return scored;
}
