/**
 * Messages of the file and its fit: the host reads the file (didStartRead, didProgressRead…),
 * summarises it (didLoadDataset), runs the fit the webview asks for (fit → didStartFit, didIterate,
 * didFinishFit), and the webview's own requests (ready, export, saveImage). Also the webview's
 * persisted state. Part of the protocol (protocol.ts joins every part's shapes into its unions).
 */
import { arrayOf, boolean, check, finite, type Infer, integer, nullable, object, oneOf, optional, string } from './guards';
import { algorithmDefaultsShape, fitOptionsShape } from './fitOptions';
import { fitSnapshotShape } from './snapshotProtocol';
import { MAX_COLUMNS } from './vocabulary';

const columnSummaryShape = object({
  name: string,
  kind: oneOf(['numeric', 'text']),
  /** Row ids and similar: numeric but never a sensible feature. */
  idLike: boolean,
  missing: integer(0),
  /** Why a numeric column is not preselected (a sentence; the user may still choose it). */
  leftOut: optional(string),
});
export type ColumnSummary = Infer<typeof columnSummaryShape>;

const datasetSummaryShape = object({
  fileName: string,
  nRows: integer(0),
  columns: arrayOf(columnSummaryShape, MAX_COLUMNS),
  /** Lines the reader could not use (wrong number of fields), reported, never silently dropped. */
  skippedRows: integer(0),
  notes: arrayOf(string),
  /** A file too large to read whole: the fits run on `rows` sampled rows of its `rowsInFile` (issue 14 §1). */
  sample: optional(object({ rows: integer(0), rowsInFile: integer(0) })),
});
export type DatasetSummary = Infer<typeof datasetSummaryShape>;

/** Panel ids are made by the host (hex); anything else in a persisted state is refused. */
const panelId = check<string>((v, p) => (typeof v === 'string' && /^[0-9a-f]{16,64}$/.test(v) ? undefined : `${p} must be a panel id`));
const viewId = check<string>((v, p) => (typeof v === 'string' && /^[a-z-]{1,32}$/.test(v) ? undefined : `${p} must be a view id`));

export const fitHostShapes = {
  didLoadDataset: object({ fileUri: string, dataset: datasetSummaryShape, options: fitOptionsShape, algorithmDefaults: optional(algorithmDefaultsShape) }),
  didStartFit: object({ fitId: integer(0), options: fitOptionsShape }),
  didIterate: object({ fitId: integer(0), restart: integer(0), iteration: integer(0), value: finite() }),
  didFinishFit: object({ fit: fitSnapshotShape }),
  /** The fit the user cancelled (not one replaced by a newer fit): the panel shows the previous fit, if any, as current. */
  didCancelFit: object({ fitId: integer(0) }),
  didFail: object({ message: string, hint: string }),
  /** The file is being (re)read: what the panel showed is gone; `panelId` is what the webview keeps to be restored. */
  didStartRead: object({ panelId, fileName: string }),
  /** Bytes read so far; totalBytes null when the size is not known in advance. */
  didProgressRead: object({ bytesRead: finite(0), totalBytes: nullable(finite(0)) }),
  /** The user cancelled the read: nothing is loaded, and nothing is wrong with the file. */
  didCancelRead: object({}),
  /** The file changed (or was deleted) on disk since it was read. */
  didChangeFile: object({ deleted: boolean }),
};

export const fitWebviewShapes = {
  ready: object({ protocolVersion: integer(0) }),
  /** fromSearch: the (model, k) is a cell of "Find best model", fitted as the search fitted it (polish: it was one of the leaders it polished) */
  fit: object({ options: fitOptionsShape, fromSearch: optional(object({ polish: boolean })) }),
  cancel: object({}),
  /** Read the file again (after a cancelled read, an error, or a change on disk) and fit it. */
  reread: object({}),
  export: object({ what: oneOf(['labelled', 'model']) }),
  /** A chart as PNG; `name` becomes part of the proposed file name (e.g. "scatter"). */
  saveImage: object({
    name: check<string>((v, p) => (typeof v === 'string' && /^[a-z0-9-]{1,40}$/.test(v) ? undefined : `${p} must be a short lowercase name`)),
    png: check<Uint8Array>((v, p) => (v instanceof Uint8Array && v.length > 8 && v.length <= 64 * 1024 * 1024 ? undefined : `${p} must be PNG bytes (at most 64 MiB)`)),
  }),
};

/**
 * The webview's persisted state (vscode.getState/setState), validated like any other input. It
 * names the panel, not a file: the host keeps which file a panel shows (panelMemory.ts), so a
 * webview cannot make the host read a file it never opened.
 */
const persistedStateShape = object({
  panelId,
  /** The tab the user was looking at. */
  activeView: viewId,
});
export type PersistedState = Infer<typeof persistedStateShape>;

export function parsePersistedState(value: unknown): PersistedState | undefined {
  return persistedStateShape(value, 'state') ? undefined : (value as PersistedState);
}
