/**
 * A thread of the model search's cell pool (bundled as dist/modelSearchWorker.js). For each search
 * it is sent the plan and a shared counter: it claims cells from the counter (each model's largest k first: cellOrder.ts), fits each
 * (fitSearchCell, in this thread) and posts it back; then it polishes the cells it is sent. It is
 * kept between searches (its compiled code stays warm). See modelSearchPool.ts.
 */
import { parentPort } from 'node:worker_threads';
import { fitSearchCell, listSearchCells, polishSearchCell, type ModelSearchPlan } from '../../core/mixtureModels/modelSearch';
import type { FromCellWorker, ToCellWorker } from './modelSearchPool';
import { orderCellsForClaims } from './cellOrder';
import { allowRelaxedSimd } from '../relaxedSimd';

// before any kernel compiles in this thread (the fused wide kernels: see relaxedSimd.ts)
allowRelaxedSimd();

const port = parentPort!;
const post = (message: FromCellWorker): void => { port.postMessage(message); };
let plan: ModelSearchPlan | null = null;

function fitClaimedCells(p: ModelSearchPlan, next: Int32Array): void {
  const cells = listSearchCells(p);
  const order = orderCellsForClaims(cells);
  for (;;) {
    const claim = Atomics.add(next, 0, 1);
    if (claim >= order.length) { break; }
    const at = order[claim]!;
    const { model, k } = cells[at]!;
    const fitted = fitSearchCell(p, model, k);
    post({ type: 'cell', at, cell: fitted.cell, model: fitted.model ?? null });
  }
  post({ type: 'cellsDone' });
}

port.on('message', (message: ToCellWorker) => {
  try {
    if (message.type === 'search') {
      plan = message.plan;
      fitClaimedCells(plan, new Int32Array(message.counter));
    } else if (message.type === 'polish') {
      post({ type: 'polished', at: message.at, cell: polishSearchCell(plan!, message.cell, message.model) });
    } else {
      plan = null;
    }
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.stack ?? err.message : String(err) });
  }
});
