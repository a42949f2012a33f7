import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDataMatrix } from '../../../../src/core/dataMatrix';
import { accumulateResponsibilities, createStatsAbout } from '../../../../src/core/gmmStats';
import { computeScatter, scatterFromStats } from '../../../../src/core/mixtureModels/scatterStats';
import { Random } from '../../../../src/core/random';

/** Seeded rows (n × d) around three centres, and soft responsibilities (n × k) that sum to 1 per row. */
function rowsAndResponsibilities(n: number, d: number, k: number, seed: number) {
  const random = new Random(seed);
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) { for (let j = 0; j < d; j++) { data[i * d + j] = 10 * (i % 3) + (j + 1) * random.nextNormal(); } }
  const resp = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    let total = 0;
    for (let c = 0; c < k; c++) { resp[i * k + c] = 0.05 + random.nextFloat(); total += resp[i * k + c]!; }
    for (let c = 0; c < k; c++) { resp[i * k + c] = resp[i * k + c]! / total; }
  }
  return { data, resp };
}

function assertClose(actual: Float64Array, expected: Float64Array, relative: number, what: string): void {
  assert.equal(actual.length, expected.length);
  let scale = 0;
  for (const v of expected) { scale = Math.max(scale, Math.abs(v)); }
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i]! - expected[i]!) <= relative * scale, `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

const n = 300, d = 3, k = 4;
const { data, resp } = rowsAndResponsibilities(n, d, k, 11);
const X = createDataMatrix(data, n, d);
/** Far from the data's means, so the shifted moments must be corrected (x − m = (x − μ) − δ). */
const shift = Float64Array.from({ length: k * d }, (_, i) => 50 - 7 * i);

test('the scatter from statistics accumulated as full about any shift equals the scatter computed from the rows', () => {
  const stats = createStatsAbout('full', k, d, shift.slice());
  accumulateResponsibilities(X, 0, n, resp, stats);
  const fromStats = scatterFromStats(stats);
  const direct = computeScatter(data, n, d, resp, k);
  assertClose(fromStats.nk, direct.nk, 1e-12, 'nk');
  assertClose(fromStats.means, direct.means, 1e-10, 'means');
  assertClose(fromStats.scatter, direct.scatter, 1e-9, 'scatter');
});

test('from statistics accumulated as diag the scatter has the direct diagonals and zeros off them', () => {
  const stats = createStatsAbout('diag', k, d, shift.slice());
  accumulateResponsibilities(X, 0, n, resp, stats);
  const fromStats = scatterFromStats(stats);
  const direct = computeScatter(data, n, d, resp, k);
  const diagonalOnly = direct.scatter.map((v, i) => (Math.floor(i / d) % d === i % d ? v : 0));
  assertClose(fromStats.scatter, diagonalOnly, 1e-9, 'scatter');
});

test('statistics accumulated as tied or spherical are refused: they hold no per-component scatter', () => {
  for (const covarianceType of ['tied', 'spherical'] as const) {
    assert.throws(() => scatterFromStats(createStatsAbout(covarianceType, k, d, shift.slice())), /full or diag/);
  }
});
