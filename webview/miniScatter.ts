// A small multiple of the scatter plot (Compare k's and Compare methods' panels): no axes' numbers,
// no legend, no tooltip, no events; the clusters' 1σ and 2σ ellipses on the same plane as the main plot.
import type { ChartOptions } from 'chart.js';
import type { clusterEllipseShapes, SigmaStyle } from './ellipsePlugin';
import { chartBase, type ThemeColours } from './theme';

export const MINI_SIGMA_STYLES: readonly SigmaStyle[] = [
  { nSigma: 1, lineWidth: 1.5, dash: [], alpha: 0.95 },
  { nSigma: 2, lineWidth: 1, dash: [4, 3], alpha: 0.65 },
];

/** The options of one small multiple over [xRange] × [yRange], drawing `shapes` (clusterEllipseShapes with MINI_SIGMA_STYLES). */
export function miniScatterOptions(
  theme: ThemeColours, xRange: readonly [number, number], yRange: readonly [number, number], shapes: ReturnType<typeof clusterEllipseShapes>,
): ChartOptions<'scatter'> {
  const axis = (range: readonly [number, number]) => ({
    type: 'linear' as const, min: range[0], max: range[1], grid: { color: theme.grid }, ticks: { display: false }, border: { color: theme.grid },
  });
  return {
    ...chartBase(theme),
    normalized: true,
    events: [],
    layout: { padding: 2 },
    scales: { x: axis(xRange), y: axis(yRange) },
    plugins: { legend: { display: false }, tooltip: { enabled: false }, clusterEllipses: { shapes } },
  };
}
