/**
 * The convergence tab: the lower bound (mixtures) or inertia (k-means) per iteration, one line per
 * restart with the kept one highlighted; for mixtures also the gain per iteration on a log scale
 * against the threshold `tol` that stops EM; the outcome in words and the numbers as a table.
 */
import {
  Chart, type ChartDataset, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, Tooltip,
} from 'chart.js';
import type { FitSnapshot } from '../src/shared/protocol';
import { projectFit } from './plane';
import type { PanelView, ViewContext } from './panelView';
import { snapshotAtFrame } from './replay';
import { ScatterChart } from './scatterChart';
import { OneColumnChart } from './oneColumnChart';
import { buildConvergenceSeries, describeConvergence } from './convergence';
import { buildDensityChart, clustersOfNode, type DensityChart } from './densityCharts';
import { clusterColour, withAlpha } from './palette';
import { canvasToPng } from './canvasImage';
import { h, icon } from './dom';
import { formatCount, formatNumber } from './format';
import type { ViewState } from './store';
import { chartBase, readTheme, titledAxis } from './theme';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Tooltip, Legend);

const CHOSEN = '#0072B2';

export class ConvergenceView implements PanelView {
  readonly id = 'convergence';
  readonly label = 'Convergence';
  readonly element: HTMLElement;
  private readonly valueCanvas = h('canvas', { id: 'convergence-chart', role: 'img' });
  private readonly gainCanvas = h('canvas', { id: 'gain-chart', role: 'img' });
  private readonly gainBox = h('div', { class: 'chart-box small' }, this.gainCanvas);
  private readonly verdict = h('p', { class: 'verdict', id: 'convergence-verdict' });
  private readonly table = h('table', { class: 'numbers', id: 'convergence-table' });
  private readonly slider = h('input', { type: 'range', id: 'replay-slider', min: 0, max: 0, step: 1, value: 0, 'aria-label': 'EM iteration to show' });
  private readonly frameLabel = h('span', { id: 'replay-label', 'aria-live': 'polite' });
  private readonly replayCanvas = h('canvas', { id: 'replay-scatter', role: 'img', 'aria-label': 'The Gaussians at the chosen EM iteration' });
  private readonly replayBox: HTMLElement;
  private readonly replayChart: ScatterChart;
  private readonly numbersSummary = h('summary', {}, 'The numbers, per iteration');
  // One fitted column: the replay moves the density curves over the histogram (tutorial 002's per-iteration plots).
  private readonly replayOneColumnCanvas = h('canvas', { id: 'replay-one-column', role: 'img', 'aria-label': 'The density curves at the chosen EM iteration over the histogram of the column' });
  private readonly replayOneColumnBox = h('div', { class: 'chart-box', hidden: true }, this.replayOneColumnCanvas);
  private readonly replayOneColumn = new OneColumnChart(this.replayOneColumnCanvas);
  private charts: Chart[] = [];
  private drawn: FitSnapshot | undefined;
  private state: ViewState | undefined;
  private pendingFrame = false;

  constructor(private readonly context: ViewContext) {
    this.replayChart = new ScatterChart(this.replayCanvas, { select: rows => context.dispatch({ type: 'select', rows }) });
    this.replayBox = h('div', { class: 'replay', id: 'replay' },
      h('h2', {}, 'Replay EM'),
      h('p', { class: 'note' }, 'Move the slider to see the Gaussians move from their initial guess (iteration 0) to the fit; points keep their final colours.'),
      h('div', { class: 'replay-controls' }, this.slider, this.frameLabel),
      h('div', { class: 'chart-box' }, this.replayCanvas), this.replayOneColumnBox);
    const savePng = h('vscode-button', { id: 'save-convergence-png', secondary: true, title: 'Save the convergence chart as a PNG image' }, icon('file-media'), ' PNG');
    savePng.addEventListener('click', () => void canvasToPng(this.valueCanvas).then(png => context.post({ type: 'saveImage', name: 'convergence', png })));
    this.element = h('section', { class: 'convergence' },
      h('div', { class: 'plot-toolbar' }, this.verdict, savePng),
      h('div', { class: 'convergence-charts' },
        h('div', { class: 'convergence-curves' },
          h('div', { class: 'chart-box' }, this.valueCanvas),
          this.gainBox),
        this.replayBox),
      h('details', {}, this.numbersSummary, this.table));
    // Redraw at most once per frame while the slider is dragged.
    this.slider.addEventListener('input', () => {
      if (this.pendingFrame) { return; }
      this.pendingFrame = true;
      requestAnimationFrame(() => { this.pendingFrame = false; this.drawFrame(); });
    });
  }

