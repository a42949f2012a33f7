// Writes src/core/kernels/unrolled.ts: the EM and Lloyd inner loops as straight-line code for
// d = 1..MAX_D, with the component's mean and factor (or accumulators) in locals. Generated rather
// than written because the d = 8 statistics kernel alone has 45 accumulators; generated ahead of
// time rather than at run time (new Function) so that the kernels are plain TypeScript: type-checked,
// bundled, readable in a stack trace or a profile, and free of any code-from-strings in the engine.
// Every sum is written in the same order as the generic loops the kernels stand in for
// (computeLogDensityGeneric and accumulateComponentStatsGeneric of src/core/gmmKernels.ts, the
// generic branches of the Lloyd and k-means++ units), so both paths give bit-identical results
// (tested). test/unit/core/kernels/generatedKernels.test.ts regenerates the file and compares.
// usage: node scripts/generateKernels.mjs [--check]   (--check: exit 1 if the file is out of date)
import * as path from 'node:path';
import { writeGenerated } from './writeGenerated.mjs';

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

function lloydVariant(d, name, { bounded, first, assign }) {
  const v = range(d);
  const distTo = (q) => `${v.map(j => `x${j} = v${j} - centers[${q} + ${j}]!`).join(', ')}`;
  const search = `let second = Infinity;
      for (let c = 0, q = 0; c < k; c++, q += ${d}) {
        const ${distTo('q')};
        const dist = ${sum(v.map(j => `x${j} * x${j}`))};
        if (dist < best) { second = best; best = dist; label = c; } else if (dist < second) { second = dist; }
      }
      lower[i] = Math.sqrt(second);`;
  const plainSearch = `for (let c = 0, q = 0; c < k; c++, q += ${d}) {
      const ${distTo('q')};
      const dist = ${sum(v.map(j => `x${j} * x${j}`))};
      if (dist < best) { best = dist; label = c; }
    }`;
  const u = used => (used ? '' : '_');
  return `function ${name}${d}(data: Float64Array, start: number, end: number, centers: Float64Array, k: number, labels: Int32Array, distances: Float64Array, partials: Float64Array, ${u(!assign)}lower: Float64Array, ${u(!assign)}upper: Float64Array, ${u(bounded)}drift: number, ${u(bounded)}tolAbs: number): void {
${assign ? '' : `  const sumsAt = 2 + k, squaresAt = 2 + k + k * ${d};\n`}
  let inertia = 0, changed = 0;
  for (let i = start, o = start * ${d}; i < end; i++, o += ${d}) {
    const ${v.map(j => `v${j} = data[o + ${j}]!`).join(', ')};
    let best = Infinity, label = 0;
${bounded ? `    // Hamerly: no other center can be nearer than the lower bound, moved by the largest drift
    const hint = labels[i]!, qh = hint * ${d};
    const ${distTo('qh')};
    const distHint = ${sum(v.map(j => `x${j} * x${j}`))};
    const bound = lower[i]! - drift;
    if (Math.sqrt(distHint) * (1 + 1e-9) + tolAbs < bound) {
      best = distHint; label = hint; lower[i] = bound;
    } else {
      ${search}
    }
    if (labels[i] !== label) { changed++; }` : first ? `    {
      ${search}
    }` : `    ${plainSearch}`}
    labels[i] = label;
    distances[i] = best;
    inertia += best;
${assign ? '' : `    upper[i] = Math.sqrt(best);
    partials[2 + label]! += 1;
    partials[squaresAt + label]! += best;
    const s = sumsAt + label * ${d}, q = label * ${d};
    ${v.map(j => `partials[s + ${j}]! += v${j} - centers[q + ${j}]!;`).join(' ')}
`}  }
  partials[0] = inertia;
  partials[1] = changed;
}`;
}
const lloydFirst = d => lloydVariant(d, 'lloydFirst', { first: true });
const lloydBounded = d => lloydVariant(d, 'lloydBounded', { bounded: true });
const lloydAssign = d => lloydVariant(d, 'lloydAssign', { assign: true });

