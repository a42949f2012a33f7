import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readText, readBytes, numeric, text, names, bytesOf } from './helpers';
import { CsvError } from '../../../src/data/csvError';

const penguinsLike = 'species,bill,mass\nAdelie,39.1,3750\nGentoo,NA,5000\nAdelie,40.3,\n';

test('a comma file reads into numeric and text columns', async () => {
  const ds = await readText(penguinsLike);
  assert.deepEqual(names(ds), ['species', 'bill', 'mass']);
  assert.equal(ds.nRows, 3);
  assert.deepEqual(text(ds, 'species').values, ['Adelie', 'Gentoo', 'Adelie']);
  assert.deepEqual([...numeric(ds, 'bill').values], [39.1, NaN, 40.3]);
  assert.equal(numeric(ds, 'mass').missing, 1);
});

test('the result does not depend on how the bytes are sliced', async () => {
  const whole = await readText(penguinsLike);
  for (const size of [1, 2, 3, 7, 64]) {
    const sliced = await readText(penguinsLike, {}, size);
    assert.deepEqual(sliced.columns, whole.columns, `chunk size ${size}`);
  }
});

for (const [label, delimiter] of [['semicolon', ';'], ['tab', '\t'], ['pipe', '|']] as const) {
  test(`a ${label}-delimited file is detected`, async () => {
    const ds = await readText(`a${delimiter}b${delimiter}c\n1${delimiter}2${delimiter}x\n3${delimiter}4${delimiter}y\n`);
    assert.equal(ds.dialect.delimiter, delimiter);
    assert.deepEqual(names(ds), ['a', 'b', 'c']);
    assert.deepEqual([...numeric(ds, 'b').values], [2, 4]);
  });
}

test('a given delimiter overrides the guess', async () => {
  const ds = await readText('a;b,c\n1;2,3\n', { delimiter: ';' });
  assert.deepEqual(names(ds), ['a', 'b,c']);
});

test('a .tsv file name means tabs when the content is a single column', async () => {
  const ds = await readText('value\n1\n2\n', { fileName: 'data.tsv' });
  assert.equal(ds.dialect.delimiter, '\t');
});

for (const [label, nl] of [['CRLF', '\r\n'], ['LF', '\n'], ['CR', '\r']] as const) {
  test(`${label} line endings are detected and not part of the cells`, async () => {
    const ds = await readText(`x,y${nl}1,2${nl}3,4${nl}`);
    assert.equal(ds.dialect.newline, nl);
    assert.deepEqual([...numeric(ds, 'y').values], [2, 4]);
  });
}

test('quoted fields keep delimiters, doubled quotes and newlines', async () => {
  const ds = await readText('name,v\n"Smith, J.",1\n"say ""hi""",2\n"two\nlines",3\n');
  assert.deepEqual(text(ds, 'name').values, ['Smith, J.', 'say "hi"', 'two\nlines']);
  assert.deepEqual([...numeric(ds, 'v').values], [1, 2, 3]);
});

test('a UTF-8 byte order mark is noted and not part of the first name', async () => {
  const ds = await readBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...bytesOf('a,b\n1,2\n')]));
  assert.equal(ds.dialect.bom, true);
  assert.deepEqual(names(ds), ['a', 'b']);
});

test('numbers may carry signs, exponents and surrounding spaces', async () => {
  const ds = await readText('v\n+7\n-3.5\n.5\n5.\n1e-3\n6.02E+23\n 42 \n');
  assert.deepEqual([...numeric(ds, 'v').values], [7, -3.5, 0.5, 5, 0.001, 6.02e23, 42]);
});

test('the usual spellings of missing and infinity count as missing', async () => {
  const cells = ['', 'NA', 'N/A', 'n/a', '#N/A', 'NaN', 'nan', 'null', 'NULL', 'None', 'inf', '-inf', 'Infinity', '-Infinity', '1e400'];
  const ds = await readText('v,w\n' + cells.map(c => `${c},1`).join('\n') + '\n2,1\n');
  const v = numeric(ds, 'v');
  assert.equal(v.missing, cells.length);
  assert.equal(v.values[cells.length], 2);
});

test('1e308 and -1e308 are finite numbers and kept', async () => {
  const ds = await readText('v\n1e308\n-1e308\n0\n');
  assert.deepEqual([...numeric(ds, 'v').values], [1e308, -1e308, 0]);
});

