// The order in which the cell pool's threads claim the cells of a model search (modelSearchPool.ts).
// A cell's EM costs about k row passes per iteration, so a cell at k = 9 costs several times one at
// k = 2. Claimed in the result's order (each model's k = 1 … K) the last claims were the biggest
// cells (VVV at k = 8, 9), and one thread finished them while the others idled. Each model's
// largest k first (the longest-processing-time rule, Graham 1969) leaves small cells for the end,
// and a model's cells still finish together, so they can be shown model by model. Where a cell
// runs never changes its bits: the order changes when cells arrive, not what they are.

import type { MixtureModelName } from '../../core/mixtureModels/covarianceModels';

/** Indices into cells (listSearchCells' order: models × k): model by model, each model's largest k first. */
export function orderCellsForClaims(cells: readonly { model: MixtureModelName; k: number }[]): number[] {
  const models = [...new Set(cells.map(c => c.model))];
  return cells.map((_, at) => at)
    .sort((a, b) => models.indexOf(cells[a]!.model) - models.indexOf(cells[b]!.model) || cells[b]!.k - cells[a]!.k || a - b);
}
