import { Chart } from 'chart.js';

/**
 * A chart as PNG bytes, on the theme's background (a chart canvas itself is transparent), with no
 * point hovered and no tooltip: a saved picture shows the data, not where the mouse happened to
 * be (the next mouse move brings the hover back).
 */
export async function canvasToPng(canvas: HTMLCanvasElement): Promise<Uint8Array> {
  const chart = Chart.getChart(canvas);
  if (chart) {
    chart.setActiveElements([]);
    chart.tooltip?.setActiveElements([], { x: 0, y: 0 });
    chart.update('none');
  }
  const copy = document.createElement('canvas');
  copy.width = canvas.width;
  copy.height = canvas.height;
  const ctx = copy.getContext('2d');
  if (!ctx) { throw new Error('canvas 2d context unavailable'); }
  ctx.fillStyle = getComputedStyle(document.body).backgroundColor || '#ffffff';
  ctx.fillRect(0, 0, copy.width, copy.height);
  ctx.drawImage(canvas, 0, 0);
  const blob = await new Promise<Blob | null>(resolve => copy.toBlob(resolve, 'image/png'));
  if (!blob) { throw new Error('the chart could not be encoded as PNG'); }
  return new Uint8Array(await blob.arrayBuffer());
}
