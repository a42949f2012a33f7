/**
 * The "Compare k" tab: fits k = 1..K with the current fit's settings (for mixtures, optionally all
 * four covariance types) in the worker, and shows the criteria against k (BIC and AIC, or inertia
 * and silhouette), the best model in words, a table of every number, and small multiples of the
 * models on the main plot's plane. Clicking a point or a multiple opens that model as the fit.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { VscodeCheckbox } from '@vscode-elements/elements/dist/vscode-checkbox/vscode-checkbox.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import { type ComparedModel, type HostMessage, MAX_COMPARE_K } from '../src/shared/protocol';
import { type CriterionInspection, CriterionChart, TYPE_STYLES } from './compareCharts';
import {
  bestAtLargestK, bestModel, type CompareRunState, extendedK, CRITERIA, CRITERION_LABELS, criterionSeries, type Criterion, farSeries,
  isCurrentFit, optionsFor, plannedSteps, progressText, reduceCompare, settingsChange,
} from './compareModel';
import { CompareMultiples, type MultiplesInspection } from './compareMultiples';
import { comparedTypeLabel, describeComparedFamily, familyCaution } from './comparedFamily';
import { bestLabel, describeBest, describeOptions, describeSettings, whyNoCompare } from './compareText';
import { h, icon } from './dom';
import { numberFormatter } from './format';
import { ModelSearchView } from './modelSearchView';
import type { PanelView, ViewContext } from './panelView';
import { RunControls } from './runControls';
import type { ViewState } from './store';

export const DEFAULT_COMPARE_K = 8;

export interface CompareInspection {
  charts: (CriterionInspection & { criterion: Criterion })[];
  multiples: MultiplesInspection;
}

export class CompareView implements PanelView {
  readonly id = 'compare';
  readonly label = 'Compare k';
  readonly element: HTMLElement;
  private readonly kField = h('vscode-textfield', { id: 'compare-k', type: 'number', min: 2, max: MAX_COMPARE_K, size: 4, value: String(DEFAULT_COMPARE_K) }) as VscodeTextfield;
  private readonly allTypes = h('vscode-checkbox', { id: 'compare-all-types', label: 'All covariance types' }) as VscodeCheckbox;
  private readonly controls = new RunControls({
    idPrefix: 'compare', name: 'Compare k', runIcon: 'play', runText: 'Compare',
    fields: [
      h('div', { class: 'field' }, h('vscode-label', { for: 'compare-k' }, 'Largest k (K)'), this.kField),
      h('div', { class: 'field checkbox' }, this.allTypes),
    ],
    onRun: () => this.submit(),
    onCancel: () => this.context.post({ type: 'cancelCompare' }),
  });
  private readonly about = h('p', { class: 'note', id: 'compare-about' });
  private readonly stale = h('p', { class: 'warning', id: 'compare-stale', role: 'status' });
  private readonly verdict = h('p', { class: 'compare-verdict', id: 'compare-verdict' });
  private readonly edgeText = h('span', { id: 'compare-edge-text' });
  private readonly extendButton = h('vscode-button', { id: 'compare-extend', secondary: true }, icon('arrow-right'), ' Extend');
  private readonly edge = h('div', { class: 'warning compare-edge', id: 'compare-edge', role: 'status' }, icon('warning'), ' ', this.edgeText, ' ', this.extendButton);
  private readonly chartsBox = h('div', { class: 'compare-charts' });
  private readonly charts: { criterion: Criterion | undefined; chart: CriterionChart; canvas: HTMLCanvasElement; caption: HTMLElement }[];
  private readonly table = h('table', { class: 'summary compare-table', id: 'compare-table' });
  private readonly results = h('div', { class: 'compare-results' });
  /** One plot per k; picking another covariance type to show draws them again. */
  private readonly multiples = new CompareMultiples(model => this.open(model), () => { this.rendered = undefined; this.render(); });
  private run: CompareRunState | undefined;
  private state: ViewState | undefined;
  private rendered: { run: CompareRunState | undefined; state: ViewState | undefined } | undefined;
  /** "Find best model" over mclust's models, below Compare k (modelSearchView.ts). */
  private readonly modelSearch: ModelSearchView;

  constructor(private readonly context: ViewContext) {
    this.charts = [0, 1].map(i => {
      const canvas = h('canvas', { id: `compare-chart-${i}`, role: 'img' });
      const caption = h('figcaption', { class: 'note' });
      return { criterion: undefined, canvas, caption, chart: new CriterionChart(canvas, model => this.open(model)) };
    });
    this.chartsBox.append(...this.charts.map(c => h('figure', { class: 'compare-chart' }, h('div', { class: 'compare-chart-plot' }, c.canvas), c.caption)));
    this.results.append(
      this.verdict, this.edge, this.chartsBox, this.multiples.element,
      h('div', { class: 'compare-table-box' }, this.table));
    this.element = h('section', { class: 'compare' },
      this.controls.element,
      this.about,
      this.stale,
      this.results);
    this.modelSearch = new ModelSearchView(context);
    this.element.append(this.modelSearch.element);
    this.extendButton.addEventListener('click', () => this.extend());
    // Read-only view of what is drawn, for the webview tests (like main.ts's clusterLensInspect).
    Object.defineProperty(window, 'clusterLensCompareInspect', { value: () => this.inspect(), configurable: true });
  }

  receive(message: HostMessage): void {
    this.modelSearch.receive(message);
    const next = reduceCompare(this.run, message);
    if (next === this.run) { return; }
    if (message.type === 'didStartCompare') {
      this.multiples.clear();
      this.rendered = undefined;
      for (const slot of this.charts) { slot.chart.forgetToggles(); }
      // The controls show the run on screen, also when a reloaded webview gets it back from the host.
      this.kField.value = String(message.kMax);
      this.allTypes.checked = message.covarianceTypes.length > 1;
    }
    this.run = next;
  }

  /** The colour theme changed: charts and small multiples are drawn again, in the new colours. */
  retheme(): void {
    this.modelSearch.retheme();
    this.multiples.retheme();
    this.rendered = undefined;
  }

  update(state: ViewState, visible: boolean): void {
    this.state = state;
    this.updateControls(state);
    this.modelSearch.update(state, visible);
    if (visible) { this.render(); }
  }

  private updateControls(state: ViewState): void {
    const running = this.run?.status === 'running';
    const fit = state.fit;
    const gmm = fit?.algorithm === 'gmm';
    const why = fit && whyNoCompare(fit.algorithm);
    this.controls.showState(state, running, why);
    this.extendButton.toggleAttribute('disabled', !this.controls.canRun);
    this.allTypes.toggleAttribute('disabled', !gmm || running);
    this.kField.toggleAttribute('disabled', running);
    const run = this.run;
    this.controls.showProgress(run && {
      max: plannedSteps(run.start), value: run.status === 'done' ? plannedSteps(run.start) : run.models.length, text: progressText(run),
    });
    if (why) {
      this.about.textContent = why;
    } else if (!this.run && fit) {
      this.about.textContent = `Fits k = 1 … K with the current fit's settings (${describeSettings(fit, state)}) and compares ${
        gmm ? 'their BIC and AIC (lower is better)' : 'their inertia (look for the elbow) and silhouette (higher is better)'}.`;
    }
  }

  private submit(): void {
    const k = Number.parseInt(this.kField.value, 10);
    const kMax = Number.isFinite(k) ? Math.max(2, Math.min(MAX_COMPARE_K, k)) : DEFAULT_COMPARE_K;
    this.kField.value = String(kMax);
    const allCovarianceTypes = this.state?.fit?.algorithm === 'gmm' && this.allTypes.checked;
    this.context.post({ type: 'compare', kMax, allCovarianceTypes });
  }

  /** Says when the best k is the largest tried, and offers a run that goes further. */
  private renderEdge(run: CompareRunState, stale: boolean): void {
    const atEdge = bestAtLargestK(run);
    this.edge.hidden = atEdge.length === 0;
    if (atEdge.length === 0) { return; }
    const kMax = run.start.kMax;
    const next = extendedK(kMax);
    const what = atEdge.map(c => bestLabel(c)).join(' and ');
    this.edgeText.textContent = `The ${what} ${atEdge.length === 1 ? 'is' : 'are'} at k = ${kMax}, the largest k tried: the best k may lie beyond it.${
      next === undefined ? ` ${MAX_COMPARE_K} is the most Compare k fits; fewer columns or another covariance type may describe the data with fewer clusters.` : ''}`;
    this.extendButton.hidden = next === undefined || stale;
    if (next !== undefined) {
      this.extendButton.replaceChildren(icon('arrow-right'), ` Compare up to k = ${next}`);
      this.extendButton.title = `Fit k = 1 … ${next} with the same settings`;
    }
  }

  private extend(): void {
    const run = this.run;
    const next = run && extendedK(run.start.kMax);
    if (!run || next === undefined || !this.controls.canRun) { return; }
    this.kField.value = String(next);
    this.context.post({ type: 'compare', kMax: next, allCovarianceTypes: run.start.covarianceTypes.length > 1 });
  }

  /** Opens a compared model as the current fit: the same options with its k (and type); the seed makes it the same model. */
  private open(model: ComparedModel): void {
    if (!this.run) { return; }
    const options = optionsFor(this.run.start, model);
    this.context.dispatch({ type: 'setOptions', options });
    this.context.post({ type: 'fit', options });
    this.context.dispatch({ type: 'showView', id: 'scatter' });
  }

  private render(): void {
    const run = this.run;
    const state = this.state;
    if (this.rendered && this.rendered.run === run && this.rendered.state === state) { return; }
    this.rendered = { run, state };
    this.results.hidden = !run;
    if (!run || !state) { return; }
    const { start, models } = run;
    const gmm = start.options.algorithm === 'gmm';
    const types = start.covarianceTypes;
    this.about.textContent = `${gmm ? describeComparedFamily(start) : 'k-means'}, k = 1 … ${start.kMax}, with the settings of the fit compared (${
      describeOptions(start)}). Click a point or a plot to open that model.${gmm && familyCaution(start) ? ` ${familyCaution(start)!}` : ''}`;
    const changes = settingsChange(state.options, start.options);
    this.stale.hidden = changes.length === 0;
    this.stale.textContent = changes.length === 0 ? '' : `The current fit has other settings (${changes.join(', ')}): these models describe the `
      + 'fit compared, not the current one. Compare again to compare the current fit.';

    const criteria = CRITERIA[start.options.algorithm];
    const bests = criteria.map(criterion => bestModel(models, criterion, types));
    const verdict = criteria.map((criterion, i) => describeBest(criterion, bests[i], types.length > 1)).join(' · ');
    this.verdict.textContent = models.length === 0 ? 'Waiting for the first model…' : verdict.charAt(0).toUpperCase() + verdict.slice(1);
    this.renderEdge(run, changes.length > 0);
    criteria.forEach((criterion, i) => this.drawCriterion(i, criterion, run, bests[i]));
    this.renderTable(run, criteria, bests);
    this.multiples.render(run, state);
  }

  private drawCriterion(i: number, criterion: Criterion, run: CompareRunState, best: ComparedModel | undefined): void {
    const { start, models } = run;
    const types = start.covarianceTypes;
    const curves = criterionSeries(models, criterion, types);
    const far = farSeries(curves, best);
    const series = [...curves].map(([type, points]) => ({
      label: start.options.algorithm === 'gmm' ? comparedTypeLabel(start, type) : 'k-means', colour: TYPE_STYLES[type].colour, pointStyle: TYPE_STYLES[type].pointStyle, points,
      hidden: far.includes(type),
    }));
    const slot = this.charts[i];
    slot.criterion = criterion;
    const label = CRITERION_LABELS[criterion];
    const bestValue = best?.[criterion];
    slot.chart.draw(label, start.kMax, series,
      best && typeof bestValue === 'number' ? { model: best, value: bestValue, label: bestLabel(criterion) } : undefined);
    slot.canvas.id = `compare-chart-${criterion}`;
    slot.canvas.setAttribute('aria-label', `${label} against k${types.length > 1 ? ', one line per covariance type' : ''}. ${describeBest(criterion, best, types.length > 1)}. The numbers are in the table below.`);
    slot.canvas.setAttribute('aria-describedby', 'compare-table');
    const hiddenNote = far.length === 0 ? ''
      : ` Hidden at first, far above the best line: ${far.join(' and ')} (click ${far.length === 1 ? 'it' : 'them'} in the legend to show ${far.length === 1 ? 'it' : 'them'}).`;
    slot.caption.textContent = (criterion === 'silhouette' ? 'Silhouette: higher is better; undefined for k = 1.'
      : criterion === 'inertia' ? 'Inertia always falls as k grows: look for the elbow.'
        : `${label}: lower is better.`) + hiddenNote;
  }

  /** Every number of the charts, as the charts' text alternative: one row per k. */
  private renderTable(run: CompareRunState, criteria: Criterion[], bests: (ComparedModel | undefined)[]): void {
    const { start, models } = run;
    const types = start.covarianceTypes;
    const gmm = start.options.algorithm === 'gmm';
    const columns = criteria.flatMap((criterion, i) => types.map(type => ({ criterion, type, best: bests[i] })));
    const head = h('tr', {}, h('th', { scope: 'col' }, 'k'),
      ...columns.map(c => h('th', { scope: 'col' }, gmm && types.length > 1 ? `${CRITERION_LABELS[c.criterion]} ${c.type}` : CRITERION_LABELS[c.criterion])),
      h('th', { scope: 'col' }, 'Converged'), h('th', { scope: 'col' }, 'Seconds'));
    const byStep = new Map(models.map(m => [`${m.k}:${m.covarianceType}`, m]));
    // One number of decimals per column, so that the values line up.
    const formats = columns.map(c => numberFormatter(models.filter(m => m.covarianceType === c.type).map(m => m[c.criterion] ?? NaN)));
    const rows: HTMLElement[] = [];
    for (let k = 1; k <= start.kMax; k++) {
      const row = types.map(type => byStep.get(`${k}:${type}`));
      if (row.every(m => m === undefined)) { continue; }
      const cells = columns.map((c, j) => {
        const model = byStep.get(`${k}:${c.type}`);
        const value = model ? model[c.criterion] : undefined;
        const isBest = model !== undefined && model === c.best;
        const text = value === undefined ? '…' : value === null ? '—' : formats[j](value);
        const note = isBest ? h('span', { class: 'visually-hidden' }, ` (${bestLabel(c.criterion)})`) : null;
        if (!model) { return h('td', {}, text); }
        // each number opens its model, as the charts' points and the small multiples do
        const button = h('button', {
          type: 'button', class: 'cell-link', 'data-k': String(k), 'data-covariance-type': c.type,
          title: `Open k = ${k}${gmm ? `, ${c.type}` : ''}`,
        }, text, note);
        button.addEventListener('click', () => this.open(model));
        return h('td', { class: isBest ? 'best' : undefined }, button);
      });
      const present = row.filter((m): m is ComparedModel => m !== undefined);
      const converged = present.filter(m => m.converged).length;
      const seconds = present.reduce((s, m) => s + m.seconds, 0);
      rows.push(h('tr', {}, h('th', { scope: 'row' }, String(k)), ...cells,
        h('td', {}, converged === present.length ? 'yes' : `${present.length - converged} not`), h('td', {}, seconds.toFixed(2))));
    }
    this.table.replaceChildren(
      h('caption', {}, `Scores by k${gmm ? ' (BIC and AIC: lower is better)' : ' (silhouette: higher is better; inertia in the units clustered)'}`),
      h('thead', {}, head), h('tbody', {}, ...rows));
  }

  inspect(): CompareInspection {
    const state = this.state;
    const run = this.run;
    return {
      charts: this.charts.flatMap(c => {
        const ins = c.chart.inspect();
        return ins && c.criterion ? [{ criterion: c.criterion, ...ins }] : [];
      }),
      multiples: this.multiples.inspect(model => run !== undefined && state !== undefined && isCurrentFit(state.fit, state.options, run.start, model)),
    };
  }
}

