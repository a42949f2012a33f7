/**
 * The webview's state as a pure reducer: every host message and user action is an event, and the
 * view is a function of the state. Unit-tested without a DOM.
 */
import type { AlgorithmDefaults, DatasetSummary, FitOptions, FitSnapshot, HostMessage } from '../src/shared/protocol';

/** spectral: the spectral embedding's first two non-trivial eigenvectors (a spectral fit only). */
export type Projection = { kind: 'pca' } | { kind: 'columns'; x: number; y: number } | { kind: 'spectral' };

/**
 * Calm news that is not an error: the user cancelled the read, or cancelled a fit (the previous
 * fit, if any, is shown again, under its own settings).
 */
export type Notice = { kind: 'readCancelled' } | { kind: 'fitCancelled' };

export interface ViewState {
  /** 'idle': nothing runs and there is no fit to show (a cancelled read or first fit). */
  phase: 'loading' | 'fitting' | 'ready' | 'idle' | 'error';
  /** The host's name for this panel: the webview keeps it so the panel can be restored. */
  panelId: string | undefined;
  /** The file's name, known from the start of its read. */
  fileName: string | undefined;
  fileUri: string | undefined;
  dataset: DatasetSummary | undefined;
  options: FitOptions | undefined;
  /** The user's settings per algorithm (restarts, iterations, tolerance), shown on a switch of algorithm. */
  algorithmDefaults: AlgorithmDefaults | undefined;
  fit: FitSnapshot | undefined;
  progress: { fitId: number; restart: number; iteration: number; value: number } | undefined;
  error: { message: string; hint: string } | undefined;
  /** How far the file has been read (while phase is 'loading'). */
  reading: { bytesRead: number; totalBytes: number | null } | undefined;
  notice: Notice | undefined;
  /** The file changed (or was deleted) on disk since it was read. */
  fileChange: { deleted: boolean } | undefined;
  projection: Projection;
  showEllipses: boolean;
  /** The mixture's density contours on the plane (tutorial 002's picture); off at first: they add lines to a busy plot. */
  showContours: boolean;
  /** k-means' Voronoi cells and radius circles on a plane of two columns (tutorial 001's picture). */
  showRegions: boolean;
  /** Dataset rows (0-based) the user selected, in the table or on the plot; shown in every view. */
  selectedRows: readonly number[];
  activeView: string;
  /** Scatter points sized by their uncertainty 1 − max p (mclust's uncertainty plot). */
  sizeByUncertainty: boolean;
  /**
   * The table's filters that other views set too (the uncertainty curve, the agreement view): the
   * table shows them and writes them back when the user edits them. null = no such filter.
   */
  tableFilter: SharedTableFilter;
}

export interface SharedTableFilter { certaintyBelow: number | null; disagreeWith: string | null }

export type ViewEvent =
  | HostMessage
  | { type: 'setOptions'; options: FitOptions }
  | { type: 'setProjection'; projection: Projection }
  | { type: 'setShowEllipses'; show: boolean }
  | { type: 'setShowContours'; show: boolean }
  | { type: 'setShowRegions'; show: boolean }
  | { type: 'select'; rows: readonly number[] }
  | { type: 'showView'; id: string }
  | { type: 'setSizeByUncertainty'; on: boolean }
  /** Changes the named filters of the table (the others stay). */
  | { type: 'setTableFilter'; filter: Partial<SharedTableFilter> };

export const initialState: ViewState = {
  phase: 'loading', panelId: undefined, fileName: undefined, fileUri: undefined, dataset: undefined, options: undefined, algorithmDefaults: undefined, fit: undefined,
  progress: undefined, error: undefined, reading: undefined, notice: undefined, fileChange: undefined,
  projection: { kind: 'pca' }, showEllipses: true, showContours: false, showRegions: true,
  selectedRows: [], activeView: 'scatter',
  sizeByUncertainty: false, tableFilter: { certaintyBelow: null, disagreeWith: null },
};

/** More than two columns are shown on their first two principal components; two or fewer as they are. */
export function defaultProjection(nColumns: number): Projection {
  return nColumns > 2 ? { kind: 'pca' } : { kind: 'columns', x: 0, y: Math.min(1, nColumns - 1) };
}