test('one text cell makes a column text, and the report names it with its line', async () => {
  const rows = Array.from({ length: 20 }, (_, i) => `${i * 1.5}`);
  rows[12] = 'n.a.';
  const ds = await readText('v\n' + rows.join('\n') + '\n');
  assert.equal(ds.columns[0]!.kind, 'text');
  assert.deepEqual(ds.report.mostlyNumericColumns[0]?.examples, [{ line: 14, row: 13, value: 'n.a.' }]);
  assert.match(ds.report.warnings.join(' '), /"v" is treated as text.*"n\.a\." on line 14 \(row 13\)/);
});

test('a text column keeps the cells that came before as numbers as the file wrote them', async () => {
  const ds = await readText('v\n1.50\nNA\nabc\n');
  assert.deepEqual(text(ds, 'v').values, ['1.50', 'NA', 'abc']);
});

test('a first row of numbers over numeric columns is data, and columns are named column1…', async () => {
  const ds = await readText('1,2\n3,4\n');
  assert.equal(ds.dialect.hasHeader, false);
  assert.deepEqual(names(ds), ['column1', 'column2']);
  assert.equal(ds.nRows, 2);
});

test('hasHeader: false reads the first line as data even when it is text', async () => {
  const ds = await readText('a,b\nc,d\n', { hasHeader: false });
  assert.equal(ds.nRows, 2);
  assert.deepEqual(text(ds, 'column1').values, ['a', 'c']);
});

test('duplicate and empty names are made unique and reported', async () => {
  const ds = await readText('x,x,,x_2\n1,2,3,4\n');
  assert.deepEqual(names(ds), ['x', 'x_3', 'column3', 'x_2']);
  assert.equal(ds.report.renamedColumns.length, 2);
});

test('a counting column and a column named id are id-like; measurements are not', async () => {
  const ds = await readText('row,customer_id,x\n1,907,0.5\n2,15,0.7\n3,300,0.1\n');
  assert.equal(numeric(ds, 'row').idLike, true);
  assert.equal(numeric(ds, 'customer_id').idLike, true);
  assert.equal(numeric(ds, 'x').idLike, false);
});

test('rows with the wrong number of fields are skipped and reported by line', async () => {
  const ds = await readText('a,b\n1,2\n3\n4,5,6\n7,8\n');
  assert.equal(ds.nRows, 2);
  assert.deepEqual([...numeric(ds, 'a').values], [1, 7]);
  assert.equal(ds.report.raggedRows, 2);
  assert.deepEqual(ds.report.raggedExamples, [3, 4]);
});

test('a decimal-comma file with semicolons is read with decimal commas', async () => {
  const ds = await readText('a;b\n1,5;2,25\n-3,75;4\n');
  assert.equal(ds.dialect.decimal, ',');
  assert.deepEqual([...numeric(ds, 'a').values], [1.5, -3.75]);
});

test('quoted numbers with thousands separators are text, as pandas reads them by default', async () => {
  const ds = await readText('v,w\n"1,234",1\n"12,345,678.5",2\n');
  assert.deepEqual(text(ds, 'v').values, ['1,234', '12,345,678.5']);
});

test('every number form pandas reads is a number, on the fast path and off it, whatever the dialect', async () => {
  const forms: [string, number][] = [
    ['1.5e+3', 1500], ['1.5E-3', 0.0015], ['+2', 2], ['.5', 0.5], ['5.', 5], ['-0', -0], ['6.02E+23', 6.02e23], ['+.5e-2', 0.005], [' 7 ', 7],
  ];
  for (const [d, nl] of [[',', '\n'], [',', '\r\n'], ['\t', '\n'], [';', '\r\n'], ['|', '\r']] as const) {
    const csv = `x${d}y${nl}` + forms.map(([cell], i) => `${cell}${d}${i}`).join(nl) + nl;
    for (const fastPath of [true, false]) {
      const ds = await readText(csv, { fastPath, delimiter: d, decimal: '.' });
      assert.deepEqual([...numeric(ds, 'x').values], forms.map(f => f[1]), `${JSON.stringify(d)} ${JSON.stringify(nl)} fast path ${fastPath}`);
    }
  }
});

