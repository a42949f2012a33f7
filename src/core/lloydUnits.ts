// The Lloyd passes over one unit of rows (see ChunkExecutor.lloyd, lloydSeeded, lloydMove,
// assign, inertia, columnSums): each unit's partials written to its slot in the layout of
// lloydSlotSize, merged in unit order by mergeLloydUnit. Straight-line kernels for small d come
// through kernels/dispatch.ts; the generic loops here do the same arithmetic in the same order.

import type { LloydSums } from './chunkExecutor';
import { addColumnSums } from './dataMatrix';
import { inertiaKernel, lloydKernel, lloydMoveKernel, lloydSeededKernel, primeKernels } from './kernels/dispatch';
import { selectScratch, unitScratch } from './unitScratch';

/** Numbers of one Lloyd unit's partials: [inertia, changed, counts (k), shifted sums (k × d), squares (k)]. */
export function lloydSlotSize(k: number, d: number): number {
  return 2 + k + k * d + k;
}

/**
 * Lloyd on rows [start, end): labels, distances; the unit's partials written (not added) to
 * partials[offset …] in the layout of lloydSlotSize. With sums false, only inertia and changed are
 * written. lower / upper / drift / tolAbs: see LloydBounds (lower null: no bounds).
 */
export function lloydUnit(
  data: Float64Array, d: number, start: number, end: number, centers: Float64Array, k: number,
  labels: Int32Array, distances: Float64Array, compareLabels: boolean, sums: boolean, partials: Float64Array, offset: number,
  lower: Float64Array | null = null, upper: Float64Array | null = null, drift = -1, tolAbs = 0,
): void {
  primeKernels(d);
  // accumulate in this thread's scratch, then copy: other threads write the neighbouring slots
  const slotSize = sums ? lloydSlotSize(k, d) : 2;
  const out = unitScratch(slotSize);
  lloydUnitInto(data, d, start, end, centers, k, labels, distances, compareLabels, sums, out, lower, upper, drift, tolAbs);
  partials.set(out.subarray(0, slotSize), offset);
}

function lloydUnitInto(
  data: Float64Array, d: number, start: number, end: number, centers: Float64Array, k: number,
  labels: Int32Array, distances: Float64Array, compareLabels: boolean, sums: boolean, partials: Float64Array,
  lower: Float64Array | null, upper: Float64Array | null, drift: number, tolAbs: number,
): void {
  const countsAt = 2, sumsAt = 2 + k, squaresAt = 2 + k + k * d;
  if (sums) { partials.fill(0, countsAt, squaresAt + k); }
  // the unrolled kernels cover the three ways runLloyd calls; anything else takes the generic loop
  const withBounds = lower !== null && upper !== null;
  const variant = sums && withBounds && !compareLabels && drift < 0 ? 'first'
    : sums && withBounds && compareLabels && drift >= 0 ? 'bounded'
      : !sums && lower === null && !compareLabels ? 'assign' : undefined;
  const kernel = variant === undefined ? undefined : lloydKernel(variant, d);
  if (kernel !== undefined) {
    kernel(data, start, end, centers, k, labels, distances, partials, lower ?? partials, upper ?? partials, drift, tolAbs);
    return;
  }
  // the generic loop of the kernels above, for any d
  const bounded = lower !== null && drift >= 0;
  let inertia = 0;
  let changed = 0;
  for (let i = start, row = start * d; i < end; i++, row += d) {
    let best = Infinity, label = 0;
    let search = true;
    if (bounded) {
      const hint = labels[i]!;
      const dist = rowDistance(data, row, centers, hint * d, d);
      const bound = lower[i]! - drift;
      if (Math.sqrt(dist) * (1 + 1e-9) + tolAbs < bound) { best = dist; label = hint; lower[i] = bound; search = false; }
    }
    if (search) {
      let second = Infinity;
      for (let c = 0; c < k; c++) {
        const dist = rowDistance(data, row, centers, c * d, d);
        if (dist < best) { second = best; best = dist; label = c; } else if (dist < second) { second = dist; }
      }
      if (lower !== null) { lower[i] = Math.sqrt(second); }
    }
    if (compareLabels && labels[i] !== label) { changed++; }
    labels[i] = label;
    distances[i] = best;
    inertia += best;
    if (sums) {
      if (upper !== null) { upper[i] = Math.sqrt(best); }
      partials[countsAt + label]! += 1;
      partials[squaresAt + label]! += best;
      const s = sumsAt + label * d, ctr = label * d;
      for (let j = 0; j < d; j++) { partials[s + j]! += data[row + j]! - centers[ctr + j]!; }
    }
  }
  partials[0] = inertia;
  partials[1] = changed;
}

