/**
 * The webview's state as a pure reducer: every host message and user action is an event, and the
 * view is a function of the state. Unit-tested without a DOM.
 */
import type { AlgorithmDefaults, DatasetSummary, FitOptions, FitSnapshot, HostMessage } from '../src/shared/protocol';

export type Projection = { kind: 'pca' } | { kind: 'columns'; x: number; y: number };

export interface ViewState {
  phase: 'loading' | 'fitting' | 'ready' | 'error';
  fileUri: string | undefined;
  dataset: DatasetSummary | undefined;
  options: FitOptions | undefined;
  /** The user's settings per algorithm (restarts, iterations, tolerance), shown on a switch of algorithm. */
  algorithmDefaults: AlgorithmDefaults | undefined;
  fit: FitSnapshot | undefined;
  progress: { fitId: number; restart: number; iteration: number; value: number } | undefined;
  error: { message: string; hint: string } | undefined;
  projection: Projection;
  showEllipses: boolean;
  /** Dataset rows (0-based) the user selected, in the table or on the plot; shown in every view. */
  selectedRows: readonly number[];
  activeView: string;
}

export type ViewEvent =
  | HostMessage
  | { type: 'setOptions'; options: FitOptions }
  | { type: 'setProjection'; projection: Projection }
  | { type: 'setShowEllipses'; show: boolean }
  | { type: 'select'; rows: readonly number[] }
  | { type: 'showView'; id: string };

export const initialState: ViewState = {
  phase: 'loading', fileUri: undefined, dataset: undefined, options: undefined, algorithmDefaults: undefined, fit: undefined,
  progress: undefined, error: undefined, projection: { kind: 'pca' }, showEllipses: true,
  selectedRows: [], activeView: 'scatter',
};

/** More than two columns are shown on their first two principal components; two or fewer as they are. */
export function defaultProjection(nColumns: number): Projection {
  return nColumns > 2 ? { kind: 'pca' } : { kind: 'columns', x: 0, y: Math.min(1, nColumns - 1) };
}

export function reduce(state: ViewState, event: ViewEvent): ViewState {
  switch (event.type) {
    case 'didLoadDataset':
      return {
        ...state, fileUri: event.fileUri, dataset: event.dataset, options: event.options, error: undefined,
        algorithmDefaults: event.algorithmDefaults ?? state.algorithmDefaults,
        phase: state.phase === 'error' || state.phase === 'loading' ? (state.fit ? 'ready' : 'loading') : state.phase,
      };
    case 'didStartFit':
      return { ...state, phase: 'fitting', options: event.options, error: undefined, progress: { fitId: event.fitId, restart: 0, iteration: 0, value: NaN } };
    case 'didIterate':
      if (state.progress && event.fitId !== state.progress.fitId) { return state; }
      return { ...state, phase: 'fitting', progress: { fitId: event.fitId, restart: event.restart, iteration: event.iteration, value: event.value } };
    case 'didFinishFit': {
      const sameColumns = state.fit && sameList(state.fit.columns, event.fit.columns);
      return {
        ...state, phase: 'ready', fit: event.fit, progress: undefined, error: undefined,
        projection: sameColumns ? state.projection : defaultProjection(event.fit.columns.length),
        // Row numbers stay meaningful across fits of the same file, so the selection survives a refit.
      };
    }
    case 'didCancelFit':
      return { ...state, phase: state.fit ? 'ready' : 'loading', progress: undefined };
    case 'didFail':
      return { ...state, phase: 'error', progress: undefined, error: { message: event.message, hint: event.hint } };
    // "Compare k" runs belong to the compare view alone (CompareView.receive); the fit is unchanged.
    case 'didStartCompare': case 'didCompareModel': case 'didFinishCompare': case 'didCancelCompare': case 'didFailCompare':
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
    case 'select':
      return { ...state, selectedRows: event.rows };
    case 'showView':
      return { ...state, activeView: event.id };
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
