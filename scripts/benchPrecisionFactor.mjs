// Times the wide precision factor (src/core/widePrecisionFactor.ts: P = (L⁻¹)ᵀ of one covariance,
// the M-step's work per component of full-covariance EM) at d = 200 and 500, in each backend of the
// wide kernels: the fused WebAssembly module, the plain one, the JavaScript tiles. Milliseconds per
// component, the median of repeated calls after a warm-up; run it under flock with nothing else busy.
// usage: node scripts/benchPrecisionFactor.mjs [--widths 200,500]
import * as path from 'node:path';
import { loadSourceModules, median } from './benchSupport.mjs';

const root = path.resolve(import.meta.dirname, '..');
const widthsAt = process.argv.indexOf('--widths');
const widths = widthsAt > 0 ? process.argv[widthsAt + 1].split(',').map(Number) : [200, 500];

const m = await loadSourceModules(path.join(root, 'bench-out'), 'precisionFactor', [
  "export { widePrecisionCholesky } from './src/core/widePrecisionFactor';",
  "export { wideSettings } from './src/core/wideBackends';",
  "export { allowRelaxedSimd } from './src/compute/relaxedSimd';",
].join('\n'));
m.allowRelaxedSimd();

/** A sample covariance of d + 20 rows of uniform noise (seeded): positive definite, not diagonal. */
function covariance(d) {
  let s = 7;
  const next = () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648 - 0.5; };
  const n = d + 20, x = Float64Array.from({ length: n * d }, next), cov = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let t = 0;
      for (let p = 0; p < n; p++) { t += x[p * d + i] * x[p * d + j]; }
      cov[i * d + j] = cov[j * d + i] = t / n;
    }
  }
  return cov;
}

for (const d of widths) {
  const cov = covariance(d), out = new Float64Array(d * d);
  const row = [`d = ${d}`];
  for (const backend of ['fused', 'wasm', 'js']) {
    m.wideSettings.backend = backend;
    const calls = Math.max(5, Math.round(2e8 / d ** 3)), times = [];
    for (let k = 0; k < 3; k++) { m.widePrecisionCholesky(cov, 0, d, 0, out, 0); }
    for (let k = 0; k < calls; k++) {
      const t = performance.now();
      if (!m.widePrecisionCholesky(cov, 0, d, 0, out, 0)) { throw new Error(`d = ${d}, ${backend}: refused`); }
      times.push(performance.now() - t);
    }
    row.push(`${backend} ${median(times).toFixed(3)} ms`);
  }
  console.log(row.join('   '));
}
