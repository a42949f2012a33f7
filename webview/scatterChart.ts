/** The scatter plot: drawn points coloured by cluster, opacity by certainty, means, and ellipses. */
import {
  Chart, type ChartDataset, Legend, LinearScale, PointElement, ScatterController, Tooltip, type TooltipItem,
} from 'chart.js';
import type { FitSnapshot } from '../src/shared/protocol';
import { clusterEllipseShapes, type EllipseShape, ellipsePlugin, type SigmaStyle } from './ellipsePlugin';
import { formatPercent } from './format';
import { alphaOfLevel, CERTAINTY_LEVELS, certaintyLevel, clusterColour, withAlpha } from './palette';
import { radiusOfLevel } from './uncertainty';
import type { Plane } from './plane';
import { chartBase, readTheme, titledAxis } from './theme';
import { contourOptions, contourPlugin, planeMixture } from './contourPlugin';
import { regionOptions, voronoiPlugin } from './voronoiPlugin';
import { panRange, type Range, wheelFactor, zoomRange } from './zoomPan';

Chart.register(ScatterController, PointElement, LinearScale, Tooltip, Legend, ellipsePlugin, contourPlugin, voronoiPlugin);

/** The pictures drawn under the points besides the ellipses (contourPlugin, voronoiPlugin). */
export interface PlanePictures { contours: boolean; regions: boolean }

/** The σ-multiples drawn: 1σ solid, 2σ and 3σ dashed ever lighter. */
const SIGMA_STYLES: readonly SigmaStyle[] = [
  { nSigma: 1, lineWidth: 2, dash: [], alpha: 0.95 },
  { nSigma: 2, lineWidth: 1.5, dash: [6, 4], alpha: 0.7 },
  { nSigma: 3, lineWidth: 1, dash: [2, 4], alpha: 0.5 },
];

interface DrawnPoint { x: number; y: number; s: number }

export interface ScatterInspection {
  points: { sample: number; cluster: number; px: number; py: number; fill: string; radius: number }[];
  shapes: { colour: string; pixels: [number, number][] }[];
  xRange: [number, number];
  yRange: [number, number];
  area: { left: number; right: number; top: number; bottom: number };
  /** Sample indices of the ringed (selected) points. */
  selectedSamples: number[];
  /** The axis titles' colour: follows the theme. */
  textColour: string;
  /** The legend's entries, in order. */
  legend: string[];
  /** Lines of the tooltip on show (none when no point is hovered). */
  tooltip: string[];
}

export interface ScatterCallbacks {
  /** Rows (dataset, 0-based) clicked on the plot; `extend` adds to the selection (Shift/Ctrl). */
  select(rows: number[], extend: boolean): void;
}

export class ScatterChart {
  private chart: Chart<'scatter', DrawnPoint[]> | undefined;
  private shapes: EllipseShape[] = [];
  private fit: FitSnapshot | undefined;
  private plane: Plane | undefined;
  /** Sample index of each dataset row drawn, to find a selected row's point. */
  private sampleOfRow = new Map<number, number>();
  private selected: readonly number[] = [];
  /** Cluster of each point dataset (datasets are per certainty level and cluster). */
  private clusterOfDataset: number[] = [];
  private home: { x: Range; y: Range } | undefined;

  constructor(private readonly canvas: HTMLCanvasElement, private readonly callbacks: ScatterCallbacks) {
    canvas.tabIndex = 0;
    attachZoomPan(canvas, () => this.chart, () => this.home);
    canvas.addEventListener('click', event => this.pick(event));
  }

