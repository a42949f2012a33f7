// Writes unrolled.ts: the EM and Lloyd inner loops as straight-line code for d = 1..MAX_D, with the
// component's mean and factor (or accumulators) in locals. Generated rather than written because
// the d = 8 statistics kernel alone has 45 accumulators; generated at build time rather than at
// run time (new Function) because webviews forbid eval under their CSP.
// Every sum is written in the same order as the generic loops of gmmKernels.ts / kmeansKernels.ts,
// so both paths give bit-identical results (tested).
// usage: node src/core/kernels/generateKernels.mjs
import * as fs from 'node:fs';
import * as path from 'node:path';

const MAX_D = 8;
const range = n => Array.from({ length: n }, (_, i) => i);
const sum = terms => terms.join(' + ');

function logDensityTriangular(d) {
  const pairs = range(d).flatMap(j => range(j + 1).map(l => [l, j]));
  return `function logDensityTriangular${d}(data: Float64Array, start: number, end: number, resp: Float64Array, k: number, c: number, means: Float64Array, factors: Float64Array, norm: number): void {
  const mo = c * ${d}, fo = c * ${d * d};
  const ${range(d).map(j => `m${j} = means[mo + ${j}]!`).join(', ')};
  const ${pairs.map(([l, j]) => `p${l}${j} = factors[fo + ${l * d + j}]!`).join(', ')};
  for (let i = start, o = start * ${d}; i < end; i++, o += ${d}) {
    const ${range(d).map(j => `x${j} = data[o + ${j}]! - m${j}`).join(', ')};
${range(d).map(j => `    const y${j} = ${sum(range(j + 1).map(l => `x${l} * p${l}${j}`))};`).join('\n')}
    resp[i * k + c] = norm - 0.5 * (${sum(range(d).map(j => `y${j} * y${j}`))});
  }
}`;
}

function logDensityDiagonal(d) {
  return `function logDensityDiagonal${d}(data: Float64Array, start: number, end: number, resp: Float64Array, k: number, c: number, means: Float64Array, scales: Float64Array, norm: number): void {
  const mo = c * ${d};
  const ${range(d).map(j => `m${j} = means[mo + ${j}]!, s${j} = scales[mo + ${j}]!`).join(', ')};
  for (let i = start, o = start * ${d}; i < end; i++, o += ${d}) {
    const ${range(d).map(j => `y${j} = (data[o + ${j}]! - m${j}) * s${j}`).join(', ')};
    resp[i * k + c] = norm - 0.5 * (${sum(range(d).map(j => `y${j} * y${j}`))});
  }
}`;
}

function statsTriangular(d) {
  const pairs = range(d).flatMap(j => range(j + 1).map(l => [j, l]));
  return `function statsTriangular${d}(data: Float64Array, start: number, end: number, resp: Float64Array, k: number, c: number, shift: Float64Array, sumResp: Float64Array, sumDiff: Float64Array, sumSquares: Float64Array): void {
  const mo = c * ${d}, qo = c * ${d * d};
  const ${range(d).map(j => `m${j} = shift[mo + ${j}]!`).join(', ')};
  let r0 = 0, ${range(d).map(j => `a${j} = 0`).join(', ')};
  let ${pairs.map(([j, l]) => `q${j}${l} = 0`).join(', ')};
  for (let i = start, o = start * ${d}; i < end; i++, o += ${d}) {
    const r = resp[i * k + c]!;
    if (r === 0) { continue; }
    r0 += r;
    const ${range(d).map(j => `x${j} = data[o + ${j}]! - m${j}`).join(', ')};
    const ${range(d).map(j => `u${j} = r * x${j}`).join(', ')};
    ${range(d).map(j => `a${j} += u${j};`).join(' ')}
${range(d).map(j => `    ${range(j + 1).map(l => `q${j}${l} += u${j} * x${l};`).join(' ')}`).join('\n')}
  }
  sumResp[c]! += r0;
  ${range(d).map(j => `sumDiff[mo + ${j}]! += a${j};`).join(' ')}
${range(d).map(j => `  ${range(j + 1).map(l => `sumSquares[qo + ${j * d + l}]! += q${j}${l};`).join(' ')}`).join('\n')}
}`;
}

