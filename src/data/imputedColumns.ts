// The fit as a principled imputation: for each chosen column with a missing cell, an extra export
// column `imputed_<column>` holding each missing cell's conditional expectation under the fitted
// mixture (in the file's units), empty where the file has the value. Used by `label --imputed`
// and the extension's labelled export (setting clusterLens.exportImputedCells).

import type { FitResult } from '../core/clusterFit';
import { imputeWithCovariances } from '../core/missingDataEm';
import type { FeatureSelection } from './featureMatrix';

export interface ImputedColumns {
  names: string[];
  /** (nFitted × names.length) row-major, NaN where the cell was observed */
  values: Float64Array;
}

/**
 * The imputed columns of a mixture fitted with missing cells modelled; undefined when there is
 * nothing to impute (no missing cell, or the fit did not model them: k-means, drop, impute).
 */
export function imputedColumns(result: FitResult, selection: FeatureSelection): ImputedColumns | undefined {
  if (!result.missing || !result.covariances) { return undefined; }
  const { matrix } = selection;
  const n = matrix.nSamples, d = matrix.nFeatures;
  const filled = imputeWithCovariances(result.weights, result.means, result.covariances, matrix);
  const columns: number[] = [];
  for (let j = 0; j < d; j++) { for (let i = 0; i < n; i++) { if (Number.isNaN(matrix.data[i * d + j]!)) { columns.push(j); break; } } }
  const values = new Float64Array(n * columns.length).fill(NaN);
  for (let i = 0; i < n; i++) {
    columns.forEach((j, e) => { if (Number.isNaN(matrix.data[i * d + j]!)) { values[i * columns.length + e] = filled[i * d + j]!; } });
  }
  return { names: columns.map(j => `imputed_${selection.columns[j]!}`), values };
}
