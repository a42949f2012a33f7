// The EM pass over one unit of rows (see chunkExecutor.ts): the E-step and the sufficient
// statistics of its rows as partial sums in one flat slot, and the merge of those slots in unit
// order. The in-thread executor and the worker threads of src/compute/parallel run the same code.

import { BLOCK_ROWS, isTriangular, type ComponentParameters, type CovarianceType, type SufficientStats } from './emShapes';
import { accumulateBlockStats, estimateBlock } from './gmmKernels';
import { primeKernels } from './kernels/dispatch';
import { usesWideKernels } from './wideKernels';

/** Numbers of one EM unit's partials: [logLikelihood, sumResp (k), sumDiff (k × d), sumSquares]. */
export function emSlotSize(covarianceType: CovarianceType, k: number, d: number): number {
  return 1 + k + k * d + (isTriangular(covarianceType) ? k * d * d : k * d);
}

/** SufficientStats whose arrays are views on partials[offset + 1 …] (partials[offset] holds the log-likelihood). */
export function statsView(covarianceType: CovarianceType, k: number, d: number, shift: Float64Array, partials: Float64Array, offset: number): SufficientStats {
  const sq = isTriangular(covarianceType) ? k * d * d : k * d;
  let o = offset + 1;
  const sumResp = partials.subarray(o, o += k);
  const sumDiff = partials.subarray(o, o += k * d);
  const sumSquares = partials.subarray(o, o + sq);
  return { covarianceType, nComponents: k, nFeatures: d, shift, sumResp, sumDiff, sumSquares, logLikelihood: 0, nSamples: 0 };
}

/**
 * EM on rows [start, end): resp written, the unit's statistics written to unitStats (whatever it
 * held before); returns Σ log-likelihood. The wide kernels write the triangles of their squares
 * with the unit's first block rather than add them to zeros (the same bits): at d = 500 a unit's
 * triangles are 8 MB, and zeroing them every pass cost more than the copy. derivedComponent: see
 * ChunkExecutor.accumulate (that component's triangle is left as it was).
 */
export function emUnit(
  params: ComponentParameters, data: Float64Array, start: number, end: number, resp: Float64Array, unitStats: SufficientStats | null,
  derivedComponent = -1,
): number {
  primeKernels(params.nFeatures);
  const overwrites = usesWideKernels(isTriangular(params.covarianceType), params.nFeatures);
  if (unitStats !== null) {
    unitStats.sumResp.fill(0);
    unitStats.sumDiff.fill(0);
    if (!overwrites) { unitStats.sumSquares.fill(0); }
  }
  let logLikelihood = 0;
  for (let blockStart = start; blockStart < end; blockStart += BLOCK_ROWS) {
    const blockEnd = Math.min(end, blockStart + BLOCK_ROWS);
    logLikelihood += estimateBlock(params, data, blockStart, blockEnd, resp, null);
    if (unitStats !== null) { accumulateBlockStats(unitStats, data, blockStart, blockEnd, resp, overwrites && blockStart === start, derivedComponent); }
  }
  return logLikelihood;
}

/**
 * stats += one unit's partials (in unit order: that is the canonical order). squares false: all
 * but the triangles of Σr(x − μ)(x − μ)ᵀ, which the caller adds with mergeEmSquareRows.
 */
export function mergeEmUnit(stats: SufficientStats, partials: Float64Array, offset: number, rows: number, squares = true): void {
  stats.logLikelihood += partials[offset]!;
  let o = offset + 1;
  o = addFrom(stats.sumResp, partials, o);
  o = addFrom(stats.sumDiff, partials, o);
  if (!squares) {
    stats.nSamples += rows;
    return;
  }
  if (isTriangular(stats.covarianceType)) {
    // the kernels fill the lower triangles only (the rest stays 0): half the adds, on the one thread that merges
    const { nComponents: k, nFeatures: d, sumSquares } = stats;
    for (let c = 0; c < k; c++) {
      for (let j = 0; j < d; j++) {
        const at = c * d * d + j * d;
        for (let l = 0; l <= j; l++) { sumSquares[at + l]! += partials[o + at + l]!; }
      }
    }
  } else {
    addFrom(stats.sumSquares, partials, o);
  }
  stats.nSamples += rows;
}

function addFrom(into: Float64Array, from: Float64Array, offset: number): number {
  for (let i = 0; i < into.length; i++) { into[i]! += from[offset + i]!; }
  return offset + into.length;
}

/**
 * The triangles' part of merging nUnits units of a full or tied pass (unit u's partials at
 * u·slot), for rows [from, to) of the k lower triangles (row c·d + j): sumSquares += each unit's,
 * in unit order, entry by entry, as mergeEmUnit adds them: the same bits however the rows are cut
 * (the pool cuts them among its threads; at d = 500 the serial merge was ~18 ms per iteration).
 * The rows of derivedComponent (a pass that left its squares out) are skipped: the caller derives them.
 */
export function mergeEmSquareRows(
  sumSquares: Float64Array, partials: Float64Array, slot: number, nUnits: number, k: number, d: number, from: number, to: number,
  derivedComponent = -1,
): void {
  const base = 1 + k + k * d;
  for (let row = from; row < to; row++) {
    if (Math.floor(row / d) === derivedComponent) { continue; }
    const at = row * d, length = (row % d) + 1, src = base + at;
    // entry by entry, the units' values added in unit order in a register: one write per entry
    for (let l = 0; l < length; l++) {
      let sum = sumSquares[at + l]!;
      for (let u = 0, o = src + l; u < nUnits; u++, o += slot) { sum += partials[o]!; }
      sumSquares[at + l] = sum;
    }
  }
}
