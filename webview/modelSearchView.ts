/**
 * "Find best model", a section of the Compare tab: every mclust model for k = 1 … K fitted in the
 * worker on the current fit's rows and scaling, streaming in as each is done. BIC (or ICL) against
 * k, one line per model, as mclust draws it (higher is better); the top three in words; a grid of
 * every (model, k) where a cell that could not be fitted says why instead of showing a number; and
 * each model's diagnostics. Clicking a point or a cell opens that model as the current fit.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import { type HostMessage, MAX_SEARCH_K, type SearchedModel } from '../src/shared/protocol';
import { BicChart, type BicInspection } from './bicChart';
import { h, icon } from './dom';
import { formatCount } from './format';
import { describeModel } from './mixtureModels';
import {
  bestAtEdge, searchDataChange, describeNotFitted, describeTopThree, formatScore, isCurrentCell, notFittedWord, optionsForCell, plannedCells, rankCells,
  reduceSearch, SEARCH_CRITERION_LABELS, searchProgressText, searchSeries, searchStartOf, type SearchCriterion, type SearchRunState, widerK,
} from './modelSearchModel';
import type { ViewContext } from './panelView';
import { RunControls } from './runControls';
import type { ViewState } from './store';

/** mclust's default range. */
export const DEFAULT_SEARCH_K = 9;

export interface ModelSearchInspection {
  criterion: SearchCriterion;
  chart: BicInspection | null;
  top: string[];
  /** grid cells as shown: a number, or the word for a cell without one */
  grid: { model: string; k: number; text: string; ranked: boolean; current: boolean }[];
}

export class ModelSearchView {
  readonly element: HTMLElement;
  private readonly kField = h('vscode-textfield', { id: 'search-k', type: 'number', min: 1, max: MAX_SEARCH_K, size: 4, value: String(DEFAULT_SEARCH_K) }) as VscodeTextfield;
  private readonly criterionChoice = h('vscode-single-select', { id: 'search-criterion', 'aria-label': 'Rank by' }) as VscodeSingleSelect;
  private readonly controls = new RunControls({
    idPrefix: 'search', name: 'Find best model', runIcon: 'search', runText: 'Find best model',
    fields: [
      h('div', { class: 'field' }, h('vscode-label', { for: 'search-k' }, 'Largest k (K)'), this.kField),
      h('div', { class: 'field' }, h('vscode-label', { for: 'search-criterion' }, 'Rank by'), this.criterionChoice),
    ],
    onRun: () => this.submit(),
    onCancel: () => this.context.post({ type: 'cancelModelSearch' }),
  });
  private readonly about = h('p', { class: 'note', id: 'search-about' });
  private readonly stale = h('p', { class: 'warning', id: 'search-stale', role: 'status' });
  private readonly top = h('ol', { class: 'search-top', id: 'search-top' });
  private readonly otherCriterion = h('p', { class: 'note', id: 'search-other' });
  private readonly edgeText = h('span', { id: 'search-edge-text' });
  private readonly widerButton = h('vscode-button', { id: 'search-wider', secondary: true }, icon('arrow-right'), ' Search further');
  private readonly edge = h('div', { class: 'warning', id: 'search-edge', role: 'status' }, icon('warning'), ' ', this.edgeText, ' ', this.widerButton);
  private readonly canvas = h('canvas', { id: 'search-chart', role: 'img' }) as HTMLCanvasElement;
  private readonly caption = h('figcaption', { class: 'note', id: 'search-caption' });
  private readonly notFitted = h('p', { class: 'note', id: 'search-not-fitted' });
  private readonly grid = h('table', { class: 'summary compare-table search-grid', id: 'search-grid' });
  private readonly details = h('table', { class: 'summary compare-table', id: 'search-details' });
  private readonly results = h('div', { class: 'search-results' });
  private readonly chart: BicChart;
  private run: SearchRunState | undefined;
  private state: ViewState | undefined;
  private criterion: SearchCriterion = 'bic';
  private rendered: { run: SearchRunState | undefined; state: ViewState | undefined; criterion: SearchCriterion } | undefined;

