// The table shows each number as the file wrote it, from one spelling byte per cell.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { EMPTY_CELL, fixedPointSpelling, spelledCell, spellingOf, VERBATIM_CELL } from '../../../src/data/cellSpelling';
import { numeric, readText } from './helpers';

const written = ['17.0', '39.10', '-3.250', '0.005894612345', '1.5e+3', '+2', '.5', '5.', '-0', '-0.0', '007', ' 7 ', '6.02E+23', 'NA', '', '3750', '123456789012345678'];

test('every cell of a numeric column reads back as the file wrote it, on the fast path and off it', async () => {
  for (const [d, nl] of [[',', '\n'], [',', '\r\n'], [';', '\r\n'], ['\t', '\r']] as const) {
    const csv = `x${d}y${nl}` + written.map((cell, i) => `${cell}${d}${i}`).join(nl) + nl;
    for (const fastPath of [true, false]) {
      const x = numeric(await readText(csv, { fastPath, delimiter: d, decimal: '.' }), 'x');
      assert.ok(x.spellings, 'the reader keeps the spellings');
      const shown = written.map((_, row) => spelledCell(x.spellings!, x.values[row]!, row, '.'));
      assert.deepEqual(shown, written, `${JSON.stringify(d)} fast path ${fastPath}`);
    }
  }
});

test('a file with a decimal comma shows its numbers with the comma', async () => {
  const x = numeric(await readText('x;y\n1,50;1\n-0,25;2\n3;3\n', { delimiter: ';', decimal: ',' }), 'x');
  assert.deepEqual([0, 1, 2].map(row => spelledCell(x.spellings!, x.values[row]!, row, ',')), ['1,50', '-0,25', '3']);
});

test('plain fixed-point numbers cost one byte each and nothing on the side', async () => {
  const rows = Array.from({ length: 1000 }, (_, i) => `${(i / 8).toFixed(3)},${i}`);
  const x = numeric(await readText('x,y\n' + rows.join('\n') + '\n'), 'x');
  assert.equal(x.spellings!.verbatimRows.length, 0);
  assert.ok(x.spellings!.digits.every(f => f === 3));
});

test('a column that turns to text late keeps its earlier numbers as written', async () => {
  const ds = await readText('x,y\n17.0,1\n1.50,2\nabc,3\n');
  const x = ds.columns.find(c => c.name === 'x')!;
  assert.equal(x.kind, 'text');
  assert.deepEqual(x.values, ['17.0', '1.50', 'abc']);
});

test('the byte scanner\'s shape rule agrees with toFixed on every fixed-point text of up to 15 significant digits', () => {
  const fixedPoint = fc.tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 15n - 1n }), fc.integer({ min: 0, max: 22 }))
    .map(([negative, mantissa, f]) => {
      const digits = mantissa.toString().padStart(f + 1, '0');
      const text = f === 0 ? digits : `${digits.slice(0, -f)}.${digits.slice(-f)}`;
      return (negative ? '-' : '') + text;
    });
  fc.assert(fc.property(fixedPoint, text => {
    const negative = text.startsWith('-');
    const body = negative ? text.slice(1) : text;
    const point = body.indexOf('.');
    const integer = point < 0 ? body : body.slice(0, point);
    const fraction = point < 0 ? '' : body.slice(point + 1);
    const code = fixedPointSpelling(negative, false, integer.length, integer.startsWith('0'), point >= 0, fraction.length, /^[0.]*$/.test(body));
    const careful = spellingOf(text, Number(text), '.');
    assert.equal(code, careful, text);
    if (code !== VERBATIM_CELL) { assert.equal(Number(text).toFixed(code), text); }
  }), { numRuns: 5000, seed: 7 });
});

test('empty cells and spellings toFixed cannot give back are told apart', () => {
  assert.equal(spellingOf('', NaN, '.'), EMPTY_CELL);
  for (const text of ['+2', '.5', '5.', '-0.0', '007', '1e3', 'NA', ' 7']) { assert.equal(spellingOf(text, Number(text.trim()), '.'), VERBATIM_CELL, text); }
  assert.equal(spellingOf('2.50', 2.5, '.'), 2);
  assert.equal(spellingOf('2,50', 2.5, ','), 2);
});