// Lloyd's later passes (Hamerly, with sums kept up to date instead of recomputed): a row whose
// upper bound (distance to its center, grown by that center's drift) stays below its lower bound
// (distance to any other center, shrunk by the largest drift of the others) keeps its label
// without touching its data; else its distance is recomputed, and only if the bound still fails
// are all centers searched. Rows that change label move their contribution between the clusters'
// sums about fixed anchors: partials hold changes of counts, Σ (x − anchor) and Σ |x − anchor|².
function lloydMove(d) {
  const v = range(d);
  const diff = (name, base, q) => `const ${v.map(j => `${name}${j} = v${j} - ${base}[${q} + ${j}]!`).join(', ')};`;
  return `function lloydMove${d}(data: Float64Array, start: number, end: number, centers: Float64Array, anchors: Float64Array, k: number, labels: Int32Array, upper: Float64Array, lower: Float64Array, drifts: Float64Array, others: Float64Array, separations: Float64Array, tolAbs: number, partials: Float64Array): void {
  const sumsAt = 2 + k, squaresAt = 2 + k + k * ${d};
  let changed = 0;
  for (let i = start, o = start * ${d}; i < end; i++, o += ${d}) {
    const label = labels[i]!;
    const bound = lower[i]! - others[label]!;
    let reach = upper[i]! + drifts[label]!;
    if (reach * (1 + 1e-9) + tolAbs < bound) { upper[i] = reach; lower[i] = bound; continue; }
    const ${v.map(j => `v${j} = data[o + ${j}]!`).join(', ')};
    let own = 0;
    {
      ${diff('x', 'centers', 'label * ' + d)}
      own = ${sum(v.map(j => `x${j} * x${j}`))};
    }
    reach = Math.sqrt(own);
    if (reach * (1 + 1e-9) + tolAbs < bound) { upper[i] = reach; lower[i] = bound; continue; }
    // Elkan: a center farther than twice the row's distance from the row's own center is farther
    // from the row than its own center; its distance is not needed (bounded by separation − reach)
    const limit = 2 * (reach * (1 + 1e-9) + tolAbs), row = label * k;
    let best = own, second = Infinity, next = label, skipped = Infinity;
    for (let c = 0, q = 0; c < k; c++, q += ${d}) {
      if (c === label) { continue; }
      const separation = separations[row + c]!;
      if (separation > limit) { skipped = Math.min(skipped, separation - reach); continue; }
      ${diff('x', 'centers', 'q')}
      const dist = ${sum(v.map(j => `x${j} * x${j}`))};
      // ties go to the lower index, as in a full search in center order
      if (dist < best || (dist === best && c < next)) { second = best; best = dist; next = c; } else if (dist < second) { second = dist; }
    }
    upper[i] = Math.sqrt(best);
    lower[i] = Math.min(Math.sqrt(second), skipped * (1 - 1e-9) - tolAbs);
    if (next === label) { continue; }
    changed++;
    labels[i] = next;
    partials[2 + label]! -= 1;
    partials[2 + next]! += 1;
    const so = sumsAt + label * ${d}, sn = sumsAt + next * ${d};
    ${diff('a', 'anchors', 'label * ' + d)}
    ${diff('b', 'anchors', 'next * ' + d)}
    ${v.map(j => `partials[so + ${j}]! -= a${j}; partials[sn + ${j}]! += b${j};`).join(' ')}
    partials[squaresAt + label]! -= ${sum(v.map(j => `a${j} * a${j}`))};
    partials[squaresAt + next]! += ${sum(v.map(j => `b${j} * b${j}`))};
  }
  partials[1] = changed;
}`;
}

// Σ |x − center of its label|² over the rows: k-means' final inertia, as sklearn computes it.
function inertia(d) {
  const v = range(d);
  return `function inertia${d}(data: Float64Array, start: number, end: number, centers: Float64Array, labels: Int32Array): number {
  let sum = 0;
  for (let i = start, p = start * ${d}; i < end; i++, p += ${d}) {
    const q = labels[i]! * ${d};
    const ${v.map(j => `x${j} = data[p + ${j}]! - centers[q + ${j}]!`).join(', ')};
    sum += ${sum(v.map(j => `x${j} * x${j}`))};
  }
  return sum;
}`;
}

