/** Entry of the cluster webview: wires host messages and user actions to the store and the views. */
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import type { VscodeTabs } from '@vscode-elements/elements/dist/vscode-tabs/vscode-tabs.js';
import { parseHostMessage, parsePersistedState, PROTOCOL_VERSION } from '../src/shared/protocol';
import { Controls } from './controls';
import { h, icon } from './dom';
import { noticeElements, ReadingStatus } from './fileStatus';
import type { ViewContext } from './panelView';
import { initialState, reduce, type ViewEvent, type ViewState } from './store';
import { formatAlike, formatCount, formatNumber } from './format';
import { refreshPalette } from './palette';
import { createViews } from './views';
import { vscode } from './vscodeApi';
import { describeDensityFit, METHOD_LABELS } from './methodText';
import { inspectPictures } from './picturesInspection';
import { mixtureModelName } from './mixtureModels';

/** What a spectral, DBSCAN or HDBSCAN fit is doing at each of its steps (core/densityFit.ts). */
const DENSITY_STEPS = ['building the neighbour tree', 'clustering', 'labelling'];

const app = document.getElementById('app') as HTMLElement;
const title = h('h1', { class: 'title' });
const subtitle = h('p', { class: 'subtitle', id: 'subtitle' });
const notes = h('ul', { class: 'notes', id: 'notes', 'aria-label': 'What the reader skipped or changed' });
const status = h('div', { class: 'status', id: 'status', role: 'status' });
const errorBox = h('div', { class: 'error', id: 'error', role: 'alert', hidden: true });
const notice = h('div', { class: 'notice', id: 'notice', role: 'status', hidden: true });
const fileChanged = h('div', { class: 'notice banner', id: 'file-changed', role: 'status', hidden: true });
const fileActions = {
  reread: () => vscode.postMessage({ type: 'reread' }),
  cancel: () => vscode.postMessage({ type: 'cancel' }),
};
const readingStatus = new ReadingStatus(fileActions);
const context: ViewContext = { post: message => vscode.postMessage(message), dispatch };
const controls = new Controls({
  fit: options => { dispatch({ type: 'setOptions', options }); vscode.postMessage({ type: 'fit', options }); },
  cancel: () => vscode.postMessage({ type: 'cancel' }),
  export: what => vscode.postMessage({ type: 'export', what }),
});
const views = createViews(context);
const tabs = h('vscode-tabs', { id: 'views' }) as VscodeTabs;
for (const view of views) {
  tabs.append(
    // vscode-tabs gives headers ids of its own (for ARIA); ours sit on the label inside.
    h('vscode-tab-header', { slot: 'header', 'data-view': view.id }, h('span', { id: `tab-${view.id}` }, view.label)),
    h('vscode-tab-panel', { 'data-view': view.id }, view.element));
}
tabs.addEventListener('vsc-tabs-select', () => dispatch({ type: 'showView', id: views[tabs.selectedIndex]?.id ?? 'scatter' }));

app.append(h('header', { class: 'header' }, title, subtitle), fileChanged, notes, controls.element, status, notice, errorBox, tabs);

// After a reload the panel opens on the tab the user was looking at.
const restored = parsePersistedState(vscode.getState());
let state: ViewState = restored && views.some(v => v.id === restored.activeView) ? { ...initialState, activeView: restored.activeView } : initialState;

function dispatch(event: ViewEvent): void {
  state = reduce(state, event);
  if (state.panelId) { vscode.setState({ panelId: state.panelId, activeView: state.activeView }); }
  render();
}

function render(): void {
  app.dataset.state = state.phase;
  title.textContent = state.dataset?.fileName ?? state.fileName ?? 'Cluster Lens';
  subtitle.textContent = state.dataset ? describeDataset(state)
    : state.phase === 'error' ? 'The file could not be clustered.' : state.phase === 'idle' ? 'Nothing loaded.' : '';
  // Until a file is read there is nothing to choose from: no controls rather than empty ones.
  controls.element.hidden = !state.dataset;
  if (state.dataset && state.options) { controls.update(state.dataset, state.options, state.phase === 'fitting', state.fit !== undefined, state.algorithmDefaults); }
  notes.replaceChildren(...(state.dataset?.notes ?? []).map(note => h('li', {}, icon('info'), ' ', note)));
  notes.hidden = notes.childElementCount === 0;
  renderStatus();
  renderError();
  const { notice: noticeContent, banner } = noticeElements(state, fileActions);
  notice.replaceChildren(...noticeContent);
  notice.hidden = noticeContent.length === 0;
  fileChanged.replaceChildren(...banner);
  fileChanged.hidden = banner.length === 0;
  tabs.hidden = !state.fit;
  const active = views.findIndex(v => v.id === state.activeView);
  if (active >= 0 && tabs.selectedIndex !== active) { tabs.selectedIndex = active; }
  for (const view of views) { view.update(state, view.id === state.activeView); }
}

function describeDataset(s: ViewState): string {
  const dataset = s.dataset!;
  const numeric = dataset.columns.filter(c => c.kind === 'numeric').length;
  const parts = [formatCount(dataset.nRows, 'row'), `${numeric} numeric of ${formatCount(dataset.columns.length, 'column')}`];
  if (dataset.skippedRows > 0) { parts.push(`${formatCount(dataset.skippedRows, 'malformed row')} skipped`); }
  // With missing cells modelled only rows with no value in any chosen column are left out: say which kind.
  if (s.fit && s.fit.droppedRows > 0) {
    parts.push(`${formatCount(s.fit.droppedRows, 'row')} ${s.fit.options.missing === 'model' && s.fit.algorithm === 'gmm' ? 'with no value in any chosen column' : 'with missing values'} left out`);
  }
  if (s.fit?.modelledCells) { parts.push(`${formatCount(s.fit.modelledCells, 'missing cell')} modelled (integrated out)`); }
  return parts.join(' · ');
}

