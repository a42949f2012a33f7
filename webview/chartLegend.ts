// The legends of the line charts (Compare k, Find best model): what a click does, and where each entry is.
import type { Chart } from 'chart.js';

/**
 * Where each legend entry of a chart is drawn (its label and centre, canvas pixels), for the
 * webview tests that click one. Chart.js keeps the hit boxes on the legend without typing them.
 */
export function legendCentres(chart: Chart): { label: string; x: number; y: number }[] {
  const boxes = (chart.legend as unknown as { legendHitBoxes?: { left: number; top: number; width: number; height: number }[] } | undefined)?.legendHitBoxes ?? [];
  return (chart.legend?.legendItems ?? []).map((item, i) => {
    const box = boxes[i]!;
    return { label: item.text, x: box.left + box.width / 2, y: box.top + box.height / 2 };
  });
}

/**
 * A legend click that hides or shows its series and remembers the choice by label in `toggled`
 * (so a redraw with new data keeps what the user hid). `chart` is read at click time.
 */
export function toggleSeriesOnClick(chart: () => Chart | undefined, toggled: Map<string, boolean>) {
  return (_event: unknown, item: { datasetIndex?: number; text: string }): void => {
    const drawn = chart();
    if (!drawn || item.datasetIndex === undefined) { return; }
    const show = !drawn.isDatasetVisible(item.datasetIndex);
    drawn.setDatasetVisibility(item.datasetIndex, show);
    toggled.set(item.text, !show);
    drawn.update();
  };
}