test('pandas\' missing tokens are missing and infinities too; underscores and hex are text, as in pandas', async () => {
  const missing = ['', 'NA', 'N/A', 'n/a', '#N/A', '#N/A N/A', '#NA', '<NA>', 'NULL', 'null', 'NaN', '-NaN', 'nan', '-nan', 'None', '1.#IND', '-1.#IND', '1.#QNAN', '-1.#QNAN', 'inf', '-inf', 'Infinity'];
  for (const fastPath of [true, false]) {
    const ds = await readText('x,y\n' + missing.map(m => `${m},1`).join('\n') + '\n2,3\n', { fastPath });
    const x = numeric(ds, 'x');
    assert.equal(x.missing, missing.length);
    assert.equal(x.values[missing.length], 2);
    for (const cell of ['1_000', '0x10']) {
      assert.equal((await readText(`x,y\n1,2\n${cell},3\n`, { fastPath })).columns[0]!.kind, 'text', cell);
    }
  }
});

test('a column read as text is named with the cell that made it so, by line and row', async () => {
  const ds = await readText('x,y\n1,a\n2,b\n3 kg,c\n4,d\n');
  assert.equal(text(ds, 'x').firstText?.value, '3 kg');
  assert.match(ds.report.warnings.join(' '), /Column "x" is text: its cell "3 kg" on line 4 \(row 3\) is not a number, though 3 other cells are/);
  assert.doesNotMatch(ds.report.warnings.join(' '), /Column "y"/, 'a column of words is no surprise');
});

test('progress is reported in bytes and ends at the file size', async () => {
  const body = 'x,y\n' + Array.from({ length: 100000 }, (_, i) => `${i},${i * 2}`).join('\n');
  const seen: number[] = [];
  const bytes = bytesOf(body);
  await readBytes(bytes, { onProgress: (read, total) => { assert.equal(total, bytes.length); seen.push(read); } }, 65536);
  assert.ok(seen.length >= 2);
  assert.equal(seen[seen.length - 1], bytes.length);
});

test('an aborted read stops with a cancelled CsvError', async () => {
  const ctrl = new AbortController();
  ctrl.abort();
  await assert.rejects(readText('a\n1\n', { signal: ctrl.signal }), (e: unknown) => e instanceof CsvError && e.code === 'cancelled');
});

test('a read cancelled midway stops early', async () => {
  const ctrl = new AbortController();
  const bytes = bytesOf('x\n' + '1\n'.repeat(2_000_000));
  await assert.rejects(readBytes(bytes, { signal: ctrl.signal, onProgress: read => { if (read > 100_000) { ctrl.abort(); } } }, 16384),
    (e: unknown) => e instanceof CsvError && e.code === 'cancelled');
});

test('the shipped samples read as the lead expects', async () => {
  const fs = await import('node:fs');
  const penguins = await readBytes(new Uint8Array(fs.readFileSync('media/samples/penguins.csv')));
  assert.equal(penguins.nRows, 344);
  assert.deepEqual(names(penguins), ['species', 'island', 'bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g', 'sex']);
  assert.equal(numeric(penguins, 'bill_length_mm').missing, 2);
  const blobs = await readBytes(new Uint8Array(fs.readFileSync('media/samples/blobs.csv')));
  assert.deepEqual(names(blobs), ['x', 'y']);
  assert.equal(blobs.nRows, 450);
});

test('a shuffled row number is id-like too', async () => {
  const ds = await readText('n,x\n3,0.5\n1,0.25\n4,0.75\n2,1.5\n');
  assert.equal(numeric(ds, 'n').idLike, true);
  assert.equal(numeric(ds, 'x').idLike, false);
});

test('a .tsv file splits at tabs even when commas would split evenly too', async () => {
  const ds = await readText('a,b\tc\n1,5\t2\n3,5\t4\n', { fileName: 'x.TSV' });
  assert.equal(ds.dialect.delimiter, '\t');
  assert.deepEqual(names(ds), ['a,b', 'c']);
});

