/**
 * Predict a new point (tutorial 002's `predict`): a small form, one field per fitted column and
 * prefilled with a row, that shows the membership probabilities and the log-density of the point
 * typed; and, on the plane of a two-column fit, the same read out wherever the mouse is.
 *
 * Both go through the core's labelling of new rows (portableModel.predictWithModel, the code the
 * CLI's `label` and Apply Saved Model use, over the E-step's kernels) and gmm.scoreSamples: the
 * numbers are the ones the panel would give the row had it been in the file.
 */
import { Chart } from 'chart.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { isDensityAlgorithm, whyNotPortable } from '../src/core/densityFit';
import { scoreSamples } from '../src/core/gmm';
import { mixtureFromParameters } from '../src/core/mixtureDensity';
import { type PortableModel, predictWithModel, toPortableModel } from '../src/core/portableModel';
import type { FitSnapshot } from '../src/shared/protocol';
import { h } from './dom';
import { formatNumber, formatPercent } from './format';
import { clusterSwatch } from './palette';
import type { Plane } from './plane';

/** What a point is given by a fit: its cluster, probabilities (k; one-hot for k-means), and log p(x) (mixtures). */
export interface Prediction { cluster: number; probabilities: Float64Array; logDensity: number | null }

/** The fit's model as the core labels new rows with it; null for methods that label no new row. */
export function modelOfFit(fit: FitSnapshot): PortableModel | null {
  if (isDensityAlgorithm(fit.algorithm) || (fit.algorithm === 'gmm' && !fit.covariances)) { return null; }
  return toPortableModel({
    algorithm: fit.algorithm, nComponents: fit.nComponents, nFeatures: fit.columns.length,
    weights: fit.weights, means: fit.means, covariances: fit.covariances, scaling: fit.scaling ?? null,
  });
}

/** @param point (d) in the fitted columns' order and units */
export function predictPoint(model: PortableModel, point: Float64Array): Prediction {
  const X = { data: point, nSamples: 1, nFeatures: model.nFeatures };
  const { labels, resp } = predictWithModel(model, X);
  const logDensity = model.covariances
    ? scoreSamples(mixtureFromParameters(model.weights, model.means, model.covariances, model.nFeatures), X)[0]
    : null;
  return { cluster: labels[0], probabilities: resp, logDensity };
}

/** One line of a prediction: "cluster 2 · p 1: 3.0%  2: 97.0% · log-density −4.21". */
export function describePrediction(prediction: Prediction, algorithm: FitSnapshot['algorithm']): string {
  const p = Array.from(prediction.probabilities, (v, c) => `${c + 1}: ${formatPercent(v)}`).join('  ');
  return algorithm === 'gmm'
    ? `cluster ${prediction.cluster + 1} · p ${p} · log-density ${formatNumber(prediction.logDensity ?? NaN)}`
    : `cluster ${prediction.cluster + 1} (the nearest centroid: k-means gives each point wholly to one cluster)`;
}

export class PredictPanel {
  readonly element: HTMLElement;
  /** Under the plot: what the fit says at the mouse, on the plane of a two-column fit. */
  readonly hoverReadout = h('p', { class: 'note', id: 'hover-predict', 'aria-live': 'off' });
  private readonly fields = h('div', { class: 'predict-fields' });
  private readonly result = h('div', { class: 'predict-result', id: 'predict-result', 'aria-live': 'polite' });
  private readonly why = h('p', { class: 'note', id: 'predict-why' });
  private readonly button = h('vscode-button', { id: 'predict-button', secondary: true }, 'Predict');
  private inputs: HTMLInputElement[] = [];
  private fit: FitSnapshot | undefined;
  private model: PortableModel | null = null;
  private prefilledFrom: number | undefined;
  private plane: Plane | undefined;

  constructor() {
    this.element = h('details', { class: 'predict', id: 'predict' },
      h('summary', {}, 'Predict a row'),
      h('p', { class: 'note' }, 'Type a row\'s values to see which cluster the fit gives it, with the same code that labelled the file\'s rows.'),
      this.why, this.fields, this.button, this.result);
    this.button.addEventListener('click', () => this.predict());
    this.fields.addEventListener('keydown', event => { if (event.key === 'Enter') { this.predict(); } });
  }