  /** `sizeByUncertainty`: a mixture's points sized by 1 − max p (mclust's uncertainty plot; uncertainty.ts). */
  draw(fit: FitSnapshot, plane: Plane, showEllipses: boolean, pictures: PlanePictures = { contours: false, regions: false }, sizeByUncertainty = false): void {
    const k = fit.nComponents;
    const theme = readTheme();
    const m = fit.sample.labels.length;
    // spectral, DBSCAN, HDBSCAN: no Gaussians (no ellipses, no centres); opacity is the membership strength itself
    const density = isDensityFit(fit);
    const levelOf = density ? strengthLevel : (certainty: number) => certaintyLevel(certainty, k);
    // One dataset per (certainty level, cluster), sure points last so they draw on top; points placed
    // at a missing cell's conditional expectation in datasets of their own, drawn hollow; noise first, under them all.
    const groups: DrawnPoint[][] = Array.from({ length: 2 * CERTAINTY_LEVELS * k }, () => []);
    const noise: DrawnPoint[] = [];
    for (let s = 0; s < m; s++) {
      const c = fit.sample.labels[s];
      const point = { x: plane.points[2 * s], y: plane.points[2 * s + 1], s };
      if (c < 0) { noise.push(point); continue; }
      const hollow = plane.imputed?.[s] === 1 ? CERTAINTY_LEVELS * k : 0;
      groups[hollow + levelOf(fit.sample.certainty[s]) * k + c].push(point);
    }
    const datasets: ChartDataset<'scatter', DrawnPoint[]>[] = [];
    this.clusterOfDataset = [];
    if (noise.length > 0) {
      this.clusterOfDataset.push(NOISE);
      datasets.push({
        label: `Noise · ${formatPercent(noise.length / m)}`, data: noise,
        backgroundColor: withAlpha(NOISE_COLOUR, 0.7), borderWidth: 0, pointRadius: m > 5000 ? 1.5 : 2, pointHoverRadius: 4,
      });
    }
    groups.forEach((data, g) => {
      if (data.length === 0) { return; }
      const c = g % k;
      const level = Math.floor(g / k) % CERTAINTY_LEVELS;
      const hollow = g >= CERTAINTY_LEVELS * k;
      this.clusterOfDataset.push(c);
      datasets.push({
        label: `Cluster ${c + 1} · ${formatPercent(fit.weights[c])}`,
        data,
        backgroundColor: hollow ? 'transparent' : withAlpha(clusterColour(c), alphaOfLevel(level)),
        borderColor: withAlpha(clusterColour(c), alphaOfLevel(level)),
        borderWidth: hollow ? 1 : 0,
        pointRadius: sizeByUncertainty && fit.algorithm === 'gmm' ? radiusOfLevel(level) : m > 5000 ? 2 : 3,
        pointHoverRadius: 5,
      });
    });
    const nPointDatasets = datasets.length;
    const ringIndex = datasets.length;
    datasets.push({
      label: 'Selected',
      data: this.ringData(this.selected, fit, plane),
      backgroundColor: 'transparent',
      borderColor: theme.foreground,
      borderWidth: 2,
      pointRadius: 6,
      pointHoverRadius: 7,
    });
    datasets.push({
      label: fit.algorithm === 'gmm' ? 'Means' : 'Centroids',
      // a density cluster's mean may lie outside it (a moon's lies in the other's hollow): none is drawn
      data: density ? [] : Array.from({ length: k }, (_, c) => ({ x: plane.means[2 * c], y: plane.means[2 * c + 1], s: -1 - c })),
      backgroundColor: theme.foreground,
      borderColor: Array.from({ length: k }, (_, c) => clusterColour(c)),
      borderWidth: 3,
      pointStyle: 'crossRot',
      pointRadius: 9,
      pointHoverRadius: 11,
    });
    const shapes = showEllipses && !density ? clusterEllipseShapes(plane, k, SIGMA_STYLES, 96) : [];
    // With `parsing: false` chart.js takes the data as sorted by x and reads the x range off the
    // first and last points only; the true bounds are given as suggestions instead.
    const bounds = extentOf(plane.points, plane.means);
    this.shapes = shapes;
    this.chart?.destroy();
    this.chart = new Chart<'scatter', DrawnPoint[]>(this.canvas, {
      type: 'scatter',
      data: { datasets },
      options: {
        ...chartBase(theme),
        scales: {
          x: { type: 'linear', ...bounds.x, ...titledAxis(theme, plane.xLabel) },
          y: { type: 'linear', ...bounds.y, ...titledAxis(theme, plane.yLabel) },
        },
        plugins: {
          legend: {
            position: 'bottom',
            labels: {
              color: theme.foreground, usePointStyle: true,
              // One entry per cluster (its first dataset) and the means; not the selection ring.
              // A cluster's entry shows its colour at full strength, whatever dataset (certainty level) stands for it.
              generateLabels: chart => Chart.defaults.plugins.legend.labels.generateLabels(chart).map(item => {
                const index = item.datasetIndex ?? -1;
                if (index < 0 || index >= this.clusterOfDataset.length) { return item; }
                const colour = this.clusterOfDataset[index] === NOISE ? NOISE_COLOUR : clusterColour(this.clusterOfDataset[index]);
                return { ...item, fillStyle: colour, strokeStyle: colour };
              }),
              // Datasets run by certainty level, so the legend is put back in cluster order.
              sort: (a, b) => this.legendRank(a.datasetIndex) - this.legendRank(b.datasetIndex),
              filter: (item, data) => item.text !== 'Selected' && (item.datasetIndex === undefined || data.datasets[item.datasetIndex].data.length > 0) && (item.datasetIndex === undefined || item.datasetIndex >= nPointDatasets
                || this.clusterOfDataset.indexOf(this.clusterOfDataset[item.datasetIndex]) === item.datasetIndex),
            },
            onClick: (_event, item, legend) => {
              const index = item.datasetIndex ?? -1;
              const chart = legend.chart;
              const targets = index < nPointDatasets
                ? this.clusterOfDataset.flatMap((c, i) => (c === this.clusterOfDataset[index] ? [i] : []))
                : [index];
              const hide = chart.isDatasetVisible(index);
              for (const i of targets) { chart.setDatasetVisibility(i, !hide); }
              chart.update('none');
            },
          },
          tooltip: {
            // The selection ring sits on its point: the point alone speaks for the row.
            filter: item => item.datasetIndex !== ringIndex,
            callbacks: { label: item => describePoint(fit, item) },
          },
          clusterEllipses: { shapes },
          densityContours: contourOptions(pictures.contours && !density ? planeMixture(fit, plane) : null, theme.foreground),
          kmeansRegions: regionOptions(fit, plane, pictures.regions),
        },
      },
    });
    this.fit = fit;
    this.plane = plane;
    this.home = { x: { min: this.chart.scales.x.min, max: this.chart.scales.x.max }, y: { min: this.chart.scales.y.min, max: this.chart.scales.y.max } };
    this.canvas.dataset.pointCount = String(m);
    this.canvas.dataset.ellipseCount = String(shapes.length);
    this.canvas.dataset.selectedCount = String(datasets[datasets.length - 2].data.length);
  }