  private drawFrame(): void {
    const fit = this.drawn;
    if (!fit?.replay || !this.state) { return; }
    const frame = Number(this.slider.value);
    const atFrame = snapshotAtFrame(fit, frame);
    const oneColumn = fit.columns.length === 1;
    this.replayCanvas.parentElement!.hidden = oneColumn;
    this.replayOneColumnBox.hidden = !oneColumn;
    if (oneColumn) { this.replayOneColumn.draw(atFrame); } else { this.replayChart.draw(atFrame, projectFit(atFrame, this.state.projection), true); }
    const bound = fit.replay.lowerBounds[frame];
    this.frameLabel.textContent = frame === 0
      ? `Iteration 0 of ${fit.replay.nFrames - 1}: the initial guess`
      : `Iteration ${frame} of ${fit.replay.nFrames - 1}: lower bound ${formatNumber(bound)}`;
  }

  /** Spectral, DBSCAN, HDBSCAN: no iterations; what each has instead (densityCharts.ts). */
  private drawDensity(fit: FitSnapshot): void {
    this.replayBox.hidden = true;
    this.gainBox.hidden = true;
    for (const chart of this.charts) { chart.destroy(); }
    this.charts = [];
    delete this.verdict.dataset.converged;
    const built = buildDensityChart(fit);
    this.element.dataset.densityChart = fit.algorithm;
    if (!built) { this.verdict.textContent = 'This fit has no chart of its own.'; this.table.replaceChildren(); return; }
    this.verdict.textContent = built.verdict;
    const theme = readTheme();
    const colourOf = (c: number, faint = false) => (c === -1 ? theme.muted : c === -2 ? '#D55E00' : faint ? withAlpha(clusterColour(c), 0.35) : clusterColour(c));
    this.charts.push(new Chart(this.valueCanvas, {
      type: 'line',
      plugins: fit.algorithm === 'hdbscan' ? [clusterNumbers(built, theme.foreground)] : [],
      data: {
        datasets: built.series.map((s): ChartDataset<'line', { x: number; y: number }[]> => ({
          label: s.label, data: s.points, borderColor: colourOf(s.colour, s.faint), backgroundColor: colourOf(s.colour, s.faint),
          borderWidth: s.markers ? 0 : s.width, borderDash: s.dash, pointRadius: s.markers ? s.width : 0, showLine: !s.markers, borderCapStyle: 'butt',
        })),
      },
      options: {
        ...chartBase(theme),
        scales: {
          x: {
            type: 'linear', ...titledAxis(theme, built.xTitle, fit.algorithm === 'spectral' ? { stepSize: 1, precision: 0 } : {}),
            ...(built.xRange ? { min: built.xRange[0], max: built.xRange[1] } : {}),
            ...(fit.algorithm === 'hdbscan' ? { ticks: { display: false } } : {}),
          },
          y: { type: 'linear', reverse: built.reverseY, ...titledAxis(theme, built.yTitle) },
        },
        // the condensed tree: a click on a bar selects its clusters' rows, shown on the scatter plot
        ...(fit.algorithm === 'hdbscan' ? {
          onClick: (event: { x: number | null; y: number | null }, _elements: unknown, chart: Chart) => {
            const node = event.x === null || event.y === null ? undefined : treeNodeAt(chart, built, event.x, event.y);
            if (node !== undefined) { this.selectTreeNode(fit, node); }
          },
          onHover: (event: { x: number | null; y: number | null; native: Event | null }, _elements: unknown, chart: Chart) => {
            const over = event.x !== null && event.y !== null && treeNodeAt(chart, built, event.x, event.y) !== undefined;
            chart.canvas.style.cursor = over ? 'pointer' : '';
          },
        } : {}),
        plugins: {
          legend: {
            labels: {
              color: theme.foreground,
              // the condensed tree has a dataset per node: one legend entry per label
              filter: (item, data) => item.text !== 'Split' && data.datasets.findIndex(d => d.label === item.text) === item.datasetIndex,
            },
          },
        },
      },
    }));
    this.valueCanvas.setAttribute('aria-label', `${built.caption}; the table below has the numbers.`);
    if (fit.algorithm === 'hdbscan') {
      const chart = this.charts[0]!;
      // Read-only: where each bar of the condensed tree is drawn, for the webview tests to click it.
      Object.defineProperty(window, 'clusterLensTreeInspect', {
        configurable: true,
        value: () => built.series.flatMap(s => (s.node === undefined || s.points[0]!.x !== s.points[1]!.x ? [] : [{
          node: s.node, label: s.label, x: chart.scales.x.getPixelForValue(s.points[0]!.x),
          y: (chart.scales.y.getPixelForValue(s.points[0]!.y) + chart.scales.y.getPixelForValue(s.points[1]!.y)) / 2,
        }])),
      });
    }
    this.numbersSummary.textContent = 'The numbers';
    this.table.replaceChildren(
      h('caption', {}, built.caption),
      h('thead', {}, h('tr', {}, ...built.head.map(name => h('th', { scope: 'col' }, name)))),
      h('tbody', {}, ...built.rows.map((row, i) => h('tr', {}, ...row.map((cell, j) => {
        // the condensed tree's selected clusters: the cluster number selects its rows, as a click on its bar does
        if (fit.algorithm !== 'hdbscan' || j !== row.length - 1 || cell === '') { return h('td', {}, cell); }
        const button = h('button', { type: 'button', class: 'cell-link', 'data-node': String(i), title: `Select the rows of cluster ${cell} on the scatter plot` }, cell);
        button.addEventListener('click', () => this.selectTreeNode(fit, i));
        return h('td', {}, button);
      })))));
  }

