/**
 * The pairs plot (a scatterplot matrix, as mclust's clPairs draws a classification): every pair of
 * fitted columns as a small panel of the drawn rows coloured by cluster, with each Gaussian's
 * 1σ and 2σ outline on that pair (the marginal covariance, core/ellipse.ts), column names on the
 * diagonal. Drawn straight onto one canvas: dozens of small chart.js charts would not fit the
 * 500 ms budget of a first draw at 1,000,000 rows.
 */
import { covarianceEllipse, ellipsePoints, marginalCovariance } from '../src/core/ellipse';
import type { FitSnapshot } from '../src/shared/protocol';
import { formatNumber } from './format';
import { clusterColour, withAlpha } from './palette';
import { NOISE_COLOUR } from './scatterChart';
import { readTheme } from './theme';

/** More columns make panels too small to read: the first MAX_PAIRS_COLUMNS are drawn, and the view says so. */
export const MAX_PAIRS_COLUMNS = 8;
/** Points per panel: the sample thinned evenly (it is stratified by cluster already), so 56 panels draw quickly. */
export const MAX_PAIRS_POINTS = 3000;
/** Points over all panels, at most: 56 panels (8 columns) get about 1,070 each, 12 panels (4 columns) 3,000. */
const MAX_PAIRS_MARKS = 60_000;

/** Rows drawn per panel for a matrix of n columns. */
export function pointsPerPanel(n: number): number {
  return Math.min(MAX_PAIRS_POINTS, Math.floor(MAX_PAIRS_MARKS / Math.max(1, n * (n - 1))));
}
const GAP = 6;
const ELLIPSE_STYLES = [{ nSigma: 1, lineWidth: 1.5, dash: [] as number[], alpha: 0.95 }, { nSigma: 2, lineWidth: 1, dash: [4, 3], alpha: 0.65 }];

export interface PairsPanel {
  /** Row (y column) and column (x column) of the matrix, as indices into the fit's columns. */
  xColumn: number;
  yColumn: number;
  left: number;
  top: number;
  size: number;
}

export interface PairsLayout {
  /** Fit columns drawn, in order. */
  columns: number[];
  /** Panel side, px (CSS). */
  size: number;
  width: number;
  /** Per drawn column: the data range its panels show. */
  ranges: [number, number][];
  panels: PairsPanel[];
}

/** Panels of an n × n matrix filling `width` px, with each column's range from the drawn values and means. */
export function layoutPairs(fit: FitSnapshot, width: number): PairsLayout {
  const d = fit.columns.length;
  const columns = Array.from({ length: Math.min(d, MAX_PAIRS_COLUMNS) }, (_, j) => j);
  const n = columns.length;
  const size = Math.max(20, Math.floor((width - GAP * (n - 1)) / n));
  const ranges = columns.map(j => columnRange(fit, j));
  const panels: PairsPanel[] = [];
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      panels.push({ xColumn: columns[c], yColumn: columns[r], left: c * (size + GAP), top: r * (size + GAP), size });
    }
  }
  return { columns, size, width: n * size + (n - 1) * GAP, ranges, panels };
}

function columnRange(fit: FitSnapshot, j: number): [number, number] {
  const d = fit.columns.length;
  let min = Infinity;
  let max = -Infinity;
  for (let s = 0; s < fit.sample.labels.length; s++) {
    const v = fit.sample.values[s * d + j];
    if (v < min) { min = v; }
    if (v > max) { max = v; }
  }
  for (let c = 0; c < fit.nComponents; c++) {
    const v = fit.means[c * d + j];
    if (v < min) { min = v; }
    if (v > max) { max = v; }
  }
  if (!(max > min)) { return [min - 0.5, max + 0.5]; }
  const pad = 0.04 * (max - min);
  return [min - pad, max + pad];
}

