// Which numeric columns a fit starts with, and why each other one is left out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readText } from './helpers';
import { preselectColumns } from '../../../src/data/columnPreselection';
import { buildFeatureMatrix, defaultFeatureColumns } from '../../../src/data/featureMatrix';

/** A penguins-like file: measurements, a year of three values, a row id, a constant, a species. */
function penguins(n: number): string {
  const rows = Array.from({ length: n }, (_, i) =>
    [i + 1, 39.1 + (i % 17) * 0.7, 181 + (i * 7) % 50, 2007 + (i % 3), 1, ['Adelie', 'Gentoo'][i % 2], (i % 5) * 0.5 + 0.25].join(','));
  return ['rowid,bill_length_mm,flipper_length_mm,year,ones,species,score', ...rows].join('\n') + '\n';
}

test('measurements are preselected; the year, the row id and the constant are left out, each with its reason', async () => {
  const ds = await readText(penguins(60));
  const { columns, leftOut } = preselectColumns(ds);
  assert.deepEqual(columns, ['bill_length_mm', 'flipper_length_mm', 'score']);
  assert.deepEqual(leftOut.map(c => [c.name, c.reason]), [['rowid', 'id-like'], ['year', 'few-whole-numbers'], ['ones', 'constant']]);
  const note = (name: string) => leftOut.find(c => c.name === name)!.note;
  assert.match(note('year'), /only 3 distinct whole numbers \(2007 to 2009\)/);
  assert.match(note('rowid'), /ids/);
  assert.match(note('ones'), /the same value \(1\) in every row/);
  assert.deepEqual(defaultFeatureColumns(ds), columns);
});

test('a measurement with few distinct values that are not whole numbers stays', async () => {
  const ds = await readText(penguins(60));
  assert.ok(preselectColumns(ds).columns.includes('score'), 'five values 0.25…2.25, not integers');
});

test('id-like columns are left out whichever way they look like ids', async () => {
  const n = 40;
  const shuffled = Array.from({ length: n }, (_, i) => (i * 7) % n + 1);
  const rows = Array.from({ length: n }, (_, i) => `${i},${shuffled[i]},${i + 100},${(i * 0.37) % 3}`);
  const ds = await readText([',n,customer_id,x', ...rows].join('\n') + '\n');
  const { columns, leftOut } = preselectColumns(ds);
  assert.deepEqual(columns, ['x']);
  assert.deepEqual(leftOut.map(c => [c.name, c.reason]), [['column1', 'id-like'], ['n', 'id-like'], ['customer_id', 'id-like']]);
  assert.match(leftOut[0]!.note, /unnamed index/);
  assert.match(leftOut[1]!.note, /shuffled row ids/);
  assert.match(leftOut[2]!.note, /named like an identifier/);
});

test('a column counting up row by row is left out as row ids', async () => {
  const ds = await readText(['step,x', ...Array.from({ length: 10 }, (_, i) => `${i + 1},${(i * 0.7) % 2}`)].join('\n') + '\n');
  const leftOut = preselectColumns(ds).leftOut;
  assert.deepEqual(leftOut.map(c => c.name), ['step']);
  assert.match(leftOut[0]!.note, /counts up row by row \(1 to 10\)/);
});

test('a few rows of whole numbers are not yet a category, and an empty column is named as empty', async () => {
  const ds = await readText('a,b,c\n1,4,NA\n5,2,\n2,5,NA\n');
  const { columns, leftOut } = preselectColumns(ds);
  assert.deepEqual(columns, ['a', 'b']);
  assert.deepEqual(leftOut.map(c => [c.name, c.reason]), [['c', 'empty']]);
});

test('whole numbers with many distinct values (a count, a length in mm) stay', async () => {
  const ds = await readText(['count,x', ...Array.from({ length: 200 }, (_, i) => `${(i * 13) % 37},${i % 9 + 0.5}`)].join('\n') + '\n');
  assert.deepEqual(preselectColumns(ds).columns, ['count', 'x']);
});

test('150,000 columns read, preselect and build a matrix in linear time', async () => {
  const d = 150_000;
  const header = Array.from({ length: d }, (_, j) => `c${j}`).join(',');
  // Half the columns constant (the old preselection searched a list of them per column).
  const rows = Array.from({ length: 3 }, (_, i) => Array.from({ length: d }, (_, j) => (j % 2 === 0 ? '7' : String((i * 31 + j) % 97 + 0.5))).join(','));
  const started = Date.now();
  const ds = await readText([header, ...rows].join('\n') + '\n');
  const { columns, leftOut } = preselectColumns(ds);
  const all = buildFeatureMatrix(ds, ds.columns.map(c => c.name), 'drop');
  const seconds = (Date.now() - started) / 1000;
  assert.equal(columns.length, d / 2);
  assert.equal(leftOut.length, d / 2);
  assert.equal(all.matrix.nFeatures, d);
  // A bug guard, not a benchmark (about 1.5 s on an idle machine): the quadratic version took minutes.
  assert.ok(seconds < 30, `took ${seconds} s`);
});

test('a row that turns 150,000 columns to text is read in linear time', async () => {
  const d = 150_000;
  const rows = [0, 1, 2].map(i => Array.from({ length: d }, (_, j) => (i === 1 ? `w${j}` : String(j + i * 0.5))).join(','));
  const started = Date.now();
  const ds = await readText([Array.from({ length: d }, (_, j) => `c${j}`).join(','), ...rows].join('\n') + '\n');
  const seconds = (Date.now() - started) / 1000;
  assert.ok(ds.columns.every(c => c.kind === 'text'));
  assert.deepEqual(preselectColumns(ds), { columns: [], leftOut: [] });
  // Each column turning to text used to recompute the free room over all columns: columns² steps, over 2 minutes.
  assert.ok(seconds < 30, `took ${seconds} s`);
});
