import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ROW_OFFSET_STRIDE, RowOffsets } from '../../../src/data/rowOffsets';

test('row offsets keep every 64th row and locate any row from the kept one before it', () => {
  const offsets = new RowOffsets();
  const n = 5 * ROW_OFFSET_STRIDE + 3;
  for (let i = 0; i < n; i++) { offsets.add(1000 + 10 * i); }
  assert.equal(offsets.nRows, n);
  for (const row of [0, 1, 63, 64, 65, 200, n - 1]) {
    const { offset, skip } = offsets.locate(row);
    assert.equal(offset + 10 * skip, 1000 + 10 * row, `row ${row}`);
    assert.ok(skip >= 0 && skip < ROW_OFFSET_STRIDE);
  }
  assert.equal(offsets.endAfter(0), 1000 + 10 * ROW_OFFSET_STRIDE);
  assert.equal(offsets.endAfter(n - 1), undefined, 'the last rows read to the end of the file');
  assert.throws(() => offsets.locate(n), RangeError);
});

test('row offsets of millions of rows take a fraction of a byte per row', () => {
  const offsets = new RowOffsets();
  for (let i = 0; i < 3_000_000; i++) { offsets.add(i * 85); }
  assert.ok(offsets.bytes < 1e6, `${offsets.bytes} bytes`);
  assert.deepEqual(offsets.locate(2_999_999), { offset: (2_999_999 - 2_999_999 % 64) * 85, skip: 2_999_999 % 64 });
});
