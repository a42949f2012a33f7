/**
 * Compare k's small multiples: one plot per k of the run (the lowest-BIC covariance type per k, or
 * the type the user picks), on the scatter plot's plane with axes shared by every plot, so only the
 * colours and ellipses differ. Clicking a plot opens its model.
 */
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import type { ComparedModel, CovarianceType, FitSnapshot } from '../src/shared/protocol';
import { MiniScatter } from './compareCharts';
import { type CompareRunState, type CompareStart, isCurrentFit, modelsPerK } from './compareModel';
import { comparedTypeLabel } from './comparedFamily';
import { h } from './dom';
import { formatNumber } from './format';
import { type Plane, projectFit } from './plane';
import type { Projection, ViewState } from './store';

const BEST = 'best';

export type MultiplesInspection = { k: number; covarianceType: CovarianceType; current: boolean; points: number; ellipses: number }[];

interface Multiple {
  element: HTMLButtonElement;
  caption: HTMLElement;
  chart: MiniScatter;
  drawn: { model: ComparedModel; planeKey: string } | undefined;
}

export class CompareMultiples {
  readonly element: HTMLElement;
  private readonly choice = h('vscode-single-select', { id: 'compare-multiples-type', 'aria-label': 'Covariance type of the small multiples' }) as VscodeSingleSelect;
  private readonly head = h('div', { class: 'compare-multiples-head' });
  private readonly grid = h('div', { class: 'compare-multiples', id: 'compare-multiples', role: 'list' });
  private readonly multiples = new Map<number, Multiple>();
  private type: CovarianceType | typeof BEST = BEST;
  private choiceKey = '';

  /** `open` opens a model as the fit; `onChoice` says the user picked another covariance type to show. */
  constructor(private readonly open: (model: ComparedModel) => void, onChoice: () => void) {
    this.element = h('section', { class: 'compare-multiples-section', 'aria-label': 'One model per k' },
      h('div', { class: 'compare-multiples-bar' }, this.head,
        h('span', { class: 'compare-multiples-choice' }, h('vscode-label', { for: 'compare-multiples-type' }, 'Show'), this.choice)),
      this.grid);
    this.choice.addEventListener('change', () => {
      this.type = this.choice.value === BEST ? BEST : this.choice.value as CovarianceType;
      onChoice();
    });
  }

  /** The colour theme changed: every plot is drawn again. */
  retheme(): void {
    for (const multiple of this.multiples.values()) { multiple.drawn = undefined; }
  }

  clear(): void {
    for (const multiple of this.multiples.values()) { multiple.chart.destroy(); multiple.element.remove(); }
    this.multiples.clear();
  }

  render(run: CompareRunState, state: ViewState): void {
    const { start, models } = run;
    const types = start.covarianceTypes;
    const choiceKey = types.join(',');
    if (choiceKey !== this.choiceKey) {
      this.choiceKey = choiceKey;
      this.choice.replaceChildren(
        h('vscode-option', { value: BEST }, 'Lowest-BIC type per k'),
        ...types.map(type => h('vscode-option', { value: type }, type)));
      if (this.type !== BEST && !types.includes(this.type)) { this.type = BEST; }
      this.choice.value = this.type;
    }
    this.choice.parentElement!.hidden = types.length < 2;
    const shown = modelsPerK(models, types.length > 1 ? this.type : types[0], types);
    const fit = state.fit;
    if (!fit) { return; }
    const { planeOf, xRange, yRange, planeKey, describe } = planeFor(start, state, fit, shown[0]);
    const m = start.sample.rowIndex.length;
    const rows = state.fit && m >= state.fit.nSamples ? `all ${m.toLocaleString()} rows` : `${m.toLocaleString()} rows sampled by cluster`;
    this.head.textContent = shown.length === 0 ? '' : `One plot per k, on the scatter plot's plane: ${describe}; ${rows}${
      start.options.algorithm === 'gmm' ? '; ellipses at 1 and 2 σ' : ''}.`;
    const keep = new Set(shown.map(m => m.k));
    for (const [k, multiple] of this.multiples) {
      if (!keep.has(k)) { multiple.chart.destroy(); multiple.element.remove(); this.multiples.delete(k); }
    }
    shown.forEach((model, i) => {
      let multiple = this.multiples.get(model.k);
      if (!multiple) {
        const canvas = h('canvas', { 'aria-hidden': 'true' });
        const caption = h('span', { class: 'compare-multiple-caption' });
        const element = h('button', { type: 'button', class: 'compare-multiple', role: 'listitem' }, h('span', { class: 'compare-multiple-plot' }, canvas), caption);
        multiple = { element, caption, chart: new MiniScatter(canvas), drawn: undefined };
        const chosen = multiple;
        element.addEventListener('click', () => { if (chosen.drawn) { this.open(chosen.drawn.model); } });
        this.multiples.set(model.k, multiple);
      }
      // Keep the grid in k order as models arrive.
      if (this.grid.children[i] !== multiple.element) { this.grid.insertBefore(multiple.element, this.grid.children[i] ?? null); }
      const current = isCurrentFit(state.fit, state.options, start, model);
      multiple.element.classList.toggle('current', current);
      multiple.element.dataset.k = String(model.k);
      multiple.element.dataset.covarianceType = model.covarianceType;
      const score = model.bic !== null ? `BIC ${formatNumber(model.bic)}` : model.silhouette !== null ? `silhouette ${formatNumber(model.silhouette)}` : `inertia ${formatNumber(model.inertia ?? NaN)}`;
      const type = start.options.algorithm === 'gmm' ? `, ${comparedTypeLabel(start, model.covarianceType)}` : '';
      multiple.caption.replaceChildren(h('strong', {}, `k = ${model.k}`), `${type} · ${score}`, current ? ' · current' : '');
      multiple.element.setAttribute('aria-label', `k = ${model.k}${type}, ${score}${current ? ', the current fit' : ''}. Open as the current model.`);
      if (!multiple.drawn || multiple.drawn.model !== model || multiple.drawn.planeKey !== planeKey) {
        multiple.chart.draw(model, planeOf(model), xRange, yRange);
        multiple.drawn = { model, planeKey };
      }
    });
  }

