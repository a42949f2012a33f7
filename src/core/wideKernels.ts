// Full- and tied-covariance EM on wide data (d ≥ WIDE_MIN_D): the E-step's y = (x − μ) P for all
// rows of a block and the weighted scatter Σ r (x − μ)(x − μ)ᵀ, as register-tiled products. Each
// 4 × 4 tile of sums stays in registers while the inner dimension streams through the cache,
// instead of one row (and one d × d factor) at a time. The tiles run in WebAssembly with 128-bit
// SIMD (two doubles per instruction) where the host allows it, else in the same order in
// JavaScript. Both do exactly the arithmetic of the generic loops of gmmKernels.ts, in the same
// order (the padding adds exact zeros), so every path gives the same bits: the switch is speed only.

import type { ComponentParameters, SufficientStats } from './emShapes';
import { WIDE_KERNELS_WASM } from './kernels/wideWasm';
import { jsKernels, type TileKernels } from './wideTiles';

/** From this many features (past the unrolled kernels of d ≤ 8) the tiles beat the generic loops: 2× at d = 9, 16× at d = 32 (WebAssembly). */
export const WIDE_MIN_D = 9;

/**
 * enabled false (tests, benchmarks): wide data takes the generic loops of gmmKernels.ts and the
 * column-wise factorisation of linalg.ts. backend 'auto': WebAssembly when it compiles here, else
 * JavaScript; tests and benchmarks may pick one.
 */
export const wideSettings: { enabled: boolean; backend: 'auto' | 'wasm' | 'js' } = { enabled: true, backend: 'auto' };

/** Full and tied models of WIDE_MIN_D features or more take the tiled kernels. */
export function usesWideKernels(triangular: boolean, d: number): boolean {
  return wideSettings.enabled && triangular && d >= WIDE_MIN_D;
}

// ---------------------------------------------------------------------------------------------
// Backends

/** The WebAssembly global, typed here: src/core is compiled without the DOM's or Node's typings. */
interface WasmGlobal {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
interface WasmMemory { buffer: ArrayBuffer; grow(pages: number): number }
type WasmKernel = (a: number, b: number, c: number, n: number, dp: number) => void;

function wasmKernels(): TileKernels | null {
  const wasm = (globalThis as { WebAssembly?: WasmGlobal }).WebAssembly;
  if (wasm === undefined) { return null; }
  let exports: Record<string, unknown>;
  try {
    exports = new wasm.Instance(new wasm.Module(WIDE_KERNELS_WASM), {}).exports;
  } catch {
    // no SIMD, or a content security policy without 'wasm-unsafe-eval': the JavaScript tiles
    return null;
  }
  const memory = exports['memory'] as WasmMemory;
  const mahalanobis = exports['mahalanobis'] as WasmKernel;
  const scatter = exports['scatter'] as WasmKernel;
  const dot = exports['dot'] as (a: number, b: number, n: number) => number;
  const cholesky = exports['cholesky'] as (a: number, d: number) => number;
  const invertTransposed = exports['invertTransposed'] as (l: number, t: number, d: number) => void;
  const center = exports['center'] as WasmKernel;
  const self: TileKernels = {
    heap: new Float64Array(memory.buffer),
    reserve(doubles) {
      const bytes = doubles * 8;
      if (memory.buffer.byteLength < bytes) { memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / 65536)); }
      if (self.heap.buffer !== memory.buffer) { self.heap = new Float64Array(memory.buffer); }
    },
    mahalanobis: (z, p, out, nTiles, dp) => mahalanobis(z * 8, p * 8, out * 8, nTiles, dp),
    scatter: (w, z, s, nRows, dp) => scatter(w * 8, z * 8, s * 8, nRows, dp),
    dot: (a, b, n) => dot(a * 8, b * 8, n),
    cholesky: (a, d) => cholesky(a * 8, d) === 1,
    invertTransposed: (l, t, d) => invertTransposed(l * 8, t * 8, d),
    center: (x, mu, z, nTiles, dp) => center(x * 8, mu * 8, z * 8, nTiles, dp),
  };
  return self;
}

let wasmBackend: TileKernels | null | undefined;
let jsBackend: TileKernels | undefined;

/** This thread's kernels (each thread compiles its own instance, with its own memory). */
function kernels(): TileKernels {
  if (wideSettings.backend !== 'js') {
    if (wasmBackend === undefined) { wasmBackend = wasmKernels(); }
    if (wasmBackend !== null) { return wasmBackend; }
    if (wideSettings.backend === 'wasm') { throw new Error('WebAssembly SIMD is not available here'); }
  }
  return jsBackend ??= jsKernels();
}

/** True when the kernels of this thread run in WebAssembly (for the benchmark's label). */
export function wideKernelsUseWasm(): boolean {
  return wideSettings.backend !== 'js' && (wasmBackend ??= wasmKernels()) !== null;
}

