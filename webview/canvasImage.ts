/** A chart as PNG bytes, on the theme's background (a chart canvas itself is transparent). */
export async function canvasToPng(canvas: HTMLCanvasElement): Promise<Uint8Array> {
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
