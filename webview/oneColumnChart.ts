/**
 * One fitted column (tutorial 001's heights, tutorial 002's 1-D mixture): a histogram of the
 * column scaled as a density, each component's weighted density wₖ N(x | μₖ, σₖ²) in its
 * cluster's colour and the mixture's density over them, and the rows as a rug under the bars
 * coloured by cluster. k-means: the histogram with the centroids and the cut points between them
 * (where the nearest centroid changes). Drawn from the fit's parameters, so the EM replay, which
 * hands in each iteration's parameters, moves the curves over the same bars.
 *
 * Bars, rug and cut lines are drawn by a plugin through the chart's scales (exact pixels for the
 * tests); the curves are line datasets, so the legend names and toggles them.
 */
import {
  Chart, type ChartDataset, Legend, LinearScale, LineElement, type Plugin, PointElement, ScatterController, Tooltip,
} from 'chart.js';
import { binCount, densityHistogram, type Histogram } from '../src/core/histogram';
import { densityCurves, mixtureFromParameters } from '../src/core/mixtureDensity';
import { cutPoints } from '../src/core/voronoi';
import type { FitSnapshot } from '../src/shared/protocol';
import { formatPercent } from './format';
import { clusterColour, withAlpha } from './palette';
import { chartBase, readTheme, titledAxis } from './theme';

/** Points along x each curve is drawn through: smooth at any panel width. */
const CURVE_POINTS = 400;
/** Height of a rug tick, in pixels. */
const RUG_PX = 10;

interface Layers {
  histogram: Histogram | null;
  /** (m) values and (m) clusters of the rug (−1 noise) */
  rug: { values: Float64Array; labels: Int32Array } | null;
  cuts: Float64Array;
  /** k-means: each centroid as a solid line in its cluster's colour */
  centroids: { x: number; colour: string }[];
  barColour: string;
  lineColour: string;
}

declare module 'chart.js' {
  interface PluginOptionsByType<TType> {
    oneColumnLayers?: Layers & { _type?: TType };
  }
}

const layersPlugin: Plugin<'scatter', Layers> = {
  id: 'oneColumnLayers',
  defaults: { histogram: null, rug: null, cuts: new Float64Array(0), centroids: [], barColour: '#888888', lineColour: '#888888' },
  beforeDatasetsDraw(chart: Chart, _args, options: Layers) {
    const { ctx, chartArea, scales: { x, y } } = chart;
    const h = options.histogram;
    if (!x || !y || !h) { return; }
    ctx.save();
    ctx.beginPath();
    ctx.rect(chartArea.left, chartArea.top, chartArea.right - chartArea.left, chartArea.bottom - chartArea.top);
    ctx.clip();
    ctx.fillStyle = options.barColour;
    const base = y.getPixelForValue(0);
    for (let b = 0; b < h.density.length; b++) {
      const left = x.getPixelForValue(h.edges[b]);
      const right = x.getPixelForValue(h.edges[b + 1]);
      const top = y.getPixelForValue(h.density[b]);
      ctx.fillRect(left, top, right - left, base - top);
    }
    // the rug over the bars and under the curves and centroid markers
    if (options.rug) {
      // one path per cluster: 20,000 ticks in k strokes
      const { values, labels } = options.rug;
      const clusters = [...new Set(labels)].sort((a, b) => a - b);
      ctx.lineWidth = 1;
      for (const c of clusters) {
        ctx.strokeStyle = c < 0 ? 'rgba(140, 140, 140, 0.5)' : withAlpha(clusterColour(c), 0.6);
        ctx.beginPath();
        for (let s = 0; s < values.length; s++) {
          if (labels[s] !== c) { continue; }
          const px = Math.round(x.getPixelForValue(values[s])) + 0.5;
          ctx.moveTo(px, base);
          ctx.lineTo(px, base - RUG_PX);
        }
        ctx.stroke();
      }
    }
    ctx.lineWidth = 2;
    for (const centroid of options.centroids) {
      const px = x.getPixelForValue(centroid.x);
      ctx.strokeStyle = centroid.colour;
      ctx.beginPath();
      ctx.moveTo(px, chartArea.top);
      ctx.lineTo(px, chartArea.bottom);
      ctx.stroke();
    }
    ctx.restore();
  },
  afterDatasetsDraw(chart: Chart, _args, options: Layers) {
    const { ctx, chartArea, scales: { x, y } } = chart;
    if (!x || !y) { return; }
    ctx.save();
    ctx.beginPath();
    ctx.rect(chartArea.left, chartArea.top, chartArea.right - chartArea.left, chartArea.bottom - chartArea.top);
    ctx.clip();
    ctx.strokeStyle = options.lineColour;
    ctx.lineWidth = 1.5;
    ctx.setLineDash([5, 4]);
    for (const cut of options.cuts) {
      const px = x.getPixelForValue(cut);
      ctx.beginPath();
      ctx.moveTo(px, chartArea.top);
      ctx.lineTo(px, chartArea.bottom);
      ctx.stroke();
    }
    ctx.restore();
  },
};

Chart.register(ScatterController, LineElement, PointElement, LinearScale, Tooltip, Legend, layersPlugin);

interface XY { x: number; y: number }

export interface OneColumnInspection {
  area: { left: number; right: number; top: number; bottom: number };
  xRange: [number, number];
  yRange: [number, number];
  /** per bar, its pixel box and its data (edges and density) */
  bars: { left: number; right: number; top: number; bottom: number; x0: number; x1: number; density: number }[];
  /** per dataset: its label and its vertices in pixels */
  curves: { label: string; pixels: [number, number][] }[];
  cuts: number[];
  cutPixels: number[];
  /** k-means: each centroid's line, in pixels */
  centroidPixels: number[];
  rugCount: number;
  textColour: string;
}

