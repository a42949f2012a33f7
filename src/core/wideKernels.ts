// Full- and tied-covariance EM on wide data (d ≥ WIDE_MIN_D): the E-step's y = (x − μ) P for all
// rows of a block and the weighted scatter Σ r (x − μ)(x − μ)ᵀ, as register-tiled products. Each
// 4 × 4 tile of sums stays in registers while the inner dimension streams through the cache,
// instead of one row (and one d × d factor) at a time. The tiles run in WebAssembly with 128-bit
// SIMD (two doubles per instruction) where the host allows it, else in the same order in
// JavaScript. The plain module and the JavaScript tiles do exactly the arithmetic of the generic
// loops of gmmKernels.ts, in the same order (the padding adds exact zeros): the same bits. Where
// the engine has relaxed SIMD and the CPU a fused multiply-add, the fused module takes each
// multiply-add in one rounding: the same order, results within rounding of those bits, a third
// more arithmetic per cycle (the E-step and the scatter are nearly all of an iteration at d = 500).
// Every thread of a fit takes the same module (the pool tells its helpers which), so a fit's bits
// do not depend on the number of threads. Which module runs here: wideBackends.ts.

import { FLUSH_LOG_RATIO, type ComponentParameters, type SufficientStats } from './emShapes';
import { kernels, wideSettings } from './wideBackends';
import type { TileKernels } from './wideTiles';
import { largestMagnitude, ownerOf, packFactor, packRows } from './wideTilePacking';

/** From this many features (past the unrolled kernels of d ≤ 8) the tiles beat the generic loops: 2× at d = 9, 16× at d = 32 (WebAssembly). */
export const WIDE_MIN_D = 9;

/** Full and tied models of WIDE_MIN_D features or more take the tiled kernels. */
export function usesWideKernels(triangular: boolean, d: number): boolean {
  return wideSettings.enabled && triangular && d >= WIDE_MIN_D;
}

// ---------------------------------------------------------------------------------------------
// The EM passes over one block of rows

/** A kernel call's working set is kept near this size, so that it stays in a core's L2 cache. */
const CALL_BYTES = 512 * 1024;

/** Rows of the blocks of EM passes (BLOCK_ROWS of gmmStats.ts): the layout is laid for at least that many. */
const LAYOUT_ROWS = 512;

/**
 * The heap's layout for a block of up to `rows` rows (a multiple of 4) and padded width dp:
 * [dp × dp: the scatter sums] [rows × dp: packed or centred rows, or their panels] [the same: weighted rows]
 * [k × rows: squared norms, per component] [k × rows: their limits] [rows × dp: the block's rows,
 * packed] [dp: a mean] [rows: the statistics' kept rows' responsibilities] [rows: their row numbers]
 * [dp: Σ r (x − μ)] [k × dp × dp: the packed factors of a pass, kept from block to block]. The
 * statistics (k = 0) write below the E-step's factors (k ≥ 1), which stay packed.
 */
function layout(dp: number, rows: number, k: number): {
  square: number; centred: number; weighted: number; norms: number; limits: number; block: number; mean: number;
  weights: number; rowIndex: number; diff: number; factors: number; end: number;
} {
  const cap = Math.max(rows, LAYOUT_ROWS);
  // the two row areas hold cap·dp numbers, or dp/4 panels of panelSize(cap)
  const area = Math.max(cap * dp, (dp >> 2) * panelSize(cap));
  const square = 0, centred = dp * dp, weighted = centred + area, norms = weighted + area, limits = norms + k * cap;
  const block = limits + k * cap, mean = block + cap * dp, weights = mean + dp, rowIndex = weights + cap, diff = rowIndex + cap;
  const factors = diff + dp;
  return { square, centred, weighted, norms, limits, block, mean, weights, rowIndex, diff, factors, end: factors + k * dp * dp };
}

const padded = (d: number): number => (d + 3) & ~3;