  /** The plots in grid order; `isCurrent` says whether a model is the current fit. */
  inspect(isCurrent: (model: ComparedModel) => boolean): MultiplesInspection {
    return [...this.grid.children].map(element => {
      const multiple = [...this.multiples.values()].find(m => m.element === element)!;
      const model = multiple.drawn!.model;
      return { k: model.k, covarianceType: model.covarianceType, current: isCurrent(model), ...multiple.chart.inspect() };
    });
  }
}

/**
 * The main plot's plane (its projection, and the PCA of the current fit when it has the same
 * columns) for the compared models, and axis ranges shared by every multiple: they all show
 * the same sampled rows, so only colours and ellipses differ between them.
 */
function planeFor(start: CompareStart, state: ViewState, fit: FitSnapshot, first: ComparedModel | undefined) {
  const columns = start.options.columns;
  const sameColumns = fit.columns.length === columns.length && fit.columns.every((c, i) => c === columns[i]);
  const projection: Projection = sameColumns ? state.projection : { kind: 'columns', x: 0, y: Math.min(1, columns.length - 1) };
  const pca = sameColumns ? fit.pca : null;
  const planeOf = (model: ComparedModel): Plane => projectFit(asSnapshot(fit, start, model, pca), projection);
  const planeKey = `${JSON.stringify(projection)}|${sameColumns ? fit.fitId : -1}`;
  let xRange: [number, number] = [0, 1];
  let yRange: [number, number] = [0, 1];
  let describe = '';
  if (first) {
    const plane = planeOf(first);
    xRange = paddedRange(plane.points, 0);
    yRange = paddedRange(plane.points, 1);
    describe = `${plane.xLabel} × ${plane.yLabel}`;
  }
  return { planeOf, xRange, yRange, planeKey, describe };
}

/**
 * A compared model dressed as a snapshot, so projectFit puts it on the main plot's plane: the
 * current fit's snapshot with everything projectFit reads replaced by the compared model's.
 */
function asSnapshot(base: FitSnapshot, start: CompareStart, model: ComparedModel, pca: FitSnapshot['pca']): FitSnapshot {
  const m = start.sample.rowIndex.length;
  return {
    ...base,
    fitId: -1, algorithm: start.options.algorithm, covarianceType: model.covarianceType, nComponents: model.k,
    columns: start.options.columns, nSamples: m, weights: model.weights, means: model.means, covariances: model.covariances, pca,
    sample: {
      ...base.sample,
      rowIndex: start.sample.rowIndex, values: start.sample.values, labels: model.labels,
      certainty: new Float32Array(m).fill(1), probabilities: new Float32Array(m * model.k),
    },
  };
}

/** The range of the points on one axis, padded by 6 % each side (±1 when they all coincide). */
function paddedRange(points: Float64Array, axis: 0 | 1): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let i = axis; i < points.length; i += 2) { lo = Math.min(lo, points[i]); hi = Math.max(hi, points[i]); }
  if (!Number.isFinite(lo)) { return [0, 1]; }
  const pad = hi > lo ? 0.06 * (hi - lo) : 1;
  return [lo - pad, hi + pad];
}
