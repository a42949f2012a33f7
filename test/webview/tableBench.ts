/**
 * Measures the probability table over 1,000,000 rows in headless Chromium (run by
 * scripts/benchTable.mjs; not a test): time to the first drawn rows, time from a re-sort to its
 * rows, and frame times over a scripted scroll (requestAnimationFrame timestamps), plus the table's
 * own work per frame (its scroll handler and the layout it causes).
 */
import { answerTableRequest } from '../../src/host/pure/tablePages';
import { parseWebviewMessage } from '../../src/shared/protocol';
import type { TableInspection } from '../../webview/tableView';
import { closeBrowser, openWebview } from './harness';
import { syntheticTable } from './syntheticTable';

const N = 1_000_000;
const SMOOTH_FRAMES = 240;
const SMOOTH_STEP_PX = 120;
const JUMP_FRAMES = 60;

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const summary = (values: number[]) =>
  `median ${quantile(values, 0.5).toFixed(1)} / p95 ${quantile(values, 0.95).toFixed(1)} / max ${Math.max(...values).toFixed(1)} ms`;

const table = syntheticTable(N);
// A refit of the same file (fitId 2): the host has no table for it yet.
const refit = syntheticTable(N, { fitId: 2 });
let current = table;
const view = await openWebview({
  width: 1200, height: 900,
  host: message => {
    const parsed = parseWebviewMessage(message);
    if (!parsed.ok) { throw new Error(parsed.error); }
    const m = parsed.message;
    return m.type === 'requestRows' || m.type === 'locateRow' ? answerTableRequest(m, current.dataset, current.fit) : undefined;
  },
});
try {
  for (const message of table.messages) { await view.send(message); }
  await view.waitForState('ready');

  // First draw: from the click on the tab to the frame after the first rows with data are in the DOM.
  const firstDraw = await view.page.evaluate(async () => {
    const t0 = performance.now();
    (document.getElementById('tab-table') as HTMLElement).click();
    const frame = () => new Promise<number>(resolve => requestAnimationFrame(resolve));
    while (performance.getEntriesByName('cluster-lens-table-first-draw').length === 0) {
      if (performance.now() - t0 > 30_000) { throw new Error('the table never drew'); }
      await frame();
    }
    await frame();
    return performance.now() - t0;
  });

  const inspect = () => view.page.evaluate(() => (window as unknown as { clusterLensTable(): TableInspection }).clusterLensTable());
  // Re-sort: the host sorts 1,000,000 rows by certainty and sends the first page.
  const t0 = Date.now();
  await view.page.locator('.ptable-th.certainty button').click();
  for (;;) {
    const t = await inspect();
    if (t.orderKey.includes('|certainty|') && t.rows.length > 0 && t.rows.every(r => r.row >= 0)) { break; }
    await new Promise(resolve => setTimeout(resolve, 5));
  }
  const resort = Date.now() - t0;
  await view.page.locator('.ptable-th.row button').click();
  await new Promise(resolve => setTimeout(resolve, 500));

  // Cold: a new fit arrives while the table shows; the host builds its table (1,000,000 rows), the
  // webview asks for and draws the first page.
  current = refit;
  const coldStart = Date.now();
  await view.send(refit.messages[1]);
  for (;;) {
    const t = await inspect();
    if (t.fitId === 2 && t.rows.length > 0 && t.rows.every(r => r.row >= 0)) { break; }
    await new Promise(resolve => setTimeout(resolve, 5));
  }
  const cold = Date.now() - coldStart;

  const scroll = await view.page.evaluate(async ({ smoothFrames, step, jumpFrames }) => {
    const scroller = document.getElementById('table-grid')!;
    const stamps: number[] = [];
    const work: number[] = [];
    let unloadedFrames = 0;
    let frame = 0;
    const maxScroll = scroller.scrollHeight - scroller.clientHeight;
    await new Promise<void>(resolve => {
      const tick = (stamp: number) => {
        stamps.push(stamp);
        if (frame >= smoothFrames + jumpFrames) { resolve(); return; }
        const start = performance.now();
        scroller.scrollTop = frame < smoothFrames
          ? scroller.scrollTop + step
          // Jumps like dragging the scrollbar: each lands on rows not fetched yet.
          : ((frame - smoothFrames + 1) / (jumpFrames + 1)) * maxScroll;
        // Run the table's scroll handler now (the browser's own scroll event then finds nothing to do)
        // and the layout it causes, so their cost is measured here.
        scroller.dispatchEvent(new Event('scroll'));
        void scroller.getBoundingClientRect().top;
        work.push(performance.now() - start);
        if (document.querySelector('#table-grid .ptable-row.loading:not([hidden])')) { unloadedFrames++; }
        frame++;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const intervals = stamps.slice(1).map((s, i) => s - stamps[i]);
    return { intervals, work, unloadedFrames };
  }, { smoothFrames: SMOOTH_FRAMES, step: SMOOTH_STEP_PX, jumpFrames: JUMP_FRAMES });

  const end = await inspect();
  const long = scroll.intervals.filter(i => i > 25).length;
  const smooth = scroll.intervals.slice(0, SMOOTH_FRAMES);
  const jumps = scroll.intervals.slice(SMOOTH_FRAMES);
  console.log(`table bench: ${N.toLocaleString('en-US')} rows in headless Chromium`);
  console.log(`  first draw            ${firstDraw.toFixed(0)} ms from opening the tab (page 0 was fetched when the fit arrived); target ≤ 500 ms`);
  console.log(`  first draw, cold      ${cold} ms from a new fit's arrival (host builds its 1,000,000-row table, round trip, draw)`);
  console.log(`  re-sort by certainty  ${resort} ms to the first rows of the new order`);
  console.log(`  scroll frames         ${summary(scroll.intervals)} over ${scroll.intervals.length} frames (${SMOOTH_FRAMES} × ${SMOOTH_STEP_PX} px, then ${JUMP_FRAMES} scrollbar jumps); ${long} frames over 25 ms`);
  console.log(`    smooth scrolling    ${summary(smooth)}; scrollbar jumps ${summary(jumps)}`);
  console.log(`  table work per frame  ${summary(scroll.work)} (target ≤ 16 ms); smooth ${summary(scroll.work.slice(0, SMOOTH_FRAMES))}`);
  console.log(`  frames drawn while a page was loading: ${scroll.unloadedFrames}; DOM rows at the end: ${end.domRows}; requests sent: ${end.requestsSent}`);
} finally {
  await view.close();
  await closeBrowser();
}