  constructor(private readonly context: ViewContext) {
    this.chart = new BicChart(this.canvas, cell => this.open(cell));
    for (const criterion of ['bic', 'icl'] as const) {
      const note = criterion === 'bic' ? 'Fit against complexity: 2 log L − p ln n' : 'BIC less the uncertainty of the classification: prefers well-separated clusters';
      this.criterionChoice.append(h('vscode-option', { value: criterion, selected: criterion === 'bic', title: note, description: note }, SEARCH_CRITERION_LABELS[criterion]));
    }
    this.results.append(
      this.top, this.otherCriterion, this.edge,
      h('figure', { class: 'compare-chart search-chart' }, h('div', { class: 'search-chart-plot' }, this.canvas), this.caption),
      this.notFitted,
      h('div', { class: 'compare-table-box' }, this.grid),
      h('details', { class: 'search-details-box' }, h('summary', {}, 'Every model in detail: parameters, starts, convergence'),
        h('div', { class: 'compare-table-box' }, this.details)));
    this.element = h('section', { class: 'model-search', id: 'model-search', 'aria-label': 'Find best model' },
      h('h2', { class: 'section-title' }, 'Find best model (mclust\'s 14 models)'),
      this.controls.element,
      this.about,
      this.stale,
      this.results);
    this.widerButton.addEventListener('click', () => this.widen());
    this.criterionChoice.addEventListener('change', () => {
      this.criterion = this.criterionChoice.value === 'icl' ? 'icl' : 'bic';
      this.render();
    });
    Object.defineProperty(window, 'clusterLensSearchInspect', { value: () => this.inspect(), configurable: true });
  }

  receive(message: HostMessage): void {
    const next = reduceSearch(this.run, message);
    if (next === this.run) { return; }
    if (message.type === 'didStartModelSearch') {
      this.chart.forgetToggles();
      this.kField.value = String(message.kMax);
    }
    this.run = next;
  }

  retheme(): void {
    this.rendered = undefined;
    this.chart.destroy();
  }

  update(state: ViewState, visible: boolean): void {
    this.state = state;
    this.updateControls(state);
    if (visible) { this.render(); }
  }

  private updateControls(state: ViewState): void {
    const running = this.run?.status === 'running';
    const fit = state.fit;
    this.controls.showState(state, running);
    this.widerButton.toggleAttribute('disabled', !this.controls.canRun);
    this.kField.toggleAttribute('disabled', running);
    const run = this.run;
    this.controls.showProgress(run && {
      max: plannedCells(run.start), value: run.status === 'done' ? plannedCells(run.start) : run.cells.length, text: searchProgressText(run),
    });
    if (!this.run && fit) {
      const d = fit.columns.length;
      this.about.textContent = `Fits every Gaussian mixture model of mclust (${d === 1 ? 'E and V on one column' : '14 covariance models, EII … VVV'}) for k = 1 … K `
        + `on the rows and scaling of the current fit (${formatCount(d, 'column')}, ${fit.options.standardize ? 'standardised' : 'raw units'}), `
        + 'each from a hierarchical start and a k-means++ start, and ranks them by BIC as mclust does: 2 log L − p ln n, higher is better.';
    }
  }

  private submit(): void {
    const k = Number.parseInt(this.kField.value, 10);
    const kMax = Number.isFinite(k) ? Math.max(1, Math.min(MAX_SEARCH_K, k)) : DEFAULT_SEARCH_K;
    this.kField.value = String(kMax);
    this.context.post({ type: 'findBestModel', kMax });
  }

  private widen(): void {
    const next = this.run && widerK(this.run.start.kMax);
    if (next === undefined || !this.controls.canRun) { return; }
    this.kField.value = String(next);
    this.context.post({ type: 'findBestModel', kMax: next });
  }

  /** Opens a (model, k) as the current fit, on the search's rows and settings. */
  private open(cell: SearchedModel): void {
    if (!this.run) { return; }
    const options = optionsForCell(this.run.start, cell);
    this.context.dispatch({ type: 'setOptions', options });
    // fitted as the search fitted it, so the model opened is the one clicked (not a refit from the panel's starts)
    this.context.post({ type: 'fit', options, fromSearch: searchStartOf(this.run, cell) });
    this.context.dispatch({ type: 'showView', id: 'scatter' });
  }