  /** Selects the drawn rows of the clusters a condensed-tree node holds, and shows them on the scatter plot. */
  private selectTreeNode(fit: FitSnapshot, node: number): void {
    const nodes = fit.density?.condensedTree;
    if (!nodes) { return; }
    const clusters = new Set(clustersOfNode(nodes, node));
    const rows: number[] = [];
    fit.sample.labels.forEach((label, s) => { if (clusters.has(label)) { rows.push(fit.sample.rowIndex[s]); } });
    this.context.dispatch({ type: 'select', rows });
    this.context.dispatch({ type: 'showView', id: 'scatter' });
  }

  retheme(): void {
    this.drawn = undefined;
  }

  update(state: ViewState, visible: boolean): void {
    const fit = state.fit;
    const projectionChanged = this.state?.projection !== state.projection;
    this.state = state;
    if (!fit || !visible) { return; }
    if (fit === this.drawn) {
      if (projectionChanged) { this.drawFrame(); }
      return;
    }
    this.drawn = fit;
    // A saved model applied to the file was not fitted here: there are no iterations to show.
    this.element.classList.toggle('applied', fit.appliedModel !== undefined);
    if (fit.appliedModel !== undefined) {
      this.verdict.textContent = `The clusters come from the saved model ${fit.appliedModel}, applied to this file: it was not fitted here, so there are no iterations to show. Press Fit to fit this file with the model's settings.`;
      delete this.verdict.dataset.converged;
      return;
    }
    this.replayBox.hidden = !fit.replay;
    if (fit.replay) {
      this.slider.max = String(fit.replay.nFrames - 1);
      this.slider.value = String(fit.replay.nFrames - 1);
      this.drawFrame();
    }
    if (fit.algorithm !== 'gmm' && fit.algorithm !== 'kmeans') { this.drawDensity(fit); return; }
    this.numbersSummary.textContent = 'The numbers, per iteration';
    const { algorithm, options } = fit;
    const series = buildConvergenceSeries(fit.histories, fit.bestRestart);
    const measure = algorithm === 'gmm' ? 'Lower bound (mean log-likelihood per row)' : 'Inertia';
    this.verdict.textContent = describeConvergence(algorithm, fit.converged, fit.nIter, options.tol, fit.histories.length, fit.bestRestart, fit.restarts, fit.nSamples);
    this.verdict.dataset.startsDisagree = String(fit.restarts?.disagree ?? false);
    this.verdict.dataset.converged = String(fit.converged);
    const theme = readTheme();
    const style = (chosen: boolean) => ({
      borderColor: chosen ? CHOSEN : theme.muted,
      backgroundColor: chosen ? CHOSEN : theme.muted,
      borderWidth: chosen ? 3 : 1,
      pointRadius: chosen ? 2 : 0,
      order: chosen ? 0 : 1,
    });
    const axes = (xTitle: string, yTitle: string, logarithmic: boolean) => ({
      x: { type: 'linear' as const, ...titledAxis(theme, xTitle, { precision: 0 }) },
      y: { type: logarithmic ? 'logarithmic' as const : 'linear' as const, ...titledAxis(theme, yTitle) },
    });
    for (const chart of this.charts) { chart.destroy(); }
    this.charts = [];
    const screened = fit.restarts !== null && fit.restarts.comparedOnRows < fit.nSamples;
    const label = (restart: number, chosen: boolean): string => {
      if (fit.histories.length < 2) { return measure; }
      if (!screened) { return `Restart ${restart + 1}${chosen ? ' (kept)' : ''}`; }
      return chosen ? `Start ${fit.restarts!.bestStart + 1} on all rows (kept)` : `Start ${restart + 1} (sample)`;
    };
    this.charts.push(new Chart(this.valueCanvas, {
      type: 'line',
      data: { datasets: series.map((s): ChartDataset<'line', { x: number; y: number }[]> => ({ label: label(s.restart, s.chosen), data: s.values, ...style(s.chosen) })) },
      options: {
        ...chartBase(theme),
        scales: axes('Iteration', measure, false),
        plugins: { legend: { display: fit.histories.length > 1, labels: { color: theme.foreground } } },
      },
    }));
    this.valueCanvas.setAttribute('aria-label', `${measure} per iteration for ${formatCount(fit.histories.length, 'restart')}; the table below has the numbers.`);
    this.gainBox.hidden = algorithm !== 'gmm';
    if (algorithm === 'gmm') {
      const maxIter = Math.max(2, ...series.map(s => s.values.length));
      this.charts.push(new Chart(this.gainCanvas, {
        type: 'line',
        data: {
          datasets: [
            ...series.map((s): ChartDataset<'line', { x: number; y: number }[]> => ({ label: label(s.restart, s.chosen), data: s.gains, ...style(s.chosen) })),
            { label: `tol = ${options.tol}`, data: [{ x: 1, y: options.tol }, { x: maxIter, y: options.tol }], borderColor: '#D55E00', borderDash: [6, 4], borderWidth: 2, pointRadius: 0 },
          ],
        },
        options: {
          ...chartBase(theme),
          scales: axes('Iteration', 'Gain per iteration (log)', true),
          plugins: { legend: { labels: { color: theme.foreground } } },
        },
      }));
      this.gainCanvas.setAttribute('aria-label', `Gain of the lower bound per iteration against the threshold tol = ${options.tol}.`);
    }
    const chosen = series.find(s => s.chosen) ?? series[0];
    this.table.replaceChildren(
      h('caption', {}, `${measure}${fit.histories.length > 1 ? `, restart ${chosen.restart + 1} (kept)` : ''}`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Iteration'), h('th', { scope: 'col' }, measure), ...(algorithm === 'gmm' ? [h('th', { scope: 'col' }, 'Gain')] : []))),
      h('tbody', {}, ...chosen.values.map((v, i) => h('tr', {},
        h('td', {}, String(v.x)), h('td', {}, formatNumber(v.y)),
        ...(algorithm === 'gmm' ? [h('td', {}, i === 0 ? '' : formatNumber(Math.abs(v.y - chosen.values[i - 1].y)))] : [])))));
  }
}

/** The condensed-tree node whose bar is under canvas pixel (x, y), the nearest when bars touch. */
export function treeNodeAt(chart: Chart, built: DensityChart, x: number, y: number): number | undefined {
  let best: { node: number; distance: number } | undefined;
  for (const s of built.series) {
    const [a, b] = s.points;
    // bars are vertical (birth to death at one x); the split lines across are not clickable
    if (s.node === undefined || !a || !b || a.x !== b.x) { continue; }
    const px = chart.scales.x.getPixelForValue(a.x);
    const top = Math.min(chart.scales.y.getPixelForValue(a.y), chart.scales.y.getPixelForValue(b.y));
    const bottom = Math.max(chart.scales.y.getPixelForValue(a.y), chart.scales.y.getPixelForValue(b.y));
    const distance = Math.abs(x - px);
    if (distance <= Math.max(4, s.width / 2 + 2) && y >= top - 4 && y <= bottom + 4 && (!best || distance < best.distance)) { best = { node: s.node, distance }; }
  }
  return best?.node;
}

/** Writes each selected cluster's number above its bar, so the chart names the clusters the scatter plot colours. */
function clusterNumbers(built: DensityChart, colour: string) {
  return {
    id: 'condensedTreeClusterNumbers',
    afterDatasetsDraw(chart: Chart): void {
      const { ctx } = chart;
      ctx.save();
      ctx.fillStyle = colour;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'bottom';
      ctx.font = `600 ${Math.round((chart.options.font?.size as number | undefined) ?? 12)}px ${String(chart.options.font?.family ?? 'sans-serif')}`;
      for (const s of built.series) {
        const match = /^Cluster (\d+)$/.exec(s.label);
        const [a] = s.points;
        if (!match || !a) { continue; }
        ctx.fillText(match[1]!, chart.scales.x.getPixelForValue(a.x), chart.scales.y.getPixelForValue(a.y) - 3);
      }
      ctx.restore();
    },
  };
}
