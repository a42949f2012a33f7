import type { Dataset } from '../data/csvReader';
import type { DatasetSummary } from '../shared/protocol';

/** What the webview is told about a file: its columns and what the reader had to skip, and why. */
export function summarizeDataset(fileName: string, dataset: Dataset): DatasetSummary {
  const { raggedRows, raggedExamples } = dataset.report;
  const lines = raggedExamples.join(', ') + (raggedRows > raggedExamples.length ? ', …' : '');
  return {
    fileName,
    nRows: dataset.nRows,
    columns: dataset.columns.map(c => ({
      name: c.name, kind: c.kind, idLike: c.kind === 'numeric' && c.idLike, missing: c.kind === 'numeric' ? c.missing : 0,
    })),
    skippedRows: raggedRows,
    notes: raggedRows > 0 ? [`${raggedRows} rows had the wrong number of fields and were skipped (lines ${lines}).`] : [],
  };
}