  private render(): void {
    const { run, state, criterion } = this;
    if (this.rendered && this.rendered.run === run && this.rendered.state === state && this.rendered.criterion === criterion) { return; }
    this.rendered = { run, state, criterion };
    this.results.hidden = !run;
    const changes = run && state ? searchDataChange(state.options, run.start.options) : [];
    this.stale.hidden = changes.length === 0;
    this.stale.textContent = changes.length === 0 ? '' : `The current fit has other ${changes.join(' and ')}: this search is of the rows `
      + 'and scaling it ran on, not the current ones. Find best model again to search the current fit\'s.';
    if (!run) { return; }
    const { start, cells } = run;
    const label = SEARCH_CRITERION_LABELS[criterion];
    const other: SearchCriterion = criterion === 'bic' ? 'icl' : 'bic';
    const ranking = rankCells(cells, criterion, start.models);
    const best = ranking[0];
    const dropped = start.droppedRows > 0 ? ` (${formatCount(start.droppedRows, 'row')} with a missing value left out)` : '';
    this.about.textContent = `${start.models.length} models × k = 1 … ${start.kMax} on ${formatCount(start.nSamples, 'row')}${dropped}, `
      + `${start.options.standardize ? 'standardised' : 'raw units'}. BIC here is mclust's, 2 log L − p ln n: higher is better `
      + '(scikit-learn\'s bic(), shown in the status line and Compare k, is its negative: lower is better). '
      + 'ICL adds twice the log of each row\'s largest membership probability, so it prefers well-separated clusters. Click a point or a number to open that model.';
    const lines = describeTopThree(ranking, criterion);
    this.top.replaceChildren(...(lines.length > 0 ? lines.map((line, i) => {
      const cell = ranking[i]!;
      return h('li', { title: describeModel(cell.model) }, line, h('span', { class: 'note' }, ` — ${describeModel(cell.model)}`));
    }) : [h('li', { class: 'note' }, run.status === 'running' ? 'Waiting for the first fitted model…' : 'No model could be fitted.')]));
    const otherBest = rankCells(cells, other, start.models)[0];
    this.otherCriterion.textContent = !best || !otherBest ? ''
      : otherBest.model === best.model && otherBest.k === best.k
        ? `${SEARCH_CRITERION_LABELS[other]} agrees: ${best.model}, ${formatCount(best.k, 'cluster')}.`
        : `${SEARCH_CRITERION_LABELS[other]} prefers ${otherBest.model}, ${formatCount(otherBest.k, 'cluster')} (${SEARCH_CRITERION_LABELS[other]} ${formatScore(otherBest[other]!)}).`;
    const atEdge = bestAtEdge(run, criterion);
    this.edge.hidden = !atEdge;
    if (atEdge) {
      const next = widerK(start.kMax);
      this.edgeText.textContent = `The best model has k = ${start.kMax}, the largest k searched: a larger k may be better still.`
        + (next === undefined ? ` ${MAX_SEARCH_K} is the largest K offered.` : '');
      this.widerButton.hidden = next === undefined;
      if (next !== undefined) { this.widerButton.replaceChildren(icon('arrow-right'), ` Search up to k = ${next}`); }
    }
    this.chart.draw(label, start.kMax, start.models, searchSeries(cells, criterion, start.models), best, best?.[criterion] ?? undefined);
    this.canvas.setAttribute('aria-label', `${label} against k, one line per model; higher is better. ${lines[0] ?? ''} Every number is in the table below.`);
    this.canvas.setAttribute('aria-describedby', 'search-grid');
    this.caption.textContent = `${label}, higher is better; the ring marks the best. A line breaks where its model could not be fitted. Click a legend entry to hide or show a model.`;
    const notFitted = describeNotFitted(cells, start.models);
    this.notFitted.hidden = notFitted.length === 0;
    this.notFitted.textContent = notFitted.length === 0 ? '' : `Not fitted, so not ranked (as mclust gives them no BIC): ${notFitted.join('; ')}. Hover over a cell for the reason.`;
    this.renderGrid(run, criterion, best);
    this.renderDetails(run, ranking);
  }