  private legendRank(datasetIndex: number | undefined): number {
    const i = datasetIndex ?? Infinity;
    return i < this.clusterOfDataset.length ? this.clusterOfDataset[i] : this.clusterOfDataset.length + i;
  }

  /** Ring markers of the selected rows that are drawn (a large file shows a sample). */
  private ringData(rows: readonly number[], fit: FitSnapshot, plane: Plane): DrawnPoint[] {
    if (this.fit !== fit) { this.sampleOfRow = new Map(Array.from(fit.sample.rowIndex, (row, s) => [row, s])); }
    return rows.flatMap(row => {
      const s = this.sampleOfRow.get(row);
      return s === undefined ? [] : [{ x: plane.points[2 * s], y: plane.points[2 * s + 1], s }];
    });
  }

  /** Rings the selected rows' points. */
  showSelection(rows: readonly number[]): void {
    this.selected = rows;
    const { chart, plane, fit } = this;
    if (!chart || !plane || !fit) { return; }
    const ring = chart.data.datasets[chart.data.datasets.length - 2];
    ring.data = this.ringData(rows, fit, plane);
    chart.update('none');
    this.canvas.dataset.selectedCount = String(ring.data.length);
  }

  private pick(event: MouseEvent): void {
    const chart = this.chart;
    const fit = this.fit;
    if (!chart || !fit) { return; }
    const hits = chart.getElementsAtEventForMode(event, 'nearest', { intersect: true }, false);
    const hit = hits.find(h => h.datasetIndex < this.clusterOfDataset.length);
    if (!hit) { return; }
    const point = chart.data.datasets[hit.datasetIndex].data[hit.index];
    this.callbacks.select([fit.sample.rowIndex[point.s]], event.shiftKey || event.ctrlKey || event.metaKey);
  }

