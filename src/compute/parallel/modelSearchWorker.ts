/**
 * A thread of the model search's cell pool (bundled as dist/modelSearchWorker.js): it claims cells
 * of the plan it was started with from a shared counter, fits each (fitSearchCell, in this thread)
 * and posts it back; then polishes the cells it is sent. See modelSearchPool.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { fitSearchCell, listSearchCells, polishSearchCell, type ModelSearchPlan } from '../../core/mixtureModels/modelSearch';
import type { CellPoolData, ToCellWorker, FromCellWorker } from './modelSearchPool';

const { plan, counter } = workerData as CellPoolData;
const next = new Int32Array(counter);
const port = parentPort!;
const post = (message: FromCellWorker): void => { port.postMessage(message); };

function fitClaimedCells(p: ModelSearchPlan): void {
  const cells = listSearchCells(p);
  for (;;) {
    const at = Atomics.add(next, 0, 1);
    if (at >= cells.length) { break; }
    const { model, k } = cells[at]!;
    const fitted = fitSearchCell(p, model, k);
    post({ type: 'cell', at, cell: fitted.cell, model: fitted.model ?? null });
  }
  post({ type: 'cellsDone' });
}

port.on('message', (message: ToCellWorker) => {
  try {
    if (message.type === 'polish') {
      post({ type: 'polished', at: message.at, cell: polishSearchCell(plan, message.cell, message.model) });
    } else {
      port.close();
    }
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.stack ?? err.message : String(err) });
  }
});

try {
  fitClaimedCells(plan);
} catch (err) {
  post({ type: 'error', message: err instanceof Error ? err.stack ?? err.message : String(err) });
}