/**
 * Numbers per panel of four columns for up to `rows` rows: 4·rows, plus 8 so that successive
 * panels are not a multiple of 4 KB apart (at 512 rows they would be 16 KB apart, and a row's
 * writes to every panel would fall in one set of the L1 cache).
 */
const panelSize = (rows: number): number => 4 * rows + 8;

/**
 * Which factors the heap holds packed: the blocks of one pass share one ComponentParameters, so
 * they are packed once. Checked by identity and, against a caller that rewrote an array in place,
 * by every diagonal entry; anything else that writes there clears it.
 */
const packed: { heap: Float64Array | null; factors: Float64Array | null; at: number; d: number; k: number; largest: Float64Array } = {
  heap: null, factors: null, at: -1, d: 0, k: 0, largest: new Float64Array(0),
};

function packFactors(h: Float64Array, at: number, params: ComponentParameters, dp: number): void {
  const { factors, nComponents: k, nFeatures: d } = params;
  if (packed.heap === h && packed.factors === factors && packed.at === at && packed.d === d && packed.k === k) {
    let same = true;
    for (let c = 0; c < k && same; c++) {
      for (let j = 0; j < d; j++) {
        if (h[at + c * dp * dp + (j & ~3) * dp + 4 * j + (j & 3)] !== factors[c * d * d + j * d + j]) { same = false; break; }
      }
    }
    if (same) { return; }
  }
  const largest = new Float64Array(k);
  for (let c = 0; c < k; c++) { largest[c] = packFactor(h, at + c * dp * dp, factors, c * d * d, d, dp); }
  Object.assign(packed, { heap: h, factors, at, d, k, largest });
}

/** Before writing heap[0, until): forgets the packed factors if they lie there (the precision factor calls it too). */
export function overwriting(until: number): void {
  if (until > packed.at) { packed.heap = null; }
}

/**
 * A component's log density more than −FLUSH_LOG_RATIO below its row's best is flushed to 0 by the
 * row's normalisation, so its exact value is never read: the E-step stops summing its squares once
 * the partial sum proves it with this margin (in log density; every stop is then checked exactly).
 */
const STOP_MARGIN = 1;

/** Past this bound on |yⱼ| = |Σ (x − μ)ₗ Pₗⱼ| no square can overflow (d·bound² ≪ 1.8e308): only then is a partial sum taken for a lower bound of the whole. */
const NO_OVERFLOW_BOUND = 1e140;

/** Per-thread scratch of the E-step: the block's rows in order of owner, owners' slot ranges, each slot's best exact log density. */
let order = new Int32Array(0);
let ownerStart = new Int32Array(0), ownerEnd = new Int32Array(0);
let refs = new Float64Array(0);
/** Per chunk of tiles: component c's own tiles [tileFrom[c], tileTo[c]). */
let tileFrom = new Int32Array(0), tileTo = new Int32Array(0);

/**
 * resp[i·k + c] = log wₖ + log N(xᵢ | component c) for rows [start, end) and every component of a
 * full or tied model: bit for bit computeLogDensityGeneric's values. With `flushable` (the E-step,
 * which normalises the rows at once: estimateBlock), a density that the row's normalisation
 * flushes to 0 (more than 600 below the row's best) may hold an upper bound instead, also more
 * than 600 below the best: the responsibilities and log-likelihoods normalizeRows makes of the
 * row are the same bits.
 *
 * Why: with clusters apart, most of a row's k densities are far below its best, and the squares
 * of the first columns of y already prove it; the columns left cost the most (P is triangular).
 * Rows are taken in order of their owner (the largest responsibility that resp holds on entry,
 * the previous iteration's: only a guess, correctness does not depend on it), so that each
 * row tile's owners are computed in full first and give every row an exact reference; the other
 * components then run with a limit per row and a tile stops once all its rows are past theirs.
 * Every stopped row is then checked with normalizeRows' own arithmetic (v − best < −600), and a
 * tile that fails is summed in full. Off when a square could overflow (a partial sum is then no
 * bound), and for rows of NaN (the limits compare false).
 */