  /**
   * What is on the canvas, in pixels and in data units: read by the webview tests (through
   * main.ts's test hook) to check colours and ellipse geometry against the model.
   */
  inspect(): ScatterInspection | undefined {
    const chart = this.chart;
    if (!chart) { return undefined; }
    const x = chart.scales.x;
    const y = chart.scales.y;
    const points: ScatterInspection['points'] = [];
    this.clusterOfDataset.forEach((cluster, i) => {
      const dataset = chart.data.datasets[i];
      const fill = dataset.backgroundColor as string;
      const radius = dataset.pointRadius as number | number[] | undefined;
      dataset.data.forEach((p, i) => {
        points.push({ sample: p.s, cluster, px: x.getPixelForValue(p.x), py: y.getPixelForValue(p.y), fill, radius: Array.isArray(radius) ? radius[i] : Number(radius) });
      });
    });
    const shapes = this.shapes.map(shape => ({
      colour: shape.colour,
      pixels: Array.from({ length: shape.points.length / 2 }, (_, i) =>
        [x.getPixelForValue(shape.points[2 * i]), y.getPixelForValue(shape.points[2 * i + 1])] as [number, number]),
    }));
    const ring = chart.data.datasets[chart.data.datasets.length - 2];
    return {
      points, shapes, selectedSamples: ring.data.map(p => p.s),
      textColour: String(chart.options.scales?.x?.title?.color ?? ''),
      legend: (chart.legend?.legendItems ?? []).map(item => item.text),
      tooltip: chart.tooltip && chart.tooltip.getActiveElements().length > 0 ? chart.tooltip.body.flatMap(b => b.lines) : [],
      xRange: [x.min, x.max], yRange: [y.min, y.max],
      area: { left: chart.chartArea.left, right: chart.chartArea.right, top: chart.chartArea.top, bottom: chart.chartArea.bottom },
    };
  }

  destroy(): void {
    this.chart?.destroy();
    this.chart = undefined;
  }
}

/** Cluster of the noise dataset (DBSCAN, HDBSCAN's label −1), drawn in NOISE_COLOUR. */
const NOISE = -1;
export const NOISE_COLOUR = '#8C8C8C';

/** Whether a fit is spectral, DBSCAN or HDBSCAN: no Gaussians, certainty is a membership strength in [0, 1]. */
export function isDensityFit(fit: Pick<FitSnapshot, 'algorithm'>): boolean {
  return fit.algorithm === 'spectral' || fit.algorithm === 'dbscan' || fit.algorithm === 'hdbscan';
}

/** A membership strength's opacity level: 0 → faintest, 1 → full (no 1/k floor: a strength is not a probability over k). */
function strengthLevel(strength: number): number {
  return Math.round(Math.max(0, Math.min(1, strength)) * (CERTAINTY_LEVELS - 1));
}

/** Bounds of the points and means on each axis, as chart.js suggestions (so ticks stay round). */
function extentOf(points: Float64Array, means: Float64Array): { x: { suggestedMin: number; suggestedMax: number }; y: { suggestedMin: number; suggestedMax: number } } {
  const min = [Infinity, Infinity];
  const max = [-Infinity, -Infinity];
  for (const values of [points, means]) {
    for (let i = 0; i < values.length; i++) {
      const a = i & 1;
      if (values[i] < min[a]) { min[a] = values[i]; }
      if (values[i] > max[a]) { max[a] = values[i]; }
    }
  }
  return { x: { suggestedMin: min[0], suggestedMax: max[0] }, y: { suggestedMin: min[1], suggestedMax: max[1] } };
}

function describePoint(fit: FitSnapshot, item: TooltipItem<'scatter'>): string[] {
  const point = item.raw as DrawnPoint;
  if (point.s < 0) { return [`${fit.algorithm === 'gmm' ? 'Mean' : 'Centroid'} of cluster ${-point.s}`]; }
  const d = fit.columns.length;
  const label = fit.sample.labels[point.s];
  const lines = [label < 0 ? `Row ${fit.sample.rowIndex[point.s] + 1} · noise (in no cluster)`
    : `Row ${fit.sample.rowIndex[point.s] + 1} · cluster ${label + 1} · ${isDensityFit(fit) ? 'membership' : 'certainty'} ${formatPercent(fit.sample.certainty[point.s])}`];
  const k = fit.nComponents;
  if (fit.algorithm === 'gmm') {
    const p = Array.from({ length: k }, (_, c) => `${c + 1}: ${formatPercent(fit.sample.probabilities[point.s * k + c])}`);
    lines.push(`p(cluster) ${p.join('  ')}`);
  }
  const shown = Math.min(d, 6);
  for (let j = 0; j < shown; j++) {
    const imputed = fit.sample.imputed?.[point.s * d + j] === 1;
    lines.push(`${fit.columns[j]}: ${fit.sample.values[point.s * d + j]}${imputed ? ' (missing: conditional expectation)' : ''}`);
  }
  if (d > shown) { lines.push(`… ${d - shown} more columns`); }
  return lines;
}