  /** mclust's BIC table: rows the models, columns k; a cell without a score says why in words. */
  private renderGrid(run: SearchRunState, criterion: SearchCriterion, best: SearchedModel | undefined): void {
    const { start, cells } = run;
    const label = SEARCH_CRITERION_LABELS[criterion];
    const byKey = new Map(cells.map(c => [`${c.model}:${c.k}`, c]));
    const ks = Array.from({ length: start.kMax }, (_, i) => i + 1);
    const fit = this.state?.fit;
    const rows = start.models.map(model => h('tr', {},
      h('th', { scope: 'row', title: describeModel(model) }, model),
      ...ks.map(k => {
        const cell = byKey.get(`${model}:${k}`);
        if (!cell) { return h('td', { class: 'pending' }, run.status === 'running' ? '…' : ''); }
        const why = notFittedWord(cell);
        if (why) { return h('td', { class: 'not-fitted', title: why.reason, 'data-model': model, 'data-k': String(k) }, why.word); }
        const value = cell[criterion]!;
        const isBest = cell === best;
        const current = isCurrentCell(fit, start, cell);
        const button = h('button', {
          type: 'button', class: 'cell-link', 'data-model': model, 'data-k': String(k),
          title: `Open ${model}, k = ${k}${cell.startsAgreed === false ? ' (the starts reached different optima)' : ''}`,
        }, formatScore(value), isBest ? h('span', { class: 'visually-hidden' }, ' (best)') : null, current ? h('span', { class: 'visually-hidden' }, ' (current fit)') : null);
        button.addEventListener('click', () => this.open(cell));
        return h('td', { class: [isBest ? 'best' : '', current ? 'current' : ''].join(' ').trim() || undefined }, button);
      })));
    this.grid.replaceChildren(
      h('caption', {}, `${label} of every model and k (higher is better; the best in bold)`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Model'), ...ks.map(k => h('th', { scope: 'col' }, `k = ${k}`)))),
      h('tbody', {}, ...rows));
  }

  /** Per fitted model what a statistician checks: parameters against rows, degenerate components, whether the starts agreed. */
  private renderDetails(run: SearchRunState, ranking: SearchedModel[]): void {
    const { start, cells } = run;
    const rank = new Map(ranking.map((c, i) => [c, i + 1]));
    const ordered = [...cells].sort((a, b) => (rank.get(a) ?? Infinity) - (rank.get(b) ?? Infinity)
      || start.models.indexOf(a.model) - start.models.indexOf(b.model) || a.k - b.k);
    const n = start.nSamples;
    this.details.replaceChildren(
      h('caption', {}, 'Ranked by the criterion chosen; models not fitted last, with the reason'),
      h('thead', {}, h('tr', {}, ...['Rank', 'Model', 'k', 'Parameters', 'Rows per parameter', 'log L', 'BIC', 'ICL', 'Start kept', 'Starts agreed', 'Converged', 'Note']
        .map(text => h('th', { scope: 'col' }, text)))),
      h('tbody', {}, ...ordered.map(cell => {
        const why = notFittedWord(cell);
        const collapsed = cell.collapsedComponents.length > 0 && cell.status !== 'degenerate'
          ? `component ${cell.collapsedComponents.map(c => c + 1).join(', ')} near singular` : '';
        return h('tr', { 'data-model': cell.model, 'data-k': String(cell.k) },
          h('td', {}, String(rank.get(cell) ?? '—')), h('th', { scope: 'row', title: describeModel(cell.model) }, cell.model), h('td', {}, String(cell.k)),
          h('td', {}, cell.nParameters.toLocaleString()), h('td', {}, (n / cell.nParameters).toFixed(1)),
          h('td', {}, cell.logLikelihood === null ? '—' : formatScore(cell.logLikelihood)),
          h('td', {}, cell.bic === null || why ? '—' : formatScore(cell.bic)), h('td', {}, cell.icl === null || why ? '—' : formatScore(cell.icl)),
          h('td', {}, cell.start ?? '—'), h('td', {}, cell.startsAgreed === null ? '—' : cell.startsAgreed ? 'yes' : 'no'),
          h('td', {}, cell.converged === null ? '—' : cell.converged ? 'yes' : 'no'),
          h('td', { class: 'search-note' }, why ? `${why.word}: ${why.reason}` : collapsed));
      })));
  }

  inspect(): ModelSearchInspection {
    return {
      criterion: this.criterion,
      chart: this.chart.inspect() ?? null,
      top: [...this.top.querySelectorAll('li')].map(li => li.firstChild?.textContent ?? ''),
      grid: [...this.grid.querySelectorAll<HTMLElement>('td[data-model], td > button[data-model]')].map(e => ({
        model: e.dataset.model!, k: Number(e.dataset.k), text: e.firstChild?.textContent ?? '', ranked: e.tagName === 'BUTTON',
        current: e.parentElement?.classList.contains('current') ?? false,
      })),
    };
  }
}
