import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import * as fc from 'fast-check';

test('every property in a run draws from one fixed seed, so a red property is red again on re-run', () => {
  assert.equal(typeof fc.readConfigureGlobal().seed, 'number');
  // Two draws with no seed of their own give the same values only when the global seed holds.
  assert.deepEqual(fc.sample(fc.double(), 20), fc.sample(fc.double(), 20));
});
