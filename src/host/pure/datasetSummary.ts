import { preselectColumns } from '../../data/columnPreselection';
import type { Dataset } from '../../data/csvReader';
import type { ColumnSummary, DatasetSummary } from '../../shared/protocol';

/**
 * What the webview is told about a file: its columns (with why a numeric one is not preselected),
 * and what the reader had to skip or change, and why.
 */
export function summarizeDataset(fileName: string, dataset: Dataset): DatasetSummary {
  const leftOut = new Map(preselectColumns(dataset).leftOut.map(c => [c.name, c.note]));
  return {
    fileName,
    nRows: dataset.nRows,
    columns: dataset.columns.map(c => {
      const summary: ColumnSummary = { name: c.name, kind: c.kind, idLike: c.kind === 'numeric' && c.idLike, missing: c.kind === 'numeric' ? c.missing : 0 };
      const why = leftOut.get(c.name);
      if (why !== undefined) { summary.leftOut = why; }
      return summary;
    }),
    skippedRows: dataset.report.raggedRows,
    notes: dataset.report.warnings,
  };
}
