import type { Dataset } from '../data/csvReader';
import type { DatasetSummary } from '../shared/protocol';

/** What the webview is told about a file: its columns, and what the reader had to skip or change, and why. */
export function summarizeDataset(fileName: string, dataset: Dataset): DatasetSummary {
  return {
    fileName,
    nRows: dataset.nRows,
    columns: dataset.columns.map(c => ({
      name: c.name, kind: c.kind, idLike: c.kind === 'numeric' && c.idLike, missing: c.kind === 'numeric' ? c.missing : 0,
    })),
    skippedRows: dataset.report.raggedRows,
    notes: dataset.report.warnings,
  };
}