/** Data → pixel in a panel: x left to right, y bottom to top. */
export function panelPixel(layout: PairsLayout, panel: PairsPanel, x: number, y: number): [number, number] {
  const [x0, x1] = layout.ranges[layout.columns.indexOf(panel.xColumn)];
  const [y0, y1] = layout.ranges[layout.columns.indexOf(panel.yColumn)];
  return [panel.left + ((x - x0) / (x1 - x0)) * panel.size, panel.top + panel.size - ((y - y0) / (y1 - y0)) * panel.size];
}

/** The panel under a point of the canvas (CSS px), if any. */
export function panelAt(layout: PairsLayout, px: number, py: number): PairsPanel | undefined {
  return layout.panels.find(p => px >= p.left && px <= p.left + p.size && py >= p.top && py <= p.top + p.size);
}

/** The outlines drawn, per off-diagonal panel and cluster, in data units (for the tests' geometry checks). */
export interface PairsEllipse { panel: number; cluster: number; nSigma: number; points: Float64Array }

/** Draws the matrix; returns the outlines drawn. `ctx` is already scaled to CSS px by `dpr`. */
export function drawPairs(ctx: CanvasRenderingContext2D, layout: PairsLayout, fit: FitSnapshot, dpr = 1): PairsEllipse[] {
  const theme = readTheme();
  const d = fit.columns.length;
  const k = fit.nComponents;
  const m = fit.sample.labels.length;
  const stride = Math.max(1, Math.ceil(m / pointsPerPanel(layout.columns.length)));
  const dot = m / stride > 1000 ? 2 : 3;
  const ellipses: PairsEllipse[] = [];
  ctx.clearRect(0, 0, layout.width, layout.width);
  drawPoints(ctx, layout, fit, stride, dot, dpr);
  layout.panels.forEach((panel, index) => {
    ctx.save();
    ctx.strokeStyle = theme.grid;
    ctx.lineWidth = 1;
    ctx.strokeRect(panel.left + 0.5, panel.top + 0.5, panel.size - 1, panel.size - 1);
    if (panel.xColumn === panel.yColumn) {
      drawDiagonal(ctx, layout, panel, fit, theme);
      ctx.restore();
      return;
    }
    ctx.beginPath();
    ctx.rect(panel.left, panel.top, panel.size, panel.size);
    ctx.clip();
    if (fit.covariances) {
      for (let c = 0; c < k; c++) {
        const mean = Float64Array.of(fit.means[c * d + panel.xColumn], fit.means[c * d + panel.yColumn]);
        const cov = marginalCovariance(fit.covariances.subarray(c * d * d, (c + 1) * d * d), d, panel.xColumn, panel.yColumn);
        for (const style of ELLIPSE_STYLES) {
          const points = ellipsePoints(covarianceEllipse(mean, cov, style.nSigma), 64);
          ellipses.push({ panel: index, cluster: c, nSigma: style.nSigma, points });
          ctx.beginPath();
          for (let i = 0; i < points.length / 2; i++) {
            const [px, py] = panelPixel(layout, panel, points[2 * i], points[2 * i + 1]);
            if (i === 0) { ctx.moveTo(px, py); } else { ctx.lineTo(px, py); }
          }
          ctx.closePath();
          ctx.strokeStyle = withAlpha(clusterColour(c), style.alpha);
          ctx.lineWidth = style.lineWidth;
          ctx.setLineDash(style.dash);
          ctx.stroke();
        }
      }
    }
    ctx.restore();
  });
  return ellipses;
}

/**
 * Every panel's points, as square dots written straight into the pixels (one putImageData): tens
 * of thousands of fillRects cost hundreds of milliseconds on a software canvas, this a few. Dots
 * are blended "over" one another at POINT_ALPHA, so dense places read darker, as on the scatter.
 */