// k-means++ (kmeans.ts): the first chosen row sets every row's closest distance and label; then
// one pass per further center brings closest and labels up to date with the previous chosen row
// (pending) and sums, per candidate, min(closest, |x − candidate|²) as Σ closest − Σ max(0, closest
// − |x − candidate|²) (candidates' coordinates in cands, nt × d). Written so, a row the triangle
// inequality rules out adds exactly what the unpruned pass would (its reductions are zeros): rows
// whose center is certainly nearer than the pending row and every candidate (closest <
// prune[label · stride + 1], kmeans.ts seedPruning) touch no data; the others compute the pending
// row's distance unless prune[label · stride] rules it out, then every candidate's in straight-line
// code. Sums and labels are exactly the unpruned ones. Whether a candidate is nearer than a row's
// center is a coin toss in the rows these passes visit, so the comparisons feed arithmetic and a
// two-slot select instead of branches: a mispredicted branch costs as much as a distance.
function seedStart(d) {
  const v = range(d);
  return `function seedStart${d}(data: Float64Array, start: number, end: number, closest: Float64Array, labels: Int32Array, row: number): number {
  const ro = row * ${d};
  const ${v.map(j => `c${j} = data[ro + ${j}]!`).join(', ')};
  let sum = 0;
  for (let i = start, p = start * ${d}; i < end; i++, p += ${d}) {
    const ${v.map(j => `x${j} = data[p + ${j}]! - c${j}`).join(', ')};
    const dist = ${sum(v.map(j => `x${j} * x${j}`))};
    closest[i] = dist;
    labels[i] = 0;
    sum += dist;
  }
  return sum;
}`;
}

function seedPotentials(d) {
  const v = range(d);
  return `function seedPotentials${d}(data: Float64Array, start: number, end: number, closest: Float64Array, labels: Int32Array, pendingRow: number, pendingLabel: number, prune: Float64Array, cands: Float64Array, nt: number, out: Float64Array, offset: number, select: Float64Array): void {
  for (let t = 0; t < nt; t++) { out[offset + t] = 0; }
  const po = pendingRow * ${d}, stride = nt + 2;
  const ${v.map(j => `p${j} = data[po + ${j}]!`).join(', ')};
  let total = 0;
  for (let i = start, p = start * ${d}; i < end; i++, p += ${d}) {
    let cl = closest[i]!;
    const label = labels[i]!, at = label * stride;
    if (cl < prune[at + 1]!) {
      // every candidate, and the pending row, is farther than the row's center
      total += cl;
      continue;
    }
    const ${v.map(j => `v${j} = data[p + ${j}]!`).join(', ')};
    if (!(cl < prune[at]!)) {
      const ${v.map(j => `x${j} = v${j} - p${j}`).join(', ')};
      const dist = ${sum(v.map(j => `x${j} * x${j}`))};
      const nearer = +(dist < cl);
      select[0] = cl;
      select[1] = dist;
      cl = select[nearer]!;
      closest[i] = cl;
      labels[i] = label ^ ((label ^ pendingLabel) & -nearer);
    }
    total += cl;
    for (let t = 0, q = 0; t < nt; t++, q += ${d}) {
      const ${v.map(j => `x${j} = v${j} - cands[q + ${j}]!`).join(', ')};
      const reduction = cl - (${sum(v.map(j => `x${j} * x${j}`))});
      out[offset + t]! += reduction * +(reduction > 0);
    }
  }
  for (let t = 0; t < nt; t++) { out[offset + t] = total - out[offset + t]!; }
}`;
}

// The first Lloyd pass after k-means++: the seeding left each row's nearest of centers 0..k−2 in
// labels / distances; the last center (k − 1) is folded in as in seedPotentials (prune[label]), and
// the pass then adds up what lloydFirst would (the labels and distances are exactly its), with
// Hamerly bounds from the gaps between centers (gaps[c]: a lower bound on |center c − any other|).
function lloydSeeded(d) {
  const v = range(d);
  return `function lloydSeeded${d}(data: Float64Array, start: number, end: number, centers: Float64Array, k: number, labels: Int32Array, distances: Float64Array, partials: Float64Array, lower: Float64Array, upper: Float64Array, prune: Float64Array, gaps: Float64Array, tolAbs: number, select: Float64Array): void {
  const sumsAt = 2 + k, squaresAt = 2 + k + k * ${d}, last = k - 1, lo = last * ${d};
  const ${v.map(j => `p${j} = centers[lo + ${j}]!`).join(', ')};
  let inertia = 0;
  for (let i = start, o = start * ${d}; i < end; i++, o += ${d}) {
    const ${v.map(j => `v${j} = data[o + ${j}]!`).join(', ')};
    let best = distances[i]!, label = labels[i]!;
    if (!(best < prune[label]!)) {
      const ${v.map(j => `x${j} = v${j} - p${j}`).join(', ')};
      const dist = ${sum(v.map(j => `x${j} * x${j}`))};
      // a select, not a branch: which rows the last center takes is a coin toss here
      const nearer = +(dist < best);
      select[0] = best;
      select[1] = dist;
      best = select[nearer]!;
      label ^= (label ^ last) & -nearer;
      labels[i] = label;
      distances[i] = best;
    }
    const root = Math.sqrt(best);
    upper[i] = root;
    lower[i] = gaps[label]! - root * (1 + 1e-9) - tolAbs;
    inertia += best;
    partials[2 + label]! += 1;
    partials[squaresAt + label]! += best;
    const s = sumsAt + label * ${d}, q = label * ${d};
    ${v.map(j => `partials[s + ${j}]! += v${j} - centers[q + ${j}]!;`).join(' ')}
  }
  partials[0] = inertia;
  partials[1] = 0;
}`;
}

