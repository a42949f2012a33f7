/**
 * What sets each cluster apart, over ALL rows and ALL columns of the file (not just the fitted
 * ones): per cluster its size, the mean of every numeric column in the file's units, the most
 * frequent values of text columns, and how many of its rows have no value in each column (a
 * mixture that modelled missing cells still labelled them). Pure (no vscode): tests use it directly.
 */
import type { Dataset } from '../../data/csvReader';
import { assignRows, type RowAssignment } from '../../data/rowAssignment';
import type { ClusterProfiles } from '../../shared/protocol';

const TOP_VALUES = 3;

/**
 * @param labels (n) 0-based cluster of each fitted row
 * @param rows the fit's row assignment, or (n) the dataset row of each fitted row
 */
export function computeClusterProfiles(dataset: Dataset, labels: Int32Array, rows: RowAssignment | Int32Array, k: number): ClusterProfiles {
  // Callers without the fit's assignment (tests) get one here; the probabilities play no part.
  const clusterOfRow = (rows instanceof Int32Array ? assignRows(dataset.nRows, rows, labels, new Float32Array(0), 0) : rows).label;
  const sizes = new Int32Array(k);
  for (let i = 0; i < labels.length; i++) { sizes[labels[i]]++; }
  const columns: ClusterProfiles['columns'] = dataset.columns.map(column => {
    if (column.kind === 'numeric') {
      // Welford per cluster and overall: one pass, stable on large offsets.
      const count = new Float64Array(k + 1);
      const mean = new Float64Array(k + 1);
      const m2 = new Float64Array(k + 1);
      const add = (slot: number, x: number) => {
        count[slot]++;
        const delta = x - mean[slot];
        mean[slot] += delta / count[slot];
        m2[slot] += delta * (x - mean[slot]);
      };
      const missing = new Int32Array(k);
      for (let row = 0; row < dataset.nRows; row++) {
        const c = clusterOfRow[row];
        const x = column.values[row];
        if (c < 0) { continue; }
        if (Number.isNaN(x)) { missing[c]++; continue; }
        add(c, x);
        add(k, x);
      }
      const overallStd = count[k] > 1 ? Math.sqrt(m2[k] / (count[k] - 1)) : 0;
      return {
        kind: 'numeric' as const, name: column.name, overallMean: count[k] > 0 ? mean[k] : NaN, overallStd,
        means: Float64Array.from({ length: k }, (_, c) => (count[c] > 0 ? mean[c] : NaN)),
        missing,
      };
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
