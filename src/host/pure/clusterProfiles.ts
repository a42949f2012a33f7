/**
 * What sets each cluster apart, over ALL rows and ALL columns of the file (not just the fitted
 * ones): per cluster its size, the mean of every numeric column in the file's units, the most
 * frequent values of text columns, and how many of its rows have no value in each column (a
 * mixture that modelled missing cells still labelled them). Pure (no vscode): tests use it directly.
 */
import { summarizeColumnByCluster, type ColumnClusterStats } from '../../core/clusterColumnStats';
import type { Dataset } from '../../data/csvReader';
import { assignRows, type RowAssignment } from '../../data/rowAssignment';
import type { ClusterProfiles } from '../../shared/protocol';

const TOP_VALUES = 3;

/**
 * @param labels (n) 0-based cluster of each fitted row
 * @param rows the fit's row assignment, or (n) the dataset row of each fitted row
 * @param numericStats the numeric columns' statistics when the fit worker computed them (core/fitSummary.ts), in the dataset's order
 */
export function computeClusterProfiles(
  dataset: Dataset, labels: Int32Array, rows: RowAssignment | Int32Array, k: number, numericStats?: readonly ColumnClusterStats[],
): ClusterProfiles {
  // Callers without the fit's assignment (tests) get one here; the probabilities play no part.
  const clusterOfRow = (rows instanceof Int32Array ? assignRows(dataset.nRows, rows, labels, new Float32Array(0), 0) : rows).label;
  const sizes = new Int32Array(k);
  for (let i = 0; i < labels.length; i++) { sizes[labels[i]]++; }
  let numericAt = 0;
  const columns: ClusterProfiles['columns'] = dataset.columns.map(column => {
    if (column.kind === 'numeric') {
      const stats = numericStats?.[numericAt++] ?? summarizeColumnByCluster(column.values, clusterOfRow, k);
      return { kind: 'numeric' as const, name: column.name, overallMean: stats.overallMean, overallStd: stats.overallStd, means: stats.means, missing: stats.missing };
    }
    const counts = Array.from({ length: k }, () => new Map<string, number>());
    const missing = new Int32Array(k);
    for (let row = 0; row < dataset.nRows; row++) {
      const c = clusterOfRow[row];
      const value = column.values[row];
      if (c < 0) { continue; }
      if (value === '') { missing[c]++; continue; }
      counts[c].set(value, (counts[c].get(value) ?? 0) + 1);
    }
    return {
      kind: 'text' as const, name: column.name,
      top: counts.map((map, c) => [...map.entries()]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, TOP_VALUES)
        .map(([value, n]) => ({ value, share: sizes[c] > 0 ? n / sizes[c] : 0 }))),
      missing,
    };
  });
  return { sizes, columns };
}