const kinds = [
  ['logDensityTriangular', logDensityTriangular, 'LogDensityKernel'],
  ['logDensityDiagonal', logDensityDiagonal, 'LogDensityKernel'],
  ['statsTriangular', statsTriangular, 'StatsKernel'],
  ['statsDiagonal', statsDiagonal, 'StatsKernel'],
  ['lloydFirst', lloydFirst, 'LloydKernel'],
  ['lloydBounded', lloydBounded, 'LloydKernel'],
  ['lloydAssign', lloydAssign, 'LloydKernel'],
  ['lloydSeeded', lloydSeeded, 'LloydSeededKernel'],
  ['lloydMove', lloydMove, 'LloydMoveKernel'],
  ['inertia', inertia, 'InertiaKernel'],
  ['seedStart', seedStart, 'SeedStartKernel'],
  ['seedPotentials', seedPotentials, 'SeedPotentialsKernel'],
];
const ds = range(MAX_D).map(i => i + 1);
const source = `// GENERATED by generateKernels.mjs (node scripts/generateKernels.mjs): do not edit.
// Straight-line EM and Lloyd inner loops for d = 1..${MAX_D}; index the tables by d.
/* eslint-disable */

export type LogDensityKernel = (data: Float64Array, start: number, end: number, resp: Float64Array, k: number, c: number, means: Float64Array, factors: Float64Array, norm: number) => void;
export type StatsKernel = (data: Float64Array, start: number, end: number, resp: Float64Array, k: number, c: number, shift: Float64Array, sumResp: Float64Array, sumDiff: Float64Array, sumSquares: Float64Array) => void;
/** partials: the unit's slot from 0 (counts and sums zeroed by the caller); lower and upper unused by lloydAssign */
export type LloydKernel = (data: Float64Array, start: number, end: number, centers: Float64Array, k: number, labels: Int32Array, distances: Float64Array, partials: Float64Array, lower: Float64Array, upper: Float64Array, drift: number, tolAbs: number) => void;
export type LloydSeededKernel = (data: Float64Array, start: number, end: number, centers: Float64Array, k: number, labels: Int32Array, distances: Float64Array, partials: Float64Array, lower: Float64Array, upper: Float64Array, prune: Float64Array, gaps: Float64Array, tolAbs: number, select: Float64Array) => void;
/** partials: the unit's slot from 0, zeroed by the caller: changes of counts, sums and squares */
export type LloydMoveKernel = (data: Float64Array, start: number, end: number, centers: Float64Array, anchors: Float64Array, k: number, labels: Int32Array, upper: Float64Array, lower: Float64Array, drifts: Float64Array, others: Float64Array, separations: Float64Array, tolAbs: number, partials: Float64Array) => void;
export type InertiaKernel = (data: Float64Array, start: number, end: number, centers: Float64Array, labels: Int32Array) => number;
export type SeedStartKernel = (data: Float64Array, start: number, end: number, closest: Float64Array, labels: Int32Array, row: number) => number;
export type SeedPotentialsKernel = (data: Float64Array, start: number, end: number, closest: Float64Array, labels: Int32Array, pendingRow: number, pendingLabel: number, prune: Float64Array, cands: Float64Array, nt: number, out: Float64Array, offset: number, select: Float64Array) => void;

export const MAX_UNROLLED_D = ${MAX_D};

${kinds.flatMap(([, gen]) => ds.map(gen)).join('\n\n')}

${kinds.map(([name, , type]) => `/** [d] → kernel, undefined for d = 0 */\nexport const ${name}Kernels: readonly (${type} | undefined)[] = [undefined, ${ds.map(d => `${name}${d}`).join(', ')}];`).join('\n')}
`;
const out = path.join(import.meta.dirname, '..', 'src', 'core', 'kernels', 'unrolled.ts');
writeGenerated(out, source, `${source.length} bytes`);