  /** The plane the scatter shows (undefined: none, as for one column): where the mouse is read out. */
  setPlane(plane: Plane | undefined): void {
    this.plane = plane;
  }

  /** A new fit rebuilds the fields; a new selection prefills them with its first drawn row. */
  update(fit: FitSnapshot, selectedRows: readonly number[]): void {
    const row = selectedRows.length > 0 ? fit.sample.rowIndex.indexOf(selectedRows[0]) : -1;
    const sample = row >= 0 ? row : 0;
    if (fit === this.fit && this.prefilledFrom === sample) { return; }
    const newFit = fit !== this.fit;
    this.fit = fit;
    this.prefilledFrom = sample;
    if (newFit) {
      this.model = modelOfFit(fit);
      this.why.textContent = this.model ? '' : isDensityAlgorithm(fit.algorithm) ? whyNotPortable(fit.algorithm) : 'This fit kept no covariances to score a row with.';
      this.inputs = fit.columns.map((name, j) => h('input', { type: 'text', inputmode: 'decimal', id: `predict-${j}`, 'aria-label': name, spellcheck: false }));
      this.fields.replaceChildren(...fit.columns.map((name, j) => h('label', {}, h('span', {}, name), this.inputs[j])));
      this.fields.hidden = this.button.hidden = !this.model;
      this.hoverReadout.textContent = '';
    }
    const d = fit.columns.length;
    if (fit.sample.labels.length > 0) {
      this.inputs.forEach((input, j) => { input.value = String(fit.sample.values[sample * d + j]); });
    }
    this.predict();
  }

  private predict(): void {
    const { fit, model } = this;
    if (!fit || !model) { this.result.replaceChildren(); return; }
    const values = this.inputs.map(input => Number(input.value.trim()));
    const bad = this.inputs.findIndex((input, j) => input.value.trim() === '' || !Number.isFinite(values[j]));
    if (bad >= 0) {
      this.result.replaceChildren(h('p', { class: 'error-text' }, `${fit.columns[bad]} must be a number.`));
      return;
    }
    const prediction = predictPoint(model, Float64Array.from(values));
    const rows = Array.from(prediction.probabilities, (p, c) => h('tr', { class: c === prediction.cluster ? 'predicted' : undefined },
      h('th', { scope: 'row' }, clusterSwatch(c), ` Cluster ${c + 1}`), h('td', {}, formatPercent(p))));
    this.result.replaceChildren(
      h('table', { class: 'numbers', id: 'predict-table' }, h('tr', {}, h('th', {}, 'cluster'), h('th', {}, fit.algorithm === 'gmm' ? 'probability' : 'assigned')), ...rows),
      h('p', { id: 'predict-density' }, model.covariances
        ? `log-density ${formatNumber(prediction.logDensity ?? NaN)} (log p(x) under the mixture, in the columns' units)`
        : 'k-means has no density: it gives each point to the nearest centroid.'));
  }

  /**
   * Reads out the fit at the mouse on a plane of the two fitted columns: the point is (x, y) put
   * back in the fit's column order.
   */
  attachHover(canvas: HTMLCanvasElement): void {
    canvas.addEventListener('mousemove', event => {
      const { fit, model, plane } = this;
      const chart = Chart.getChart(canvas);
      if (!fit || !model || !plane?.axes || fit.columns.length !== 2 || !chart) { this.hoverReadout.textContent = ''; return; }
      const rect = canvas.getBoundingClientRect();
      const px = event.clientX - rect.left;
      const py = event.clientY - rect.top;
      const area = chart.chartArea;
      if (px < area.left || px > area.right || py < area.top || py > area.bottom) { this.hoverReadout.textContent = ''; return; }
      const x = chart.scales.x.getValueForPixel(px) ?? NaN;
      const y = chart.scales.y.getValueForPixel(py) ?? NaN;
      const point = new Float64Array(2);
      point[plane.axes[0]] = x;
      point[plane.axes[1]] = y;
      this.hoverReadout.textContent = `At ${plane.xLabel} ${formatNumber(x)}, ${plane.yLabel} ${formatNumber(y)}: ${describePrediction(predictPoint(model, point), fit.algorithm)}`;
    });
    canvas.addEventListener('mouseleave', () => { this.hoverReadout.textContent = ''; });
  }
}