/** The one-column chart drawn on each canvas, for the tests' inspection (picturesInspection.ts). */
const chartOfCanvas = new WeakMap<HTMLCanvasElement, OneColumnChart>();

export function inspectOneColumn(canvas: HTMLCanvasElement): OneColumnInspection | undefined {
  return chartOfCanvas.get(canvas)?.inspect();
}

export class OneColumnChart {
  private chart: Chart<'scatter', XY[]> | undefined;
  private layers: Layers | undefined;

  constructor(private readonly canvas: HTMLCanvasElement) {
    chartOfCanvas.set(canvas, this);
  }

  /**
   * @param fit a fit of one column; for the replay, a snapshot with that iteration's parameters
   *   (the histogram and rug are the rows', the same at every iteration)
   */
  draw(fit: FitSnapshot): void {
    const theme = readTheme();
    const k = fit.nComponents;
    const values = fit.sample.values;
    const histogram = densityHistogram(values, binCount(values.length));
    const lo = histogram.edges[0];
    const hi = histogram.edges[histogram.edges.length - 1];
    const pad = 0.05 * (hi - lo);
    const xs = Float64Array.from({ length: CURVE_POINTS }, (_, i) => lo - pad + ((hi - lo + 2 * pad) * i) / (CURVE_POINTS - 1));
    const datasets: ChartDataset<'scatter', XY[]>[] = [];
    const line = (label: string, ys: ArrayLike<number>, offset: number, colour: string, width: number): ChartDataset<'scatter', XY[]> => ({
      label, data: Array.from(xs, (x, i) => ({ x, y: ys[offset + i] })),
      showLine: true, borderColor: colour, backgroundColor: colour, borderWidth: width, pointRadius: 0, pointHoverRadius: 0,
    });
    let cuts: Float64Array = new Float64Array(0);
    if (fit.algorithm === 'gmm' && fit.covariances) {
      const { mixture, components } = densityCurves(mixtureFromParameters(fit.weights, fit.means, fit.covariances, 1), xs);
      for (let c = 0; c < k; c++) { datasets.push(line(`Cluster ${c + 1} · ${formatPercent(fit.weights[c])}`, components, c * CURVE_POINTS, clusterColour(c), 2)); }
      datasets.push(line('Mixture', mixture, 0, theme.foreground, 2.5));
    } else if (fit.algorithm === 'kmeans') {
      cuts = cutPoints(fit.means);
      for (let c = 0; c < k; c++) {
        datasets.push({
          label: `Centroid ${c + 1} · ${formatPercent(fit.weights[c])}`, data: [],
          backgroundColor: theme.foreground, borderColor: clusterColour(c), borderWidth: 3, pointStyle: 'crossRot', pointRadius: 9, pointHoverRadius: 11,
        });
      }
    }
    const yMax = Math.max(...histogram.density, ...datasets.flatMap(d => d.data.map(p => p.y)));
    this.layers = {
      histogram, cuts,
      centroids: fit.algorithm === 'kmeans' ? Array.from(fit.means, (x, c) => ({ x, colour: withAlpha(clusterColour(c), 0.8) })) : [],
      rug: { values, labels: fit.sample.labels },
      barColour: withAlpha(mutedHex(theme.muted), 0.35),
      lineColour: theme.foreground,
    };
    this.chart?.destroy();
    this.chart = new Chart<'scatter', XY[]>(this.canvas, {
      type: 'scatter',
      data: { datasets },
      options: {
        ...chartBase(theme),
        scales: {
          x: { type: 'linear', suggestedMin: lo - pad, suggestedMax: hi + pad, ...titledAxis(theme, fit.columns[0]) },
          y: { type: 'linear', min: 0, suggestedMax: 1.05 * yMax, ...titledAxis(theme, 'density') },
        },
        plugins: {
          legend: { position: 'bottom', labels: { color: theme.foreground, usePointStyle: true } },
          tooltip: { enabled: false },
          oneColumnLayers: this.layers,
        },
      },
    });
    this.canvas.dataset.barCount = String(histogram.density.length);
  }

  inspect(): OneColumnInspection | undefined {
    const chart = this.chart;
    const layers = this.layers;
    if (!chart || !layers?.histogram) { return undefined; }
    const { x, y } = chart.scales;
    const h = layers.histogram;
    return {
      area: { left: chart.chartArea.left, right: chart.chartArea.right, top: chart.chartArea.top, bottom: chart.chartArea.bottom },
      xRange: [x.min, x.max], yRange: [y.min, y.max],
      bars: Array.from(h.density, (density, b) => ({
        left: x.getPixelForValue(h.edges[b]), right: x.getPixelForValue(h.edges[b + 1]),
        top: y.getPixelForValue(density), bottom: y.getPixelForValue(0), x0: h.edges[b], x1: h.edges[b + 1], density,
      })),
      curves: chart.data.datasets.map(d => ({ label: d.label ?? '', pixels: d.data.map(p => [x.getPixelForValue(p.x), y.getPixelForValue(p.y)] as [number, number]) })),
      cuts: Array.from(layers.cuts), cutPixels: Array.from(layers.cuts, c => x.getPixelForValue(c)),
      centroidPixels: layers.centroids.map(c => x.getPixelForValue(c.x)),
      rugCount: layers.rug?.values.length ?? 0,
      textColour: String(chart.options.scales?.x?.title?.color ?? ''),
    };
  }

  destroy(): void {
    this.chart?.destroy();
    this.chart = undefined;
  }
}

/** The theme's muted text colour as #rrggbb for withAlpha (themes give #rrggbb or #rrggbbaa). */
function mutedHex(colour: string): string {
  return /^#[0-9a-f]{6}/i.test(colour) ? colour.slice(0, 7) : '#888888';
}