// ---------------------------------------------------------------------------------------------
// The precision factor of a wide covariance

/**
 * scikit-learn's precision Cholesky factor P = (L⁻¹)ᵀ of cov + jitter·I (cov = L Lᵀ: d × d at
 * cov[offset]) into out[outOffset] (upper triangular, zeros below), with every sum a contiguous dot
 * (the loops of choleskyLower and invertLowerTriangular in linalg.ts walk columns, which at
 * d = 500 costs more than the E-step). Returns false when cov + jitter·I is not numerically
 * positive definite (out is then unchanged).
 */
export function widePrecisionCholesky(cov: Float64Array, offset: number, d: number, jitter: number, out: Float64Array, outOffset: number): boolean {
  const kern = kernels();
  kern.reserve(2 * d * d);
  overwriting(2 * d * d);
  const h = kern.heap;
  const L = 0, T = d * d;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) { h[L + i * d + j] = cov[offset + i * d + j]! + (i === j ? jitter : 0); }
  }
  if (!kern.cholesky(L, d)) { return false; }
  kern.invertTransposed(L, T, d);
  for (let i = 0; i < d; i++) {
    const o = outOffset + i * d;
    out.fill(0, o, o + i);
    for (let j = i; j < d; j++) { out[o + j] = h[T + i * d + j]!; }
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// The EM passes over one block of rows

/** A kernel call's working set is kept near this size, so that it stays in a core's L2 cache. */
const CALL_BYTES = 512 * 1024;

/** Rows of the blocks of EM passes (BLOCK_ROWS of gmmStats.ts): the layout is laid for at least that many. */
const LAYOUT_ROWS = 512;

/**
 * The heap's layout for a block of up to `rows` rows (a multiple of 4) and padded width dp:
 * [dp × dp: the scatter sums] [rows × dp: packed or centred rows] [rows × dp: weighted rows]
 * [rows: squared norms] [rows × dp: the block's rows, packed] [dp: a mean]
 * [k × dp × dp: the packed factors of a pass, kept from block to block].
 */
function layout(dp: number, rows: number, k: number): {
  square: number; centred: number; weighted: number; norms: number; block: number; mean: number; factors: number; end: number;
} {
  const cap = Math.max(rows, LAYOUT_ROWS);
  const square = 0, centred = dp * dp, weighted = centred + cap * dp, norms = weighted + cap * dp, block = norms + cap;
  const mean = block + cap * dp, factors = mean + dp;
  return { square, centred, weighted, norms, block, mean, factors, end: factors + k * dp * dp };
}

const padded = (d: number): number => (d + 3) & ~3;

/**
 * Which factors the heap holds packed: the blocks of one pass share one ComponentParameters, so
 * they are packed once. Checked by identity and, against a caller that rewrote an array in place,
 * by every diagonal entry; anything else that writes there clears it.
 */
const packed: { heap: Float64Array | null; factors: Float64Array | null; at: number; d: number; k: number } = { heap: null, factors: null, at: -1, d: 0, k: 0 };

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
  for (let c = 0; c < k; c++) { packFactor(h, at + c * dp * dp, factors, c * d * d, d, dp); }
  Object.assign(packed, { heap: h, factors, at, d, k });
}

/** Before writing heap[0, until): forgets the packed factors if they lie there. */
function overwriting(until: number): void {
  if (until > packed.at) { packed.heap = null; }
}

/**
 * resp[i·k + c] = log wₖ + log N(xᵢ | component c) for rows [start, end) and every component of a
 * full or tied model: bit for bit computeLogDensityGeneric's values.
 */
export function wideLogDensities(params: ComponentParameters, data: Float64Array, start: number, end: number, resp: Float64Array): void {
  const { nComponents: k, nFeatures: d, means, logNorm } = params;
  const rows = end - start;
  if (rows <= 0) { return; }
  const dp = padded(d), nTiles = (rows + 3) >> 2;
  const lay = layout(dp, nTiles * 4, k);
  const kern = kernels();
  kern.reserve(lay.end);
  const h = kern.heap;
  packFactors(h, lay.factors, params, dp);
  packRows(h, lay.block, data, start, end, d, dp, nTiles);
  const tilesPerCall = Math.max(1, Math.floor(CALL_BYTES / (32 * dp)));
  for (let c = 0; c < k; c++) {
    const factor = lay.factors + c * dp * dp;
    // x − μ of the block (the padding rows too: their results are not read)
    for (let l = 0; l < d; l++) { h[lay.mean + l] = means[c * d + l]!; }
    h.fill(0, lay.mean + d, lay.mean + dp);
    kern.center(lay.block, lay.mean, lay.centred, nTiles, dp);
    h.fill(0, lay.norms, lay.norms + nTiles * 4);
    for (let t0 = 0; t0 < nTiles; t0 += tilesPerCall) {
      kern.mahalanobis(lay.centred + t0 * 4 * dp, factor, lay.norms + t0 * 4, Math.min(tilesPerCall, nTiles - t0), dp);
    }
    const norm = logNorm[c]!;
    for (let i = 0; i < rows; i++) { resp[(start + i) * k + c] = norm - 0.5 * h[lay.norms + i]!; }
  }
}