export function reduce(state: ViewState, event: ViewEvent): ViewState {
  switch (event.type) {
    case 'didStartRead':
      // Everything shown came from the old read; where the user was looking stays.
      return {
        ...initialState, panelId: event.panelId, fileName: event.fileName, activeView: state.activeView, showEllipses: state.showEllipses,
        reading: { bytesRead: 0, totalBytes: null },
      };
    case 'didProgressRead':
      return state.phase === 'loading' ? { ...state, reading: { bytesRead: event.bytesRead, totalBytes: event.totalBytes } } : state;
    case 'didCancelRead':
      return { ...state, phase: 'idle', reading: undefined, progress: undefined, error: undefined, notice: { kind: 'readCancelled' } };
    case 'didChangeFile':
      return { ...state, fileChange: { deleted: event.deleted } };
    case 'didLoadDataset':
      return {
        ...state, fileUri: event.fileUri, dataset: event.dataset, options: event.options, error: undefined, reading: undefined, notice: undefined,
        algorithmDefaults: event.algorithmDefaults ?? state.algorithmDefaults,
        phase: state.phase === 'error' || state.phase === 'loading' || state.phase === 'idle' ? (state.fit ? 'ready' : 'idle') : state.phase,
      };
    case 'didStartFit':
      return {
        ...state, phase: 'fitting', options: event.options, error: undefined, notice: undefined,
        progress: { fitId: event.fitId, restart: 0, iteration: 0, value: NaN },
      };
    case 'didIterate':
      if (state.progress && event.fitId !== state.progress.fitId) { return state; }
      return { ...state, phase: 'fitting', progress: { fitId: event.fitId, restart: event.restart, iteration: event.iteration, value: event.value } };
    case 'didFinishFit': {
      const sameColumns = state.fit && sameList(state.fit.columns, event.fit.columns);
      return {
        ...state, phase: 'ready', fit: event.fit, progress: undefined, error: undefined, notice: undefined,
        // the spectral plane exists only for a spectral fit
        projection: sameColumns && (state.projection.kind !== 'spectral' || event.fit.sample.embedding) ? state.projection : defaultProjection(event.fit.columns.length),
        // Row numbers stay meaningful across fits of the same file, so the selection survives a refit.
      };
    }
    case 'didCancelFit':
      // Only the fit this panel shows as running; the controls go back to the settings of the fit shown.
      if (state.progress?.fitId !== event.fitId) { return state; }
      return state.fit
        ? { ...state, phase: 'ready', progress: undefined, options: state.fit.options, notice: { kind: 'fitCancelled' } }
        : { ...state, phase: 'idle', progress: undefined, notice: { kind: 'fitCancelled' } };
    case 'didFail':
      return { ...state, phase: 'error', progress: undefined, reading: undefined, notice: undefined, error: { message: event.message, hint: event.hint } };
    // "Compare k" runs belong to the compare view alone (CompareView.receive); the fit is unchanged.
    case 'didStartCompare': case 'didCompareModel': case 'didFinishCompare': case 'didCancelCompare': case 'didFailCompare':
      return state;
    // "Compare methods" runs belong to their view alone (CompareMethodsView.receive).
    case 'didStartCompareMethods': case 'didCompareMethod': case 'didFinishCompareMethods': case 'didCancelCompareMethods': case 'didFailCompareMethods':
    // "Find best model" runs belong to the model search section alone (ModelSearchView.receive).
    case 'didStartModelSearch': case 'didSearchModel': case 'didFinishModelSearch': case 'didCancelModelSearch': case 'didFailModelSearch':
      return state;
    // Pages of the probability table belong to the table view alone (TableView.receive).
    case 'didProvideRows': case 'didLocateRow':
      return state;
    case 'setOptions':
      return { ...state, options: event.options };
    case 'setProjection':
      return { ...state, projection: event.projection };
    case 'setShowEllipses':
      return { ...state, showEllipses: event.show };
    case 'setShowContours':
      return { ...state, showContours: event.show };
    case 'setShowRegions':
      return { ...state, showRegions: event.show };
    case 'select':
      return { ...state, selectedRows: event.rows };
    case 'showView':
      return { ...state, activeView: event.id };
    // The agreement table belongs to the agreement view alone (AgreementView.receive).
    case 'didAgree':
      return state;
    case 'setSizeByUncertainty':
      return { ...state, sizeByUncertainty: event.on };
    case 'setTableFilter':
      return { ...state, tableFilter: { ...state.tableFilter, ...event.filter } };
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
