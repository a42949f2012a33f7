import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expNonPositive } from '../../../src/core/expNonPositive';
import { Random } from '../../../src/core/random';

/** |a − b| in units of b's last place (2⁻⁵² b, b > 0). */
const ulps = (a: number, b: number): number => Math.abs(a - b) / (Number.EPSILON * b);

test('e^t agrees with Math.exp within 2 ulp (its 1.5 and Math.exp\'s own error below 1) on a million seeded t in [−708, 0], most scales covered', () => {
  const r = new Random(7);
  let worst = 0;
  for (let i = 0; i < 1_000_000; i++) {
    // half the draws where responsibilities live (t > −40), half over the whole range
    const t = -r.nextFloat() * (i % 2 === 0 ? 40 : 708);
    worst = Math.max(worst, ulps(expNonPositive(t), Math.exp(t)));
  }
  assert.ok(worst <= 2, `worst ${worst} ulp`);
});

test('e^0 is exactly 1 (the row\'s largest term), and multiples of ln 2 and the ends of the range are within 2 ulp', () => {
  assert.equal(expNonPositive(0), 1);
  assert.equal(expNonPositive(-0), 1);
  for (const t of [-Math.LN2, -2 * Math.LN2, -10 * Math.LN2, -600, -708]) {
    assert.ok(ulps(expNonPositive(t), Math.exp(t)) <= 2, `t = ${t}`);
  }
});

test('tiny steps below 0 give values just below 1, never above (the largest term stays the largest)', () => {
  for (const t of [-1e-300, -Number.EPSILON, -1e-10, -1e-5]) {
    const e = expNonPositive(t);
    assert.ok(e <= 1 && ulps(e, Math.exp(t)) <= 2, `t = ${t}: ${e}`);
  }
});

test('NaN stays NaN', () => {
  assert.ok(Number.isNaN(expNonPositive(NaN)));
});
