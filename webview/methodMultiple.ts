/**
 * The small scatter of one compared method ("Compare methods"): the shared sample of rows coloured
 * by the method's clusters, noise as small grey points under them, and for the mixture its 1 and
 * 2 σ ellipses, so the ellipses' mistake on non-round clusters is seen, not told.
 */
import { Chart, type ChartDataset, LinearScale, PointElement, ScatterController } from 'chart.js';
import { clusterEllipseShapes, ellipsePlugin } from './ellipsePlugin';
import { clusterColour, withAlpha } from './palette';
import { NOISE_COLOUR } from './scatterChart';
import { MINI_SIGMA_STYLES, miniScatterOptions } from './miniScatter';
import type { Plane } from './plane';
import { readTheme } from './theme';

Chart.register(ScatterController, PointElement, LinearScale, ellipsePlugin);


interface Dot { x: number; y: number }

export interface MethodMultipleInspection {
  /** points drawn per cluster (0…k−1), then noise */
  perCluster: number[];
  noise: number;
  ellipses: number;
}

export class MethodMultiple {
  private chart: Chart<'scatter', Dot[]> | undefined;
  private drawnInspection: MethodMultipleInspection = { perCluster: [], noise: 0, ellipses: 0 };

  constructor(private readonly canvas: HTMLCanvasElement) {}

  /** `labels` (m) the method's cluster of each sampled row, −1 noise; `plane` puts the rows (and the mixture's Gaussians) on the shared axes. */
  draw(labels: Int32Array, k: number, plane: Plane, xRange: [number, number], yRange: [number, number]): void {
    const theme = readTheme();
    const byCluster: Dot[][] = Array.from({ length: k }, () => []);
    const noise: Dot[] = [];
    for (let s = 0; s < labels.length; s++) {
      const point = { x: plane.points[2 * s]!, y: plane.points[2 * s + 1]! };
      if (labels[s]! < 0) { noise.push(point); } else { byCluster[labels[s]!]!.push(point); }
    }
    const datasets: ChartDataset<'scatter', Dot[]>[] = [
      { label: 'Noise', data: noise, backgroundColor: withAlpha(NOISE_COLOUR, 0.6), borderWidth: 0, pointRadius: 1.1, order: 2 },
      ...byCluster.map((data, c): ChartDataset<'scatter', Dot[]> => ({
        label: `Cluster ${c + 1}`, data, backgroundColor: withAlpha(clusterColour(c), 0.75), borderWidth: 0, pointRadius: 1.6, order: 1,
      })),
    ];
    const shapes = clusterEllipseShapes(plane, k, MINI_SIGMA_STYLES, 64);
    this.drawnInspection = { perCluster: byCluster.map(c => c.length), noise: noise.length, ellipses: shapes.length };
    this.chart?.destroy();
    this.chart = new Chart<'scatter', Dot[]>(this.canvas, {
      type: 'scatter',
      data: { datasets },
      options: miniScatterOptions(theme, xRange, yRange, shapes),
    });
  }

  inspect(): MethodMultipleInspection {
    return this.drawnInspection;
  }

  destroy(): void {
    this.chart?.destroy();
    this.chart = undefined;
  }
}
