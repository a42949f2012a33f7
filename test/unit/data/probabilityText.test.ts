import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatProbability, MAX_PROBABILITY_BYTES, writeProbability } from '../../../src/data/probabilityText';
import { Random } from '../../../src/core/random';

function written(p: number, decimal: '.' | ','): string {
  const out = new Uint8Array(MAX_PROBABILITY_BYTES + 8).fill(0x78);
  const end = writeProbability(out, 3, p, decimal);
  assert.ok(end - 3 <= MAX_PROBABILITY_BYTES);
  assert.ok(out.subarray(0, 3).every(b => b === 0x78) && out.subarray(end).every(b => b === 0x78), 'writes nothing outside its cell');
  return String.fromCharCode(...out.subarray(3, end));
}

function same(p: number): void {
  for (const decimal of ['.', ','] as const) { assert.equal(written(p, decimal), formatProbability(p, decimal), `${p} with ${decimal}`); }
}

test('probabilities are compact and never in exponent notation', () => {
  assert.equal(formatProbability(0.123456789), '0.123457');
  assert.equal(formatProbability(1), '1');
  assert.equal(formatProbability(0), '0');
  assert.equal(formatProbability(0.99999999), '1');
  assert.equal(formatProbability(1.5e-7), '0.00000015');
  assert.equal(formatProbability(1e-15), '0');
  assert.equal(formatProbability(0.5, ','), '0,5');
  assert.equal(formatProbability(Math.fround(0.7)), '0.7');
});

test('written probabilities are the formatted ones at the edges: 0, 1, tiny, 1 − ε, NaN, out of range', () => {
  const edges = [0, -0, 1, NaN, -1, 2, Infinity, -Infinity, Number.MIN_VALUE, 1e-300, 1e-12, 1e-6, 9.999995e-6, 1e-5, 1.00000049e-5,
    0.1, 0.01, 0.001, 0.0099999995, 0.099999949, 0.09999995, 0.9999995, 0.99999949999, 0.999995, 1 - Number.EPSILON, 1 - Number.EPSILON / 2,
    0.8, 0.1, Math.fround(0.8), Math.fround(0.1), Math.fround(1 / 3), 0.123456789, 0.5, 0.25, 0.1171875, 0.0078125, 0.9999999];
  for (const p of edges) { same(p); }
});

test('written probabilities are the formatted ones where six digits end in a tie', () => {
  // j / 2^m has a finite decimal expansion, so its 7th digit can be an exact 5.
  for (let m = 1; m <= 30; m++) {
    for (let j = 1; j < 400; j += 2) { same(j / 2 ** m); }
  }
});

test('written probabilities are the formatted ones on many random values', () => {
  fc.assert(fc.property(fc.oneof(
    fc.double({ min: 0, max: 1, noNaN: true }),
    fc.float({ min: 0, max: 1, noNaN: true }).map(Math.fround),
    fc.integer({ min: -12, max: 0 }).chain(e => fc.double({ min: 1, max: 10, noNaN: true }).map(m => m * 10 ** e)),
    fc.integer({ min: 0, max: 2000 }).map(i => 1 - i * Number.EPSILON),
    fc.tuple(fc.integer({ min: 1, max: 999999 }), fc.integer({ min: 1, max: 12 })).map(([n, e]) => (n + 0.5) / 10 ** (e + 6)),
  ), p => { same(p); }), { numRuns: 20000 });
  // Seeded, so a failure names a value that comes back on the next run.
  const random = new Random(20261202);
  for (let i = 0; i < 200000; i++) { same(random.nextFloat() ** 3); same(Math.fround(random.nextFloat())); }
});

test('written probabilities are the formatted ones below 1e-5, where the digits sit behind up to eleven zeros', () => {
  const edges = [1e-13, 0.99999e-13, 1.0000001e-13, 9.9999949e-13, 9.9999951e-13, 9.99999e-13, 1.000005e-12, 9.999995e-12, 9.9999949e-7, 9.9999951e-7];
  for (const p of edges) { same(p); }
  const random = new Random(20261203);
  for (let e = 5; e <= 14; e++) {
    for (let i = 0; i < 5000; i++) { const p = (1 + 9 * random.nextFloat()) * 10 ** -e; same(p); same(Math.fround(p)); }
  }
});