function renderStatus(): void {
  const { phase, progress, fit } = state;
  if (phase === 'fitting') {
    const nStarts = state.options?.nInit ?? 1;
    // restart = nInit: the best start of a sample, now run on all rows (core/screenedRestarts.ts)
    const where = progress && progress.restart >= nStarts ? 'the best start on all rows' : `restart ${(progress?.restart ?? 0) + 1}`;
    const algorithm = state.options?.algorithm ?? 'gmm';
    // spectral, DBSCAN, HDBSCAN report their steps (neighbour tree, method, labels), not iterations
    const what = progress && progress.iteration > 0 && algorithm !== 'gmm' && algorithm !== 'kmeans'
      ? `Fitting… ${METHOD_LABELS[algorithm]}, step ${progress.iteration} of 3 (${DENSITY_STEPS[progress.iteration - 1] ?? ''})`
      : progress && progress.iteration > 0
      ? `Fitting… ${where}, iteration ${progress.iteration}, ${state.options?.algorithm === 'kmeans' ? 'inertia' : 'lower bound'} ${formatNumber(progress.value)}`
      : 'Fitting…';
    status.replaceChildren(h('vscode-progress-ring', { class: 'ring' }), what);
  } else if (phase === 'loading') {
    readingStatus.update(state.reading);
    if (status.firstChild !== readingStatus.nodes[0]) { status.replaceChildren(...readingStatus.nodes); }
  } else if (fit) {
    const iterations = formatCount(fit.nIter, 'iteration');
    const converged = fit.converged ? `converged in ${iterations}` : `did not converge in ${iterations} (raise max iterations or tolerance)`;
    // The three scores share their decimals, so they read as one scale.
    const [logLikelihood, bic, aic] = formatAlike([fit.logLikelihood ?? NaN, fit.bic ?? NaN, fit.aic ?? NaN]);
    const score = fit.algorithm === 'gmm'
      ? `log-likelihood ${logLikelihood} · BIC ${bic} · AIC ${aic}`
      : `inertia ${formatNumber(fit.inertia ?? NaN)}`;
    const model = `${fit.algorithm === 'gmm' ? `Gaussian mixture ${mixtureModelName(fit)}` : 'k-means'}, k = ${fit.nComponents}`;
    // A saved model applied to this file ran no iterations here: say what it is instead.
    status.replaceChildren(...(fit.density
      ? [icon('pass'), ` ${describeDensityFit(fit)} · ${fit.seconds.toFixed(2)} s`]
      : fit.appliedModel !== undefined
      ? [icon('pass'), ` Saved model ${fit.appliedModel} applied: ${model}, ${formatCount(fit.nSamples, 'row')} · ${score} on this file`]
      : [icon(fit.converged ? 'pass' : 'warning'), ` ${model}, ${formatCount(fit.nSamples, 'row')}: ${converged} · ${score} · ${fit.seconds.toFixed(2)} s`]));
    // Starts that stopped at different optima: another seed or fewer starts could give another model.
    if (fit.density?.warning) { status.append(h('span', { class: 'restarts', id: 'status-density' }, icon('info'), ' ', fit.density.warning)); }
    if (fit.caution) { status.append(h('span', { class: 'restarts', id: 'status-caution' }, icon('warning'), ' ', fit.caution)); }
    if (fit.collapsedComponents?.length) {
      const which = fit.collapsedComponents.map(c => c + 1).join(', ');
      status.append(h('span', { class: 'restarts', id: 'status-degenerate' }, icon('warning'),
        ` Component${fit.collapsedComponents.length > 1 ? 's' : ''} ${which} ${fit.collapsedComponents.length > 1 ? 'are' : 'is'} degenerate: `
        + 'its covariance is held up only by the regularisation (regCovar). Fewer clusters or a more constrained covariance model (e.g. EEE or VVI) avoid it.'));
    }
    if (fit.restarts?.disagree) { status.append(h('span', { class: 'restarts', id: 'status-restarts' }, icon('warning'), ' ', fit.restarts.sentence)); }
  } else {
    status.replaceChildren();
  }
}

function renderError(): void {
  errorBox.hidden = !state.error;
  if (state.error) {
    errorBox.replaceChildren(
      h('p', {}, icon('error'), ' ', h('span', { id: 'error-message' }, state.error.message)),
      h('p', { class: 'hint' }, state.error.hint));
  }
}

window.addEventListener('message', event => {
  const parsed = parseHostMessage(event.data);
  if (!parsed.ok) {
    console.warn(`Cluster Lens: ignored a malformed message from the host: ${parsed.error}`);
    return;
  }
  for (const view of views) { view.receive?.(parsed.message); }
  dispatch(parsed.message);
});

// VS Code swaps the body's theme class (vscode-light, vscode-dark, vscode-high-contrast…) and
// its CSS variables when the user changes the colour theme; canvas charts read colours when they
// draw, so they are drawn again.
let themeClass = document.body.className;
new MutationObserver(() => {
  if (document.body.className === themeClass) { return; }
  themeClass = document.body.className;
  refreshPalette();
  for (const view of views) { view.retheme?.(); }
  render();
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });

// Read-only view of what is drawn, for the webview tests (pixels, colours, ellipse outlines).
const scatter = views.find(v => v.id === 'scatter') as { chart?: { inspect(): unknown } } | undefined;
Object.defineProperty(window, 'clusterLensInspect', { value: () => scatter?.chart?.inspect() });
Object.defineProperty(window, 'clusterLensInspectPictures', { value: inspectPictures });

render();
vscode.postMessage({ type: 'ready', protocolVersion: PROTOCOL_VERSION });
