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