/**
 * Wheel zooms about the cursor, drag pans, double-click (or 0) resets; with the plot focused,
 * + and − zoom and the arrow keys pan. The ellipse plugin maps its outlines through the scales,
 * so they stay exact at any zoom.
 */
function attachZoomPan(canvas: HTMLCanvasElement, chartOf: () => Chart<'scatter', DrawnPoint[]> | undefined, homeOf: () => { x: Range; y: Range } | undefined): void {
  const apply = (x: Range, y: Range) => {
    const chart = chartOf();
    if (!chart) { return; }
    Object.assign(chart.options.scales!.x!, x);
    Object.assign(chart.options.scales!.y!, y);
    chart.update('none');
  };
  const ranges = () => {
    const chart = chartOf()!;
    return { x: { min: chart.scales.x.min, max: chart.scales.x.max }, y: { min: chart.scales.y.min, max: chart.scales.y.max } };
  };
  canvas.addEventListener('wheel', event => {
    const chart = chartOf();
    if (!chart) { return; }
    event.preventDefault();
    const { x, y } = ranges();
    const factor = wheelFactor(event.deltaY);
    const rect = canvas.getBoundingClientRect();
    apply(zoomRange(x, chart.scales.x.getValueForPixel(event.clientX - rect.left) ?? (x.min + x.max) / 2, factor),
      zoomRange(y, chart.scales.y.getValueForPixel(event.clientY - rect.top) ?? (y.min + y.max) / 2, factor));
  }, { passive: false });
  let drag: { px: number; py: number; x: Range; y: Range } | undefined;
  canvas.addEventListener('pointerdown', event => {
    if (!chartOf() || event.button !== 0) { return; }
    drag = { px: event.clientX, py: event.clientY, ...ranges() };
  });
  canvas.addEventListener('pointermove', event => {
    const chart = chartOf();
    if (!drag || !chart || (event.buttons & 1) === 0) { return; }
    const width = chart.chartArea.right - chart.chartArea.left;
    const height = chart.chartArea.bottom - chart.chartArea.top;
    if (Math.abs(event.clientX - drag.px) + Math.abs(event.clientY - drag.py) < 4) { return; }
    canvas.setPointerCapture(event.pointerId);
    apply(panRange(drag.x, -(event.clientX - drag.px) / width), panRange(drag.y, (event.clientY - drag.py) / height));
  });
  canvas.addEventListener('pointerup', () => { drag = undefined; });
  const reset = () => { const home = homeOf(); if (home) { apply(home.x, home.y); } };
  canvas.addEventListener('dblclick', reset);
  canvas.addEventListener('keydown', event => {
    if (!chartOf()) { return; }
    const { x, y } = ranges();
    const step = 0.1;
    const actions: Record<string, () => void> = {
      '+': () => apply(zoomRange(x, (x.min + x.max) / 2, 0.8), zoomRange(y, (y.min + y.max) / 2, 0.8)),
      '=': () => apply(zoomRange(x, (x.min + x.max) / 2, 0.8), zoomRange(y, (y.min + y.max) / 2, 0.8)),
      '-': () => apply(zoomRange(x, (x.min + x.max) / 2, 1.25), zoomRange(y, (y.min + y.max) / 2, 1.25)),
      '0': reset,
      ArrowLeft: () => apply(panRange(x, -step), y),
      ArrowRight: () => apply(panRange(x, step), y),
      ArrowUp: () => apply(x, panRange(y, step)),
      ArrowDown: () => apply(x, panRange(y, -step)),
    };
    const action = actions[event.key];
    if (action) { event.preventDefault(); action(); }
  });
}
