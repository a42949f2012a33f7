// The default ChunkExecutor: every pass in the calling thread, unit by unit, each unit's partials
// merged in unit order: the canonical sums that every other executor reproduces bit for bit.

import { planUnits, seedUnits, type ChunkExecutor, type LloydSums } from './chunkExecutor';
import type { DataMatrix } from './dataMatrix';
import { emSlotSize, emUnit, mergeEmUnit, statsView } from './emUnits';
import { seedPotentialsUnit, seedStartUnit } from './kmeansPlusPlusUnits';
import {
  clearLloydSums, columnSumsUnit, inertiaUnit, lloydMoveUnit, lloydSeededUnit, lloydSlotSize, lloydUnit, mergeLloydUnit,
} from './lloydUnits';

/**
 * A Lloyd pass in this thread: unit by unit, each unit's partials added to `sums` in unit order
 * (cleared first for a full pass; a later pass adds its changes).
 */
function lloydUnitsInThread(
  X: DataMatrix, sums: LloydSums, clear: boolean, unit: (start: number, end: number, partials: Float64Array) => void,
): { inertia: number; changed: number } {
  const n = X.nSamples;
  const slot = lloydSlotSize(sums.counts.length, X.nFeatures);
  const { unitRows, nUnits } = planUnits(n, slot);
  const partials = new Float64Array(slot);
  if (clear) { clearLloydSums(sums); }
  const totals = { inertia: 0, changed: 0 };
  for (let u = 0; u < nUnits; u++) {
    const start = u * unitRows;
    unit(start, Math.min(n, start + unitRows), partials);
    mergeLloydUnit(partials, 0, totals, sums);
  }
  return totals;
}

/** Runs every pass in the calling thread, unit by unit, with the canonical sums. */
export const inThreadExecutor: ChunkExecutor = {
  nThreads: 1,
  share: X => X,
  allocateFloat64: length => new Float64Array(length),
  allocateInt32: length => new Int32Array(length),
  release: () => {},
  accumulate(params, X, resp, stats, derivedComponent = -1) {
    const { covarianceType, nComponents: k, nFeatures: d } = params;
    const n = X.nSamples;
    const slot = emSlotSize(covarianceType, k, d);
    const { unitRows, nUnits } = planUnits(n, slot);
    const partials = new Float64Array(slot);
    const unitStats = statsView(covarianceType, k, d, stats.shift, partials, 0);
    for (let u = 0; u < nUnits; u++) {
      const start = u * unitRows, end = Math.min(n, start + unitRows);
      partials[0] = emUnit(params, X.data, start, end, resp, unitStats, derivedComponent);
      mergeEmUnit(stats, partials, 0, end - start);
    }
  },
  estimate(params, X, resp) {
    const { unitRows, nUnits } = planUnits(X.nSamples, 1);
    let total = 0;
    for (let u = 0; u < nUnits; u++) {
      const start = u * unitRows;
      total += emUnit(params, X.data, start, Math.min(X.nSamples, start + unitRows), resp, null);
    }
    return total;
  },
  lloyd(X, centers, labels, distances, compareLabels, sums, bounds) {
    const k = sums.counts.length;
    return lloydUnitsInThread(X, sums, true, (start, end, partials) => lloydUnit(X.data, X.nFeatures, start, end, centers, k, labels, distances,
      compareLabels, true, partials, 0, bounds?.lower ?? null, bounds?.upper ?? null, bounds?.drift ?? -1, bounds?.tolAbs ?? 0));
  },
  assign(X, centers, labels, distances) {
    const { nSamples: n, nFeatures: d } = X;
    const k = centers.length / d;
    const { unitRows, nUnits } = planUnits(n, 2);
    const partials = new Float64Array(2);
    let inertia = 0;
    for (let u = 0; u < nUnits; u++) {
      const start = u * unitRows;
      lloydUnit(X.data, d, start, Math.min(n, start + unitRows), centers, k, labels, distances, false, false, partials, 0);
      inertia += partials[0]!;
    }
    return inertia;
  },
  inertia(X, centers, labels) {
    const { nSamples: n, nFeatures: d } = X;
    const { unitRows, nUnits } = planUnits(n, 1);
    let inertia = 0;
    for (let u = 0; u < nUnits; u++) {
      const start = u * unitRows;
      inertia += inertiaUnit(X.data, d, start, Math.min(n, start + unitRows), centers, labels);
    }
    return inertia;
  },
  columnSums(X, about) {
    const { nSamples: n, nFeatures: d } = X;
    const { unitRows, nUnits } = planUnits(n, d);
    const sums = new Float64Array(d), partials = new Float64Array(d);
    for (let u = 0; u < nUnits; u++) {
      const start = u * unitRows;
      columnSumsUnit(X.data, d, start, Math.min(n, start + unitRows), about, partials, 0);
      for (let j = 0; j < d; j++) { sums[j]! += partials[j]!; }
    }
    return sums;
  },
  lloydSeeded(X, centers, labels, distances, prune, gaps, bounds, sums) {
    const k = sums.counts.length;
    return lloydUnitsInThread(X, sums, true, (start, end, partials) => lloydSeededUnit(X.data, X.nFeatures, start, end, centers, k, labels,
      distances, prune, gaps, bounds.lower, bounds.upper, bounds.tolAbs, partials, 0));
  },
  lloydMove(X, centers, anchors, labels, bounds, drifts, others, separations, sums) {
    const k = sums.counts.length;
    return lloydUnitsInThread(X, sums, false, (start, end, partials) => lloydMoveUnit(X.data, X.nFeatures, start, end, centers, anchors, k,
      labels, bounds.upper, bounds.lower, drifts, others, separations, bounds.tolAbs, partials, 0)).changed;
  },
  seedStart(X, closest, labels, row, nCandidates) {
    const { nSamples: n, nFeatures: d } = X;
    const { unitRows, nUnits } = seedUnits(n, nCandidates);
    const sums = new Float64Array(nUnits);
    for (let u = 0; u < nUnits; u++) {
      const start = u * unitRows;
      sums[u] = seedStartUnit(X.data, d, start, Math.min(n, start + unitRows), closest, labels, row);
    }
    return sums;
  },
  seedPotentials(X, closest, labels, pendingRow, pendingLabel, candidates, prune) {
    const { nSamples: n, nFeatures: d } = X;
    const nt = candidates.length;
    const { unitRows, nUnits } = seedUnits(n, nt);
    const partials = new Float64Array(nUnits * nt);
    for (let u = 0; u < nUnits; u++) {
      const start = u * unitRows;
      seedPotentialsUnit(X.data, d, start, Math.min(n, start + unitRows), closest, labels, pendingRow, pendingLabel, candidates, prune, partials, u * nt);
    }
    return partials;
  },
};
