// One messy file and a model, held two ways: the in-memory table of the whole file, and the table
// a too-large file gets, its pages read back by offset from a labelling pass. The file-table tests
// check the second against the first.
import type { PortableModel } from '../../../../src/core/portableModel';
import { Random } from '../../../../src/core/random';
import { applyModelToDataset } from '../../../../src/data/appliedLabels';
import { byteSourceFromText } from '../../../../src/data/byteSource';
import { readCsv } from '../../../../src/data/csvReader';
import { runLabellingPass } from '../../../../src/data/labellingPass';
import { readRowPage } from '../../../../src/data/rowPages';
import { readStreamHead } from '../../../../src/data/streamHead';
import type { FileTable } from '../../../../src/host/pure/fileTablePages';
import { TablePages } from '../../../../src/host/pure/tablePages';

export const MODEL: PortableModel = {
  algorithm: 'gmm', nComponents: 3, nFeatures: 2, weights: Float64Array.of(0.3, 0.3, 0.4), means: Float64Array.of(0, 0, 3, 1, -2, 4),
  covariances: Float64Array.of(1, 0.2, 0.2, 1, 2, -0.3, -0.3, 0.5, 1, 0, 0, 1), scaling: null,
};

/**
 * 700 rows with semicolons and decimal commas, CRLF, empty lines, short rows, NA cells and
 * multi-line quoted text (`noteKinds` distinct notes), drawn from `seed`.
 */
export function messyText(seed: number, noteKinds: number): string {
  const random = new Random(seed);
  return 'id;x;note;y\r\n' + Array.from({ length: 700 }, (_, i) => {
    if (i % 97 === 5) { return ''; }
    if (i % 89 === 7) { return `${i};1`; }
    const x = (random.nextNormal() * 2 + (i % 3)).toFixed(3).replace('.', ',');
    return `${i};${i % 41 === 0 ? 'NA' : x};"n ${i % noteKinds}\r\n2nd";${random.nextNormal().toFixed(2).replace('.', ',')}`;
  }).join('\r\n') + '\r\n';
}

/** The text as the in-memory table and as the file table (fit 4, model columns x and y); `reads.pages` counts the file's page reads. */
export async function tablesOf(text: string): Promise<{ memory: TablePages; file: FileTable; reads: { pages: number } }> {
  const bytes = new TextEncoder().encode(text);
  const whole = await readCsv(byteSourceFromText(text));
  const applied = applyModelToDataset(MODEL, whole, ['x', 'y']);
  const memory = new TablePages(whole, {
    selection: { rowIndex: applied.rowIndex }, result: { labels: Int32Array.from(applied.labels), resp: Float32Array.from(applied.probabilities), nComponents: 3 }, snapshot: { fitId: 4 },
  });
  const head = await readStreamHead(byteSourceFromText(text, 100));
  const { layout, summary } = await runLabellingPass(head, MODEL, { tableColumns: whole.columns, modelColumns: ['x', 'y'], windowBytes: 900 });
  const source = { totalBytes: bytes.length, readRange: async (s: number, e: number) => bytes.slice(s, e) };
  const reads = { pages: 0 };
  const file: FileTable = {
    fitId: 4, nRows: summary.rows, columns: whole.columns, decimal: whole.dialect.decimal, model: MODEL, modelColumns: [1, 3],
    readPage: (first, count) => { reads.pages++; return readRowPage(source, layout, first, count); },
  };
  return { memory, file, reads };
}