function drawPoints(ctx: CanvasRenderingContext2D, layout: PairsLayout, fit: FitSnapshot, stride: number, dot: number, dpr: number): void {
  const side = Math.round(layout.width * dpr);
  if (side <= 0) { return; }
  const image = ctx.createImageData(side, side);
  const pixels = image.data;
  const d = fit.columns.length;
  const { labels, values } = fit.sample;
  const rgb = Array.from({ length: fit.nComponents + 1 }, (_, c) => hexRgb(c === 0 ? NOISE_COLOUR : clusterColour(c - 1)));
  const size = Math.max(1, Math.round(dot * dpr));
  for (const panel of layout.panels) {
    if (panel.xColumn === panel.yColumn) { continue; }
    const [x0, x1] = layout.ranges[layout.columns.indexOf(panel.xColumn)];
    const [y0, y1] = layout.ranges[layout.columns.indexOf(panel.yColumn)];
    // The panel's data → device pixel map, worked out once.
    const ax = (panel.size * dpr) / (x1 - x0);
    const bx = panel.left * dpr - x0 * ax - size / 2;
    const ay = -(panel.size * dpr) / (y1 - y0);
    const by = (panel.top + panel.size) * dpr - y0 * ay - size / 2;
    const xMin = Math.ceil(panel.left * dpr);
    const xMax = Math.floor((panel.left + panel.size) * dpr) - 1;
    const yMin = Math.ceil(panel.top * dpr);
    const yMax = Math.floor((panel.top + panel.size) * dpr) - 1;
    for (let s = 0; s < labels.length; s += stride) {
      const [r, g, b] = rgb[labels[s] + 1];
      const px = Math.round(ax * values[s * d + panel.xColumn] + bx);
      const py = Math.round(ay * values[s * d + panel.yColumn] + by);
      for (let y = Math.max(py, yMin); y < Math.min(py + size, yMax + 1); y++) {
        for (let x = Math.max(px, xMin); x < Math.min(px + size, xMax + 1); x++) {
          const i = 4 * (y * side + x);
          // Porter–Duff "over" on straight (non-premultiplied) alpha.
          const below = pixels[i + 3] / 255;
          const alpha = POINT_ALPHA + below * (1 - POINT_ALPHA);
          const keep = (below * (1 - POINT_ALPHA)) / alpha;
          pixels[i] = r * (POINT_ALPHA / alpha) + pixels[i] * keep;
          pixels[i + 1] = g * (POINT_ALPHA / alpha) + pixels[i + 1] * keep;
          pixels[i + 2] = b * (POINT_ALPHA / alpha) + pixels[i + 2] * keep;
          pixels[i + 3] = alpha * 255;
        }
      }
    }
  }
  ctx.putImageData(image, 0, 0);
}

const POINT_ALPHA = 0.55;

function hexRgb(hex: string): [number, number, number] {
  return [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)];
}

/** The diagonal: the column's name and the range its row and column of panels show. */
function drawDiagonal(ctx: CanvasRenderingContext2D, layout: PairsLayout, panel: PairsPanel, fit: FitSnapshot, theme: ReturnType<typeof readTheme>): void {
  const [lo, hi] = layout.ranges[layout.columns.indexOf(panel.xColumn)];
  const cx = panel.left + panel.size / 2;
  const cy = panel.top + panel.size / 2;
  ctx.fillStyle = theme.foreground;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  const fontSize = Math.max(9, Math.min(theme.fontSize, panel.size / 8));
  ctx.font = `600 ${fontSize}px ${theme.fontFamily}`;
  ctx.fillText(ellipsize(ctx, fit.columns[panel.xColumn], panel.size - 8), cx, cy - fontSize * 0.4);
  ctx.fillStyle = theme.muted;
  ctx.font = `${Math.max(8, fontSize - 2)}px ${theme.fontFamily}`;
  ctx.fillText(ellipsize(ctx, `${formatNumber(lo, 3)} – ${formatNumber(hi, 3)}`, panel.size - 8), cx, cy + fontSize * 0.9);
}

/** The text cut with an ellipsis to fit `width` px. */
function ellipsize(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) { return text; }
  let cut = text;
  while (cut.length > 1 && ctx.measureText(`${cut}…`).width > width) { cut = cut.slice(0, -1); }
  return `${cut}…`;
}