export function wideLogDensities(
  params: ComponentParameters, data: Float64Array, start: number, end: number, resp: Float64Array, flushable = false,
): void {
  const { nComponents: k, nFeatures: d, means, logNorm } = params;
  const rows = end - start;
  if (rows <= 0) { return; }
  const dp = padded(d), nTiles = (rows + 3) >> 2, slots = nTiles * 4;
  const lay = layout(dp, slots, k);
  const cap = Math.max(slots, LAYOUT_ROWS);
  const kern = kernels();
  kern.reserve(lay.end);
  const h = kern.heap;
  packFactors(h, lay.factors, params, dp);
  sortByOwner(resp, start, rows, k);
  const xLargest = packRows(h, lay.block, data, start, order, rows, d, dp, nTiles);
  const tilesPerCall = Math.max(1, Math.floor(CALL_BYTES / (32 * dp)));
  for (let t0 = 0; t0 < nTiles; t0 += tilesPerCall) {
    const t1 = Math.min(nTiles, t0 + tilesPerCall);
    // each component's own tiles in full, centring the chunk's rows on its mean
    for (let c = 0; c < k; c++) {
      const norms = lay.norms + c * cap;
      h.fill(0, norms + t0 * 4, norms + t1 * 4);
      ownTiles(c, t0, t1);
      const a = tileFrom[c]!, b = tileTo[c]!;
      if (a >= b) { continue; }
      centerChunk(kern, lay, means, c, d, dp, a, b);
      kern.mahalanobis(lay.centred + a * 4 * dp, lay.factors + c * dp * dp, norms + a * 4, b - a, dp);
    }
    // each slot's best exact log density so far: its tile's owners'
    for (let i = t0 * 4; i < t1 * 4; i++) {
      let best = -Infinity;
      for (let c = 0; c < k; c++) {
        if ((i >> 2) >= tileFrom[c]! && (i >> 2) < tileTo[c]!) {
          const v = logNorm[c]! - 0.5 * h[lay.norms + c * cap + i]!;
          if (v > best || Number.isNaN(v)) { best = v; }
        }
      }
      refs[i] = best;
    }
    // the other components, each tile until its rows are proved flushed
    for (let c = 0; c < k; c++) {
      const a = Math.min(tileFrom[c]!, t1), b = Math.max(tileTo[c]!, t0);
      if (a === t0 && b === t1) { continue; }
      let muLargest = 0;
      for (let l = 0; l < d; l++) { muLargest = largestMagnitude(muLargest, means[c * d + l]!); }
      const bound = (xLargest + muLargest) * packed.largest[c]! * d;
      const stops = flushable && bound < NO_OVERFLOW_BOUND;
      const norms = lay.norms + c * cap, limits = lay.limits + c * cap, norm = logNorm[c]!;
      for (let i = t0 * 4; i < t1 * 4; i++) {
        // stop once norm − ½·sum < best − 600 − margin; the padding slots never hold a tile back
        h[limits + i] = i >= rows ? -Infinity : stops ? 2 * (norm - refs[i]! - FLUSH_LOG_RATIO + STOP_MARGIN) : Infinity;
      }
      for (const [from, to] of [[t0, Math.min(a, t1)], [Math.max(b, t0), t1]] as const) {
        if (from >= to) { continue; }
        centerChunk(kern, lay, means, c, d, dp, from, to);
        kern.mahalanobisBounded(lay.centred + from * 4 * dp, lay.factors + c * dp * dp, norms + from * 4, limits + from * 4, to - from, dp);
        for (let t = from; t < to; t++) {
          if (isFlushProved(h, norms, limits, t, rows, norm)) { continue; }
          // not every row proved (rounding at the margin, or a tile that ran to its end): the sums in full
          h.fill(0, norms + t * 4, norms + t * 4 + 4);
          kern.mahalanobis(lay.centred + t * 4 * dp, lay.factors + c * dp * dp, norms + t * 4, 1, dp);
        }
      }
    }
  }
  for (let i = 0; i < rows; i++) {
    const o = (start + order[i]!) * k;
    for (let c = 0; c < k; c++) { resp[o + c] = logNorm[c]! - 0.5 * h[lay.norms + c * cap + i]!; }
  }
}

