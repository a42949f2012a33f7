// The k-means++ passes over one unit of rows (ChunkExecutor.seedStart, seedPotentials), units of
// seedUnits: each unit's sums into its own slot. Straight-line kernels for small d come through
// kernels/dispatch.ts; the generic loops here do the same arithmetic in the same order.

import { primeKernels, seedPotentialsKernel, seedStartKernel } from './kernels/dispatch';
import { selectScratch, unitScratch } from './unitScratch';

/** |x_i − x_row|² exactly as the seeding kernels compute it. */
export function seedDistance(data: Float64Array, d: number, i: number, row: number): number {
  let dist = 0;
  for (let j = 0; j < d; j++) {
    const diff = data[i * d + j]! - data[row * d + j]!;
    dist += diff * diff;
  }
  return dist;
}

/** k-means++ first center on rows [start, end) (see ChunkExecutor.seedStart); returns Σ closest over them. */
export function seedStartUnit(data: Float64Array, d: number, start: number, end: number, closest: Float64Array, labels: Int32Array, row: number): number {
  primeKernels(d);
  const kernel = seedStartKernel(d);
  if (kernel !== undefined) { return kernel(data, start, end, closest, labels, row); }
  let sum = 0;
  for (let i = start; i < end; i++) {
    const dist = seedDistance(data, d, i, row);
    closest[i] = dist;
    labels[i] = 0;
    sum += dist;
  }
  return sum;
}

/**
 * Rows [start, end) of a k-means++ candidates pass (ChunkExecutor.seedPotentials): closest and
 * labels brought up to date with pendingRow, then Σ closest − Σ max(0, closest − |x − x_cand|²),
 * that is Σ min(closest, |x − x_cand|²), per candidate into out[offset + t]. Rows the prune table
 * rules out touch no data: their reductions are zeros, so the sums are the unpruned ones.
 */
export function seedPotentialsUnit(
  data: Float64Array, d: number, start: number, end: number, closest: Float64Array, labels: Int32Array, pendingRow: number,
  pendingLabel: number, candidates: Int32Array, prune: Float64Array, out: Float64Array, offset: number,
): void {
  primeKernels(d);
  const nt = candidates.length;
  const acc = unitScratch(nt);
  const kernel = seedPotentialsKernel(d);
  if (kernel !== undefined) {
    // all candidates against each row while it is in cache; per candidate the same order.
    // Sums go to this thread's scratch first: other threads write the neighbouring slots.
    const cands = candidateScratch(nt * d);
    for (let t = 0; t < nt; t++) { cands.set(data.subarray(candidates[t]! * d, candidates[t]! * d + d), t * d); }
    kernel(data, start, end, closest, labels, pendingRow, pendingLabel, prune, cands, nt, acc, 0, selectScratch);
    out.set(acc.subarray(0, nt), offset);
    return;
  }
  acc.fill(0, 0, nt);
  const stride = nt + 2;
  let total = 0;
  for (let i = start; i < end; i++) {
    let cl = closest[i]!;
    const at = labels[i]! * stride;
    if (cl < prune[at + 1]!) {
      total += cl;
      continue;
    }
    if (!(cl < prune[at]!)) {
      const dist = seedDistance(data, d, i, pendingRow);
      if (dist < cl) { cl = dist; closest[i] = dist; labels[i] = pendingLabel; }
    }
    total += cl;
    for (let t = 0; t < nt; t++) {
      const reduction = cl - seedDistance(data, d, i, candidates[t]!);
      if (reduction > 0) { acc[t]! += reduction; }
    }
  }
  for (let t = 0; t < nt; t++) { out[offset + t] = total - acc[t]!; }
}

let candidateCoordinates = new Float64Array(64);

function candidateScratch(length: number): Float64Array {
  if (candidateCoordinates.length < length) { candidateCoordinates = new Float64Array(length); }
  return candidateCoordinates;
}