/** |x − point|², x at data[row …], the point at points[at …]: the kernels' order of operations. */
function rowDistance(data: Float64Array, row: number, points: Float64Array, at: number, d: number): number {
  let dist = 0;
  for (let j = 0; j < d; j++) {
    const diff = data[row + j]! - points[at + j]!;
    dist += diff * diff;
  }
  return dist;
}

/** Adds one Lloyd unit's partials (partials[offset …]) to the running totals, in unit order. */
export function mergeLloydUnit(partials: Float64Array, offset: number, totals: { inertia: number; changed: number }, sums: LloydSums): void {
  const { counts, shiftedSums, squares } = sums;
  const k = counts.length;
  totals.inertia += partials[offset]!;
  totals.changed += partials[offset + 1]!;
  for (let c = 0; c < k; c++) { counts[c]! += partials[offset + 2 + c]!; }
  const sumsAt = offset + 2 + k;
  for (let j = 0; j < shiftedSums.length; j++) { shiftedSums[j]! += partials[sumsAt + j]!; }
  const squaresAt = sumsAt + shiftedSums.length;
  for (let c = 0; c < k; c++) { squares[c]! += partials[squaresAt + c]!; }
}

export function clearLloydSums(sums: LloydSums): void {
  sums.shiftedSums.fill(0);
  sums.counts.fill(0);
  sums.squares.fill(0);
}

/**
 * The first Lloyd pass after k-means++ on rows [start, end) (ChunkExecutor.lloydSeeded); the unit's
 * partials written to partials[offset …] in the layout of lloydSlotSize.
 */
export function lloydSeededUnit(
  data: Float64Array, d: number, start: number, end: number, centers: Float64Array, k: number, labels: Int32Array,
  distances: Float64Array, prune: Float64Array, gaps: Float64Array, lower: Float64Array, upper: Float64Array, tolAbs: number,
  partials: Float64Array, offset: number,
): void {
  primeKernels(d);
  const slotSize = lloydSlotSize(k, d);
  const out = unitScratch(slotSize);
  out.fill(0, 0, slotSize);
  const kernel = lloydSeededKernel(d);
  if (kernel !== undefined) {
    kernel(data, start, end, centers, k, labels, distances, out, lower, upper, prune, gaps, tolAbs, selectScratch);
  } else {
    const sumsAt = 2 + k, squaresAt = 2 + k + k * d, last = (k - 1) * d;
    let inertia = 0;
    for (let i = start, row = start * d; i < end; i++, row += d) {
      let best = distances[i]!, label = labels[i]!;
      if (!(best < prune[label]!)) {
        const dist = rowDistance(data, row, centers, last, d);
        if (dist < best) { best = dist; label = k - 1; labels[i] = label; distances[i] = dist; }
      }
      const root = Math.sqrt(best);
      upper[i] = root;
      lower[i] = gaps[label]! - root * (1 + 1e-9) - tolAbs;
      inertia += best;
      out[2 + label]! += 1;
      out[squaresAt + label]! += best;
      const s = sumsAt + label * d, ctr = label * d;
      for (let j = 0; j < d; j++) { out[s + j]! += data[row + j]! - centers[ctr + j]!; }
    }
    out[0] = inertia;
  }
  partials.set(out.subarray(0, slotSize), offset);
}