/**
 * Whether tile t's sums may stand: a tile with a row within its limit never stopped (exact sums);
 * one whose rows are all past their limits may have stopped, and stands only if normalizeRows
 * will flush every real row, checked in its own arithmetic: (norm − ½·sum) − best < −600 (the
 * true density is lower still, and the row's max is at least best).
 */
function isFlushProved(h: Float64Array, norms: number, limits: number, t: number, rows: number, norm: number): boolean {
  let stopped = true;
  for (let r = 0; r < 4; r++) {
    const i = t * 4 + r;
    if (!(h[norms + i]! > h[limits + i]!)) { stopped = false; break; }
  }
  if (!stopped) { return true; }
  for (let r = 0; r < 4; r++) {
    const i = t * 4 + r;
    if (i >= rows) { break; }
    if (!((norm - 0.5 * h[norms + i]!) - refs[i]! < FLUSH_LOG_RATIO)) { return false; }
  }
  return true;
}

/** [tileFrom[c], tileTo[c]) = the tiles of [t0, t1) holding rows that component c owns (empty: t1, t1). */
function ownTiles(c: number, t0: number, t1: number): void {
  const s = ownerStart[c]!, e = ownerEnd[c]!;
  const a = Math.max(t0, s >> 2), b = Math.min(t1, (e + 3) >> 2);
  tileFrom[c] = s < e && a < b ? a : t1;
  tileTo[c] = s < e && a < b ? b : t1;
}

/** z = x − μ_c for row tiles [a, b) of the packed block. */
function centerChunk(kern: TileKernels, lay: ReturnType<typeof layout>, means: Float64Array, c: number, d: number, dp: number, a: number, b: number): void {
  const h = kern.heap;
  for (let l = 0; l < d; l++) { h[lay.mean + l] = means[c * d + l]!; }
  h.fill(0, lay.mean + d, lay.mean + dp);
  kern.center(lay.block + a * 4 * dp, lay.mean, lay.centred + a * 4 * dp, b - a, dp);
}

/**
 * order[0, rows): the block's rows (0-based) sorted by owner (a stable counting sort); owner = the
 * first largest of the row's k entries of resp on entry; component c's rows are slots
 * [ownerStart[c], ownerEnd[c]).
 */
function sortByOwner(resp: Float64Array, start: number, rows: number, k: number): void {
  const slots = ((rows + 3) >> 2) * 4;
  if (order.length < slots) { order = new Int32Array(slots); refs = new Float64Array(slots); }
  if (ownerStart.length < k) { ownerStart = new Int32Array(k); ownerEnd = new Int32Array(k); tileFrom = new Int32Array(k); tileTo = new Int32Array(k); }
  const counts = ownerEnd;
  counts.fill(0, 0, k);
  for (let i = 0; i < rows; i++) { counts[ownerOf(resp, (start + i) * k, k)]!++; }
  let at = 0;
  for (let c = 0; c < k; c++) { ownerStart[c] = at; at += counts[c]!; counts[c] = ownerStart[c]!; }
  for (let i = 0; i < rows; i++) { order[counts[ownerOf(resp, (start + i) * k, k)]!++] = i; }
}

/**
 * Adds rows [start, end)'s Σr, Σr(x − μ), Σr(x − μ)(x − μ)ᵀ (lower triangle) to full or tied
 * statistics, one component at a time: bit for bit accumulateComponentStatsGeneric's sums. Rows
 * whose responsibility is exactly 0 are left out (they add nothing), which is most rows of most
 * components when clusters are apart. The block's rows are copied into the heap once; each
 * component's kept rows are then centred, weighted and laid out for the scatter by the kernels
 * (weigh), not by a JavaScript loop over every number. overwriteSquares: the triangles are written
 * rather than added to (a unit's first block, see emUnit); what lies above them is left as it is.
 * derivedComponent: its Σr and Σr(x − μ) only (its triangle is derived by the caller: derivedSquares.ts).
 */