/**
 * The factor P (upper triangular, d × d at factors[offset]) packed by column tile: tile q/4, row l,
 * column q + cc at q·dp + 4l + cc, for l < q + 4; zero below the diagonal and in the padding.
 */
function packFactor(h: Float64Array, at: number, factors: Float64Array, offset: number, d: number, dp: number): void {
  for (let q = 0; q < dp; q += 4) {
    const base = at + q * dp;
    for (let l = 0; l < q + 4; l++) {
      for (let cc = 0; cc < 4; cc++) {
        const j = q + cc;
        h[base + 4 * l + cc] = l <= j && j < d ? factors[offset + l * d + j]! : 0;
      }
    }
  }
}

/** Rows [start, end) packed by row tile: row 4t + r, column l at 4t·dp + 4l + r; zero padding. */
function packRows(h: Float64Array, at: number, data: Float64Array, start: number, end: number, d: number, dp: number, nTiles: number): void {
  for (let i = 0; i < nTiles * 4; i++) {
    const base = at + (i >> 2) * 4 * dp + (i & 3);
    if (start + i < end) {
      const row = (start + i) * d;
      for (let l = 0; l < d; l++) { h[base + 4 * l] = data[row + l]!; }
      for (let l = d; l < dp; l++) { h[base + 4 * l] = 0; }
    } else {
      for (let l = 0; l < dp; l++) { h[base + 4 * l] = 0; }
    }
  }
}

/** Per-thread Σ r (x − μ) of one component over a block, reused. */
let diffSums = new Float64Array(0);

/**
 * Adds rows [start, end)'s Σr, Σr(x − μ), Σr(x − μ)(x − μ)ᵀ (lower triangle) to full or tied
 * statistics, one component at a time: bit for bit accumulateComponentStatsGeneric's sums. Rows
 * whose responsibility is exactly 0 are left out (they add nothing), which is most rows of most
 * components when clusters are apart.
 */
export function wideBlockStats(stats: SufficientStats, data: Float64Array, start: number, end: number, resp: Float64Array): void {
  const { nComponents: k, nFeatures: d, shift, sumResp, sumDiff, sumSquares } = stats;
  const rows = end - start;
  if (rows <= 0) { return; }
  const dp = padded(d);
  const lay = layout(dp, ((rows + 3) >> 2) * 4, 0);
  const kern = kernels();
  kern.reserve(lay.end);
  overwriting(lay.norms);
  const h = kern.heap;
  if (diffSums.length < d) { diffSums = new Float64Array(d); }
  const diff = diffSums;
  const rowsPerCall = Math.max(4, Math.floor(CALL_BYTES / (16 * dp)));
  for (let c = 0; c < k; c++) {
    const mu = c * d;
    diff.fill(0, 0, d);
    let rSum = 0, m = 0;
    for (let i = start; i < end; i++) {
      const r = resp[i * k + c]!;
      if (r === 0) { continue; }
      rSum += r;
      const row = i * d, zr = lay.centred + m * dp, wr = lay.weighted + m * dp;
      for (let j = 0; j < d; j++) {
        const dj = data[row + j]! - shift[mu + j]!;
        const rdj = r * dj;
        diff[j]! += rdj;
        h[zr + j] = dj;
        h[wr + j] = rdj;
      }
      h.fill(0, zr + d, zr + dp);
      h.fill(0, wr + d, wr + dp);
      m++;
    }
    sumResp[c]! += rSum;
    for (let j = 0; j < d; j++) { sumDiff[mu + j]! += diff[j]!; }
    if (m === 0) { continue; }
    // the tiles on and below the diagonal start from zero, then take the rows in order
    for (let j = 0; j < dp; j++) { h.fill(0, lay.square + j * dp, lay.square + j * dp + (j | 3) + 1); }
    for (let i0 = 0; i0 < m; i0 += rowsPerCall) {
      kern.scatter(lay.weighted + i0 * dp, lay.centred + i0 * dp, lay.square, Math.min(rowsPerCall, m - i0), dp);
    }
    const sq = c * d * d;
    for (let j = 0; j < d; j++) {
      const from = lay.square + j * dp, to = sq + j * d;
      for (let l = 0; l <= j; l++) { sumSquares[to + l]! += h[from + l]!; }
    }
  }
}
