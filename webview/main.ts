/** Entry of the cluster webview: wires host messages and user actions to the store and the view. */
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import { parseHostMessage, PROTOCOL_VERSION } from '../src/shared/protocol';
import { Controls } from './controls';
import { h, icon } from './dom';
import { projectFit } from './plane';
import { ProjectionPicker } from './projectionPicker';
import { ScatterChart } from './scatterChart';
import { initialState, reduce, type ViewEvent, type ViewState } from './store';
import { SummaryTable } from './summaryTable';
import { vscode } from './vscodeApi';

const app = document.getElementById('app') as HTMLElement;
const title = h('h1', { class: 'title' });
const subtitle = h('p', { class: 'subtitle', id: 'subtitle' });
const status = h('div', { class: 'status', id: 'status', role: 'status' });
const errorBox = h('div', { class: 'error', id: 'error', role: 'alert', hidden: true });
const canvas = h('canvas', { id: 'scatter', role: 'img', 'aria-label': 'Scatter plot of the rows coloured by cluster' });
const chart = new ScatterChart(canvas);
const summary = new SummaryTable();
const controls = new Controls({
  fit: options => { dispatch({ type: 'setOptions', options }); vscode.postMessage({ type: 'fit', options }); },
  cancel: () => vscode.postMessage({ type: 'cancel' }),
  export: what => vscode.postMessage({ type: 'export', what }),
});
const picker = new ProjectionPicker({
  setProjection: projection => dispatch({ type: 'setProjection', projection }),
  setShowEllipses: show => dispatch({ type: 'setShowEllipses', show }),
});

app.append(
  h('header', { class: 'header' }, title, subtitle),
  controls.element,
  status,
  errorBox,
  h('section', { class: 'results' },
    h('div', { class: 'plot-column' }, picker.element, h('div', { class: 'plot' }, canvas)),
    h('aside', { class: 'side' }, summary.element)),
);

let state: ViewState = initialState;
let drawn: { fit: unknown; projection: unknown; showEllipses: boolean } | undefined;

function dispatch(event: ViewEvent): void {
  state = reduce(state, event);
  if (state.fileUri) { vscode.setState({ fileUri: state.fileUri, options: state.options ?? null }); }
  render();
}

function render(): void {
  app.dataset.state = state.phase;
  title.textContent = state.dataset ? state.dataset.fileName : 'Cluster Lens';
  subtitle.textContent = state.dataset ? describeDataset(state) : 'Reading the file…';
  if (state.dataset && state.options) { controls.update(state.dataset, state.options, state.phase === 'fitting', state.fit !== undefined); }
  renderStatus();
  renderError();
  if (state.fit) {
    picker.update(state.fit, state.projection, state.showEllipses);
    const key = { fit: state.fit, projection: state.projection, showEllipses: state.showEllipses };
    if (!drawn || drawn.fit !== key.fit || drawn.projection !== key.projection || drawn.showEllipses !== key.showEllipses) {
      chart.draw(state.fit, projectFit(state.fit, state.projection), state.showEllipses);
      summary.update(state.fit);
      drawn = key;
    }
  }
}

function describeDataset(s: ViewState): string {
  const dataset = s.dataset!;
  const numeric = dataset.columns.filter(c => c.kind === 'numeric').length;
  const parts = [`${dataset.nRows.toLocaleString()} rows`, `${numeric} numeric of ${dataset.columns.length} columns`];
  if (dataset.skippedRows > 0) { parts.push(`${dataset.skippedRows.toLocaleString()} malformed rows skipped`); }
  if (s.fit && s.fit.droppedRows > 0) { parts.push(`${s.fit.droppedRows.toLocaleString()} rows with missing values left out`); }
  return parts.join(' · ');
}

function renderStatus(): void {
  const { phase, progress, fit } = state;
  if (phase === 'fitting') {
    const what = progress && progress.iteration > 0
      ? `Fitting… restart ${progress.restart + 1}, iteration ${progress.iteration}, ${state.options?.algorithm === 'kmeans' ? 'inertia' : 'lower bound'} ${formatNumber(progress.value)}`
      : 'Fitting…';
    status.replaceChildren(h('vscode-progress-ring', { class: 'ring' }), what);
  } else if (phase === 'loading') {
    status.replaceChildren(h('vscode-progress-ring', { class: 'ring' }), 'Reading the file…');
  } else if (fit) {
    const converged = fit.converged ? `converged in ${fit.nIter} iterations` : `did not converge in ${fit.nIter} iterations (raise max iterations or tolerance)`;
    const score = fit.algorithm === 'gmm'
      ? `log-likelihood ${formatNumber(fit.logLikelihood ?? NaN)} · BIC ${formatNumber(fit.bic ?? NaN)} · AIC ${formatNumber(fit.aic ?? NaN)}`
      : `inertia ${formatNumber(fit.inertia ?? NaN)}`;
    status.replaceChildren(icon(fit.converged ? 'pass' : 'warning'),
      ` ${fit.algorithm === 'gmm' ? `Gaussian mixture (${fit.covarianceType})` : 'k-means'}, k = ${fit.nComponents}, ${fit.nSamples.toLocaleString()} rows: ${converged} · ${score} · ${fit.seconds.toFixed(2)} s`);
  } else {
    status.replaceChildren();
  }
}

function renderError(): void {
  errorBox.hidden = !state.error;
  if (state.error) {
    errorBox.replaceChildren(
      h('p', { id: 'error-message' }, icon('error'), ' ', state.error.message),
      h('p', { class: 'hint' }, state.error.hint));
  }
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) { return '—'; }
  return Math.abs(value) >= 1e6 || (Math.abs(value) < 1e-3 && value !== 0) ? value.toExponential(4) : value.toFixed(Math.abs(value) >= 100 ? 1 : 4);
}

window.addEventListener('message', event => {
  const parsed = parseHostMessage(event.data);
  if (!parsed.ok) {
    console.warn(`Cluster Lens: ignored a malformed message from the host: ${parsed.error}`);
    return;
  }
  dispatch(parsed.message);
});

// Read-only view of what is drawn, for the webview tests (pixels, colours, ellipse outlines).
Object.defineProperty(window, 'clusterLensInspect', { value: () => chart.inspect() });

render();
vscode.postMessage({ type: 'ready', protocolVersion: PROTOCOL_VERSION });