export function wideBlockStats(
  stats: SufficientStats, data: Float64Array, start: number, end: number, resp: Float64Array, overwriteSquares = false, derivedComponent = -1,
): void {
  const { nComponents: k, nFeatures: d, shift, sumResp, sumDiff, sumSquares } = stats;
  const rows = end - start;
  if (rows <= 0) { return; }
  const dp = padded(d);
  const lay = layout(dp, ((rows + 3) >> 2) * 4, 0);
  const kern = kernels();
  kern.reserve(lay.end);
  overwriting(lay.factors);
  const h = kern.heap;
  const rowsPerCall = Math.min(Math.max(((rows + 3) >> 2) * 4, LAYOUT_ROWS), Math.max(4, Math.floor(CALL_BYTES / (16 * dp))));
  // a call's rows packed in panels of four columns: column j of its row m at (j >> 2)·panel + 4m + (j & 3)
  const panel = panelSize(rowsPerCall);
  // the block's rows, dp numbers a row (zero padding)
  if (dp === d) {
    h.set(data.subarray(start * d, end * d), lay.block);
  } else {
    for (let i = 0; i < rows; i++) {
      h.set(data.subarray((start + i) * d, (start + i + 1) * d), lay.block + i * dp);
      h.fill(0, lay.block + i * dp + d, lay.block + (i + 1) * dp);
    }
  }
  h.fill(0, lay.mean + d, lay.mean + dp);
  for (let c = 0; c < k; c++) {
    const mu = c * d;
    let rSum = 0, m = 0;
    for (let i = start; i < end; i++) {
      const r = resp[i * k + c]!;
      if (r === 0) { continue; }
      rSum += r;
      h[lay.weights + m] = r;
      h[lay.rowIndex + m] = i - start;
      m++;
    }
    for (let j = 0; j < d; j++) { h[lay.mean + j] = shift[mu + j]!; }
    h.fill(0, lay.diff, lay.diff + dp);
    const sq = c * d * d, sums = c !== derivedComponent && m > 0;
    // the tiles on and below the diagonal start from zero, then take the rows in order
    if (sums) { for (let j = 0; j < dp; j++) { h.fill(0, lay.square + j * dp, lay.square + j * dp + (j | 3) + 1); } }
    // a call's rows are weighed, then scattered while their panels are still in the core's cache
    for (let i0 = 0; i0 < m; i0 += rowsPerCall) {
      const callRows = Math.min(rowsPerCall, m - i0);
      kern.weigh(lay.block, lay.mean, lay.weights + i0, lay.rowIndex + i0, lay.centred, lay.weighted, lay.diff, callRows, dp, panel);
      if (sums) { kern.scatter(lay.weighted, lay.centred, lay.square, callRows, dp, panel); }
    }
    sumResp[c]! += rSum;
    for (let j = 0; j < d; j++) { sumDiff[mu + j]! += h[lay.diff + j]!; }
    if (!sums) {
      if (overwriteSquares && c !== derivedComponent) { for (let j = 0; j < d; j++) { sumSquares.fill(0, sq + j * d, sq + j * d + j + 1); } }
      continue;
    }
    for (let j = 0; j < d; j++) {
      const from = lay.square + j * dp, to = sq + j * d;
      // written: the tiles' sums start from +0, so they are never −0 and 0 + s would be s
      if (overwriteSquares) { sumSquares.set(h.subarray(from, from + j + 1), to); continue; }
      for (let l = 0; l <= j; l++) { sumSquares[to + l]! += h[from + l]!; }
    }
  }
}