function statsDiagonal(d) {
  return `function statsDiagonal${d}(data: Float64Array, start: number, end: number, resp: Float64Array, k: number, c: number, shift: Float64Array, sumResp: Float64Array, sumDiff: Float64Array, sumSquares: Float64Array): void {
  const mo = c * ${d};
  const ${range(d).map(j => `m${j} = shift[mo + ${j}]!`).join(', ')};
  let r0 = 0, ${range(d).map(j => `a${j} = 0, q${j} = 0`).join(', ')};
  for (let i = start, o = start * ${d}; i < end; i++, o += ${d}) {
    const r = resp[i * k + c]!;
    if (r === 0) { continue; }
    r0 += r;
    const ${range(d).map(j => `x${j} = data[o + ${j}]! - m${j}`).join(', ')};
    const ${range(d).map(j => `u${j} = r * x${j}`).join(', ')};
    ${range(d).map(j => `a${j} += u${j}; q${j} += u${j} * x${j};`).join(' ')}
  }
  sumResp[c]! += r0;
  ${range(d).map(j => `sumDiff[mo + ${j}]! += a${j}; sumSquares[mo + ${j}]! += q${j};`).join(' ')}
}`;
}

function nearestCenter(d) {
  return `function nearestCenter${d}(data: Float64Array, start: number, end: number, centers: Float64Array, c: number, bestDist: Float64Array, bestLabel: Int32Array): void {
  const co = c * ${d};
  const ${range(d).map(j => `m${j} = centers[co + ${j}]!`).join(', ')};
  for (let i = start, o = start * ${d}, b = 0; i < end; i++, o += ${d}, b++) {
    const ${range(d).map(j => `x${j} = data[o + ${j}]! - m${j}`).join(', ')};
    const dist = ${sum(range(d).map(j => `x${j} * x${j}`))};
    if (dist < bestDist[b]!) { bestDist[b] = dist; bestLabel[b] = c; }
  }
}`;
}

const kinds = [
  ['logDensityTriangular', logDensityTriangular, 'LogDensityKernel'],
  ['logDensityDiagonal', logDensityDiagonal, 'LogDensityKernel'],
  ['statsTriangular', statsTriangular, 'StatsKernel'],
  ['statsDiagonal', statsDiagonal, 'StatsKernel'],
  ['nearestCenter', nearestCenter, 'NearestCenterKernel'],
];
const ds = range(MAX_D).map(i => i + 1);
const source = `// GENERATED by generateKernels.mjs (node src/core/kernels/generateKernels.mjs): do not edit.
// Straight-line EM and Lloyd inner loops for d = 1..${MAX_D}; index the tables by d.
/* eslint-disable */

export type LogDensityKernel = (data: Float64Array, start: number, end: number, resp: Float64Array, k: number, c: number, means: Float64Array, factors: Float64Array, norm: number) => void;
export type StatsKernel = (data: Float64Array, start: number, end: number, resp: Float64Array, k: number, c: number, shift: Float64Array, sumResp: Float64Array, sumDiff: Float64Array, sumSquares: Float64Array) => void;
export type NearestCenterKernel = (data: Float64Array, start: number, end: number, centers: Float64Array, c: number, bestDist: Float64Array, bestLabel: Int32Array) => void;

export const MAX_UNROLLED_D = ${MAX_D};

${kinds.flatMap(([, gen]) => ds.map(gen)).join('\n\n')}

${kinds.map(([name, , type]) => `/** [d] → kernel, undefined for d = 0 */\nexport const ${name}Kernels: readonly (${type} | undefined)[] = [undefined, ${ds.map(d => `${name}${d}`).join(', ')}];`).join('\n')}
`;
const out = path.join(import.meta.dirname, 'unrolled.ts');
fs.writeFileSync(out, source);
console.log(`wrote ${out} (${source.length} bytes)`);
