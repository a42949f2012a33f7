// One streaming pass draws a seeded, uniform sample of the data rows and counts them as the whole
// read counts them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { byteSourceFromText } from '../../../src/data/byteSource';
import { readCsv, type NumericColumn } from '../../../src/data/csvReader';
import { drawReservoirSample } from '../../../src/data/reservoirSample';
import { readStreamHead } from '../../../src/data/streamHead';

const draw = async (text: string, rows: number, seed: number, windowBytes = 1 << 20) =>
  drawReservoirSample(await readStreamHead(byteSourceFromText(text, 333)), { rows, seed, windowBytes });

const ids = (values: Float64Array) => Array.from(values);

const TRICKY = 'id,x,"n\note"\n\n' + Array.from({ length: 400 }, (_, i) =>
  i % 29 === 0 ? `${i},1` : i % 31 === 0 ? '  ' : `${i},${(i * 0.37) % 5},"a\n""b"", ${i}"`).join('\r\n') + '\r\n';

test('the sample counts the rows, blank and ragged lines as the whole read does', async () => {
  const whole = await readCsv(byteSourceFromText(TRICKY));
  for (const windowBytes of [1, 100, 1 << 20]) {
    const s = await draw(TRICKY, 50, 1, windowBytes);
    assert.equal(s.rowsInFile, whole.nRows);
    assert.equal(s.blankLines, whole.report.blankLines);
    assert.equal(s.raggedRows, whole.report.raggedRows);
    assert.equal(s.dataset.nRows, 50);
    assert.deepEqual(s.dataset.columns.map(c => c.name), whole.columns.map(c => c.name));
  }
});

test('the sampled rows are rows of the file, in file order, and the same seed draws the same rows', async () => {
  const a = await draw(TRICKY, 40, 7), b = await draw(TRICKY, 40, 7, 64), c = await draw(TRICKY, 40, 8);
  const idsA = ids((a.dataset.columns[0] as NumericColumn).values);
  assert.deepEqual(idsA, ids((b.dataset.columns[0] as NumericColumn).values));
  assert.notDeepEqual(idsA, ids((c.dataset.columns[0] as NumericColumn).values));
  assert.deepEqual(idsA, [...idsA].sort((x, y) => x - y));
  const x = a.dataset.columns[1] as NumericColumn;
  idsA.forEach((id, r) => assert.equal(x.values[r], (id * 0.37) % 5));
});

test('a sample larger than the file is the whole file', async () => {
  const s = await draw(TRICKY, 10_000, 3);
  assert.equal(s.sampleRows, s.rowsInFile);
  assert.equal(s.dataset.nRows, s.rowsInFile);
});

test('every row is drawn with probability N / rows (600 seeds, 60 rows, N = 6)', async () => {
  const text = 'id\n' + Array.from({ length: 60 }, (_, i) => String(i)).join('\n') + '\n';
  const counts = new Array<number>(60).fill(0);
  const seeds = 600;
  for (let seed = 0; seed < seeds; seed++) {
    const s = await draw(text, 6, seed);
    for (const id of (s.dataset.columns[0] as NumericColumn).values) { counts[id]!++; }
  }
  // Expected 60 each; binomial sd ≈ 7.3: a row outside 60 ± 5 sd means the draw is not uniform.
  for (const [row, c] of counts.entries()) { assert.ok(Math.abs(c - 60) < 37, `row ${row} drawn ${c} times`); }
  // Early and late rows alike (Algorithm R's classic bug favours one end).
  const firstHalf = counts.slice(0, 30).reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(firstHalf - 1800) < 150, `first half drawn ${firstHalf} times of 3600`);
});

test('the sample says which row of the file each of its rows is', async () => {
  const whole = await readCsv(byteSourceFromText(TRICKY));
  const wholeIds = (whole.columns[0] as NumericColumn).values;
  for (const windowBytes of [1, 1 << 20]) {
    const s = await draw(TRICKY, 40, 5, windowBytes);
    assert.equal(s.fileRows.length, 40);
    ids((s.dataset.columns[0] as NumericColumn).values).forEach((id, r) => assert.equal(wholeIds[s.fileRows[r]!], id, `sample row ${r}`));
  }
});
