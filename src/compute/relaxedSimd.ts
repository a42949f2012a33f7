/**
 * Node 20's V8 (11.3) has WebAssembly relaxed SIMD, which the wide-data kernels' fused module needs
 * (src/core/wideKernels.ts), only behind a flag; V8 11.4 and later (Node 22+, VS Code's Electron,
 * browsers) have it on. Our Node entry points (fit worker, pool helpers, model-search cells, CLI)
 * call this before any kernel compiles. It turns the flag on only where the fused module does not
 * already compile, and changes nothing else: the module is then probed like anywhere else and,
 * where it does not compile or fuse, the plain module runs (the same results within rounding).
 */
import { setFlagsFromString } from 'node:v8';
import { fusedModuleCompiles } from '../core/wideBackends';

export function allowRelaxedSimd(): void {
  if (fusedModuleCompiles()) { return; }
  try {
    setFlagsFromString('--experimental-wasm-relaxed-simd');
  } catch {
    // an engine without the flag: the plain module runs
  }
}