/**
 * A later Lloyd pass on rows [start, end) (ChunkExecutor.lloydMove): the unit's changes of counts,
 * sums and squares written to partials[offset …] in the layout of lloydSlotSize, with the number
 * of changed labels at [offset + 1].
 */
export function lloydMoveUnit(
  data: Float64Array, d: number, start: number, end: number, centers: Float64Array, anchors: Float64Array, k: number,
  labels: Int32Array, upper: Float64Array, lower: Float64Array, drifts: Float64Array, others: Float64Array, separations: Float64Array,
  tolAbs: number, partials: Float64Array, offset: number,
): void {
  primeKernels(d);
  const slotSize = lloydSlotSize(k, d);
  const out = unitScratch(slotSize);
  out.fill(0, 0, slotSize);
  const kernel = lloydMoveKernel(d);
  if (kernel !== undefined) {
    kernel(data, start, end, centers, anchors, k, labels, upper, lower, drifts, others, separations, tolAbs, out);
  } else {
    const sumsAt = 2 + k, squaresAt = 2 + k + k * d;
    let changed = 0;
    for (let i = start, row = start * d; i < end; i++, row += d) {
      const label = labels[i]!;
      const bound = lower[i]! - others[label]!;
      let reach = upper[i]! + drifts[label]!;
      if (reach * (1 + 1e-9) + tolAbs < bound) { upper[i] = reach; lower[i] = bound; continue; }
      const own = rowDistance(data, row, centers, label * d, d);
      reach = Math.sqrt(own);
      if (reach * (1 + 1e-9) + tolAbs < bound) { upper[i] = reach; lower[i] = bound; continue; }
      const limit = 2 * (reach * (1 + 1e-9) + tolAbs);
      let best = own, second = Infinity, next = label, skipped = Infinity;
      for (let c = 0; c < k; c++) {
        if (c === label) { continue; }
        const separation = separations[label * k + c]!;
        if (separation > limit) { skipped = Math.min(skipped, separation - reach); continue; }
        const dist = rowDistance(data, row, centers, c * d, d);
        if (dist < best || (dist === best && c < next)) { second = best; best = dist; next = c; } else if (dist < second) { second = dist; }
      }
      upper[i] = Math.sqrt(best);
      lower[i] = Math.min(Math.sqrt(second), skipped * (1 - 1e-9) - tolAbs);
      if (next === label) { continue; }
      changed++;
      labels[i] = next;
      out[2 + label]! -= 1;
      out[2 + next]! += 1;
      let leaving = 0, joining = 0;
      for (let j = 0; j < d; j++) {
        const a = data[row + j]! - anchors[label * d + j]!, b = data[row + j]! - anchors[next * d + j]!;
        out[sumsAt + label * d + j]! -= a;
        out[sumsAt + next * d + j]! += b;
        leaving += a * a;
        joining += b * b;
      }
      out[squaresAt + label]! -= leaving;
      out[squaresAt + next]! += joining;
    }
    out[1] = changed;
  }
  partials.set(out.subarray(0, slotSize), offset);
}

/** Σ |x − center of its label|² over rows [start, end). */
export function inertiaUnit(data: Float64Array, d: number, start: number, end: number, centers: Float64Array, labels: Int32Array): number {
  primeKernels(d);
  const kernel = inertiaKernel(d);
  if (kernel !== undefined) { return kernel(data, start, end, centers, labels); }
  let inertia = 0;
  for (let i = start, row = start * d; i < end; i++, row += d) { inertia += rowDistance(data, row, centers, labels[i]! * d, d); }
  return inertia;
}

/** Column sums over rows [start, end) written to out[offset …] (d values): Σ x, or Σ (x − about)². */
export function columnSumsUnit(
  data: Float64Array, d: number, start: number, end: number, about: Float64Array | null, out: Float64Array, offset: number,
): void {
  out.fill(0, offset, offset + d);
  addColumnSums(data, d, start, end, about, out, undefined, offset);
}
