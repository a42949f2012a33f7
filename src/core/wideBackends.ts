// Which implementation of the wide kernels (wideKernels.ts, widePrecisionFactor.ts) runs in this
// thread: the fused WebAssembly module (relaxed SIMD: one rounding per multiply-add), the plain one
// (the generic loops' bits), or the JavaScript tiles (the same bits, where WebAssembly is not
// allowed). Each thread compiles its own instance, with its own memory.

import { WIDE_KERNELS_FUSED_WASM, WIDE_KERNELS_WASM } from './kernels/wideWasm';
import { jsKernels, type TileKernels } from './wideTiles';

/** The kernels' implementations: the fused WebAssembly module, the plain one, or the JavaScript tiles. */
export type WideBackend = 'fused' | 'wasm' | 'js';

/**
 * enabled false (tests, benchmarks): wide data takes the generic loops of gmmKernels.ts and the
 * column-wise factorisation of linalg.ts. backend 'auto': the fused module when this engine
 * compiles it and the CPU fuses, else the plain one when it compiles, else JavaScript; tests,
 * benchmarks and the pool's helpers (which must match the thread that leads them) name one.
 */
export const wideSettings: { enabled: boolean; backend: 'auto' | WideBackend } = { enabled: true, backend: 'auto' };

/** The WebAssembly global, typed here: src/core is compiled without the DOM's or Node's typings. */
interface WasmGlobal {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  validate(bytes: Uint8Array): boolean;
}
interface WasmMemory { buffer: ArrayBuffer; grow(pages: number): number }
type WasmKernel = (a: number, b: number, c: number, n: number, dp: number) => void;
type WasmScatter = (w: number, z: number, s: number, n: number, dp: number, panel: number) => void;

function wasmKernels(bytes: Uint8Array): TileKernels | null {
  const wasm = (globalThis as { WebAssembly?: WasmGlobal }).WebAssembly;
  if (wasm === undefined) { return null; }
  let exports: Record<string, unknown>;
  try {
    exports = new wasm.Instance(new wasm.Module(bytes), {}).exports;
  } catch {
    // no SIMD (or no relaxed SIMD), or a content security policy without 'wasm-unsafe-eval'
    return null;
  }
  const memory = exports['memory'] as WasmMemory;
  const mahalanobis = exports['mahalanobis'] as WasmKernel;
  const scatter = exports['scatter'] as WasmScatter;
  const choleskyTiles = exports['choleskyTiles'] as (a: number, l: number, rcp: number, dp: number) => number;
  const invertTiles = exports['invertTiles'] as (l: number, rcp: number, x: number, p: number, dp: number) => void;
  const center = exports['center'] as WasmKernel;
  const mahalanobisBounded = exports['mahalanobisBounded'] as (z: number, p: number, out: number, limit: number, n: number, dp: number) => void;
  const weigh = exports['weigh'] as (x: number, mu: number, r: number, idx: number, z: number, w: number, diff: number, n: number, dp: number, panel: number) => void;
  const self: TileKernels = {
    heap: new Float64Array(memory.buffer),
    reserve(doubles) {
      const bytes = doubles * 8;
      if (memory.buffer.byteLength < bytes) { memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / 65536)); }
      if (self.heap.buffer !== memory.buffer) { self.heap = new Float64Array(memory.buffer); }
    },
    mahalanobis: (z, p, out, nTiles, dp) => mahalanobis(z * 8, p * 8, out * 8, nTiles, dp),
    scatter: (w, z, s, nRows, dp, panel) => scatter(w * 8, z * 8, s * 8, nRows, dp, panel),
    choleskyTiles: (a, l, rcp, dp) => choleskyTiles(a * 8, l * 8, rcp * 8, dp) === 1,
    invertTiles: (l, rcp, x, p, dp) => invertTiles(l * 8, rcp * 8, x * 8, p * 8, dp),
    center: (x, mu, z, nTiles, dp) => center(x * 8, mu * 8, z * 8, nTiles, dp),
    mahalanobisBounded: (z, p, out, limit, nTiles, dp) => mahalanobisBounded(z * 8, p * 8, out * 8, limit * 8, nTiles, dp),
    weigh: (x, mu, r, idx, z, w, diff, nRows, dp, panel) => weigh(x * 8, mu * 8, r * 8, idx * 8, z * 8, w * 8, diff * 8, nRows, dp, panel),
  };
  if (bytes === WIDE_KERNELS_FUSED_WASM && !fusesHere(exports['fusedProbe'] as (at: number) => void, self.heap)) { return null; }
  return self;
}

/**
 * Whether the module's multiply-add is one fused operation on this engine and CPU (see fusedProbe
 * in generateWideKernels.mjs): a relaxed multiply-add may also be a multiply then an add, and then
 * the plain module is the one to take (its bits are the JavaScript tiles' and the generic loops').
 */
function fusesHere(probe: (at: number) => void, heap: Float64Array): boolean {
  heap[0] = 1 + 2 ** -27;
  heap[1] = 1 - 2 ** -27;
  heap[2] = -1;
  probe(0);
  return heap[3] === -(2 ** -54) && heap[4] === -(2 ** -54);
}

/** Whether this engine compiles the fused module (it has relaxed SIMD); whether the CPU fuses is asked when it runs. */
export function fusedModuleCompiles(): boolean {
  const wasm = (globalThis as { WebAssembly?: WasmGlobal }).WebAssembly;
  return wasm !== undefined && wasm.validate(WIDE_KERNELS_FUSED_WASM);
}

let fusedBackend: TileKernels | null | undefined;
let wasmBackend: TileKernels | null | undefined;
let jsBackend: TileKernels | undefined;

/** The backend 'auto' stands for in this thread: the first of fused, wasm, js that runs here. */
export function wideKernelBackend(): WideBackend {
  if (wideSettings.backend !== 'auto') { return wideSettings.backend; }
  if ((fusedBackend ??= wasmKernels(WIDE_KERNELS_FUSED_WASM)) !== null) { return 'fused'; }
  return (wasmBackend ??= wasmKernels(WIDE_KERNELS_WASM)) !== null ? 'wasm' : 'js';
}

/** This thread's kernels (each thread compiles its own instance, with its own memory); also the precision factor's (widePrecisionFactor.ts). */
export function kernels(): TileKernels {
  const backend = wideKernelBackend();
  if (backend === 'fused') {
    if ((fusedBackend ??= wasmKernels(WIDE_KERNELS_FUSED_WASM)) === null) { throw new Error('WebAssembly relaxed SIMD with a fused multiply-add is not available here'); }
    return fusedBackend;
  }
  if (backend === 'wasm') {
    if ((wasmBackend ??= wasmKernels(WIDE_KERNELS_WASM)) === null) { throw new Error('WebAssembly SIMD is not available here'); }
    return wasmBackend;
  }
  return jsBackend ??= jsKernels();
}