test('cells of random CSV-like text equal papaparse reading the whole text at once', async () => {
  const { default: fc } = await import('fast-check');
  const { default: Papa } = await import('papaparse');
  const { parseCell } = await import('../../../src/data/cellParsing');
  const part = fc.constantFrom('a', 'b c', '1', '-2.5', 'NA', '', ',', ',', '"', '""', '"x,y"', '\n', '\r\n', ' ', '\u00a0', 'é');
  await fc.assert(fc.asyncProperty(fc.array(part, { maxLength: 50 }), fc.integer({ min: 1, max: 9 }), fc.boolean(), async (parts, chunk, fastPath) => {
    const csv = 'h1,h2\n' + parts.join('');
    const rows = (new Papa.Parser({ delimiter: ',', newline: '\n', quoteChar: '"' }).parse(csv, 0, false).data as string[][])
      .filter(r => !(r.length === 1 && r[0]!.trim() === ''));
    const data = rows.slice(1).filter(r => r.length === rows[0]!.length);
    if (data.length === 0) {
      await assert.rejects(readText(csv, { delimiter: ',', hasHeader: true, fastPath }, chunk), (e: unknown) => e instanceof CsvError);
      return;
    }
    const ds = await readText(csv, { delimiter: ',', hasHeader: true, fastPath }, chunk);
    assert.equal(ds.nRows, data.length);
    ds.columns.forEach((col, j) => {
      const cells = data.map(r => r[j]!);
      if (col.kind === 'text') {
        // Cells before the first text cell come back in their numeric form.
        const firstText = cells.findIndex(c => parseCell(c, '.') === null);
        cells.forEach((c, i) => { if (i >= firstText) { assert.equal(col.values[i], c); } });
      } else {
        assert.deepEqual([...col.values], cells.map(c => parseCell(c, '.')));
      }
    });
  }), { numRuns: 1500 });
});

test('a header wider than the usual sample is still sniffed right, in small chunks', async () => {
  const width = 20000;
  const header = Array.from({ length: width }, (_, j) => `column_${j}`).join(';');
  const row = Array.from({ length: width }, (_, j) => String(j % 7)).join(';');
  const ds = await readText(`${header}\n${row}\n${row}\n`, {}, 4096);
  assert.equal(ds.dialect.delimiter, ';');
  assert.equal(ds.columns.length, width);
  assert.equal(ds.nRows, 2);
});

test('a lone LF in a CRLF file is a line break wherever the chunks are cut', async () => {
  const csv = 'a,b\r\n1,2\n3,4\r\n5,6\n\n7,8\r\n9,10';
  for (const size of [1, 2, 3, 64]) {
    for (const fastPath of [true, false]) {
      const ds = await readText(csv, { fastPath }, size);
      assert.equal(ds.dialect.newline, '\r\n');
      assert.deepEqual([...numeric(ds, 'b').values], [2, 4, 6, 8, 10], `chunk size ${size}`);
      assert.deepEqual([ds.report.raggedRows, ds.report.blankLines], [0, 1]);
    }
  }
});

test('line numbers count lone LFs in a CRLF file', async () => {
  const ds = await readText('a,b\r\n1,2\n3\r\n5,6\n7\r\n');
  assert.deepEqual(ds.report.raggedExamples, [3, 5]);
});

test('line numbers stay right after batches the fast path counted itself', async () => {
  const plain = Array.from({ length: 6000 }, (_, i) => `${i},${i / 4}`).join('\n');
  const csv = `a,b\n${plain}\n1,2,3\n"x\ny",5\n${plain}\n4\n"open,6\n`;
  for (const chunk of [97, 4096]) {
    for (const fastPath of [true, false]) {
      const ds = await readText(csv, { fastPath }, chunk);
      assert.deepEqual(ds.report.raggedExamples, [6002, 12005, 12006], `chunk size ${chunk}`);
      assert.equal(ds.report.unterminatedQuoteLine, 12006);
      assert.equal(ds.report.fastPathBatches > 0, fastPath);
    }
  }
});

test('a text column too big for the heap the host allows stops the read with a sentence that names it', async () => {
  const rows = Array.from({ length: 5000 }, (_, i) => `${i % 7},${i % 5},unique-label-number-${i}`);
  const csv = 'x,y,name\n' + rows.join('\n') + '\n';
  await assert.rejects(readText(csv, { heapBudgetBytes: 100_000 }), (e: unknown) =>
    e instanceof CsvError && e.code === 'too-large' && /text column "name"/.test(e.message) && /the limit is 98 KB/.test(e.message) && /Remove the text columns/.test(e.hint));
  // The same rows fit a budget of what they hold, and repeated labels cost a pointer each.
  assert.equal((await readText(csv, { heapBudgetBytes: 2_000_000 })).nRows, 5000);
  const repeated = 'x,y,name\n' + rows.map((r, i) => r.replace(/unique-label-number-\d+/, `label-${i % 3}`)).join('\n') + '\n';
  assert.equal((await readText(repeated, { heapBudgetBytes: 100_000 })).nRows, 5000);
});
