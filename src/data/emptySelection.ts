/**
 * Why no column is preselected for clustering, in words true for the file at hand: "no numeric
 * column" only when there is none; otherwise which numeric columns were left out and why
 * (constant, empty, a row id), so a file of identical values is not blamed on its delimiter.
 */
import type { Dataset } from './csvReader';

export function explainEmptySelection(dataset: Dataset, fileName: string): { message: string; hint: string } {
  const numeric = dataset.columns.filter(c => c.kind === 'numeric');
  if (numeric.length === 0) {
    return {
      message: `${fileName} has no numeric column to cluster.`,
      hint: 'Cluster Lens clusters numeric columns: check the delimiter and that numbers are written with a decimal point.',
    };
  }
  const { constantColumns, emptyColumns } = dataset.report;
  if (numeric.every(c => constantColumns.includes(c.name))) {
    return {
      message: numeric.length === 1
        ? `The only numeric column of ${fileName}, "${numeric[0]!.name}", has the same value in every row: there is nothing to cluster.`
        : `Every numeric column of ${fileName} is constant (the same value in every row): there is nothing to cluster.`,
      hint: 'Clustering needs values that vary from row to row; check that this is the file you meant.',
    };
  }
  const reasons: string[] = [];
  const constant = numeric.filter(c => constantColumns.includes(c.name)).map(c => `"${c.name}"`);
  const empty = numeric.filter(c => emptyColumns.includes(c.name)).map(c => `"${c.name}"`);
  const ids = numeric.filter(c => c.idLike && !constantColumns.includes(c.name) && !emptyColumns.includes(c.name)).map(c => `"${c.name}"`);
  if (constant.length > 0) { reasons.push(`${constant.join(', ')} ${constant.length === 1 ? 'has' : 'have'} the same value in every row`); }
  if (empty.length > 0) { reasons.push(`${empty.join(', ')} ${empty.length === 1 ? 'has' : 'have'} no value`); }
  if (ids.length > 0) { reasons.push(`${ids.join(', ')} ${ids.length === 1 ? 'looks' : 'look'} like row ids`); }
  return {
    message: `No numeric column of ${fileName} was chosen to cluster on: ${reasons.length > 0 ? reasons.join('; ') : 'none can separate clusters'}.`,
    hint: ids.length > 0 ? 'Choose the columns to cluster on in the panel if an id-like column is a real measurement.' : 'Clustering needs columns whose values vary from row to row.',
  };
}
