// Independent, textbook references that several core tests check the engine against: seeded
// random matrices and the plain double-loop covariance. Written once so every test compares
// with the same reference.
import { createDataMatrix, type DataMatrix } from '../../../src/core/dataMatrix';
import { Random } from '../../../src/core/random';

/** n × d standard normal draws, scaled and offset, from a seeded generator. */
export function randomMatrix(seed: number, n: number, d: number, scale = 1, offset = 0): DataMatrix {
  const r = new Random(seed);
  const data = new Float64Array(n * d);
  for (let i = 0; i < data.length; i++) { data[i] = offset + scale * r.nextNormal(); }
  return createDataMatrix(data, n, d);
}

/** Sample covariance with denominator n − ddof, by the textbook double loop. (d × d, row-major) */
export function covarianceOf(X: DataMatrix, ddof: number): Float64Array {
  const { data, nSamples: n, nFeatures: d } = X;
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) { for (let j = 0; j < d; j++) { mean[j] += data[i * d + j] / n; } }
  const cov = new Float64Array(d * d);
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < d; b++) {
      let s = 0;
      for (let i = 0; i < n; i++) { s += (data[i * d + a] - mean[a]) * (data[i * d + b] - mean[b]); }
      cov[a * d + b] = s / (n - ddof);
    }
  }
  return cov;
}
