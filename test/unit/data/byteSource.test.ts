import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byteSourceFromBytes, byteSourceFromParts } from '../../../src/data/byteSource';
import { readCsv } from '../../../src/data/csvReader';
import { concatBytes } from '../../../src/data/textDecoding';
import { Random } from '../../../src/core/random';

const encode = (s: string): Uint8Array => new TextEncoder().encode(s);

test('a source in parts serves each part as one chunk, again on every iteration', async () => {
  const parts = [encode('a,b\n1,2\n'), new Uint8Array(0), encode('3,4\n')];
  const source = byteSourceFromParts(parts);
  assert.equal(source.totalBytes, 12);
  for (let round = 0; round < 2; round++) {
    const seen: Uint8Array[] = [];
    for await (const chunk of source.chunks) { seen.push(chunk); }
    assert.deepEqual(seen, [parts[0], parts[2]]);
  }
});

test('a source in parts reads any range as the joined bytes would', async () => {
  const random = new Random(14);
  const parts = Array.from({ length: 6 }, () => Uint8Array.from({ length: random.nextInt(9) }, () => random.nextInt(256)));
  const joined = concatBytes(parts);
  const source = byteSourceFromParts(parts);
  for (let start = 0; start <= joined.length; start++) {
    for (let end = start; end <= joined.length + 2; end++) {
      assert.deepEqual(await source.readRange!(start, end), joined.subarray(start, Math.min(end, joined.length)), `[${start}, ${end})`);
    }
  }
});

test('a table read from parts of whole records is the table read from its joined bytes', async () => {
  const parts = [encode('x,y,name\n1,2,a\n'), encode('3,4,"b\nc"\n5,6,d\n'), encode('7,8,e')];
  const whole = await readCsv(byteSourceFromBytes(concatBytes(parts)), { delimiter: ',', hasHeader: true });
  const inParts = await readCsv(byteSourceFromParts(parts), { delimiter: ',', hasHeader: true });
  assert.equal(inParts.nRows, 4);
  assert.deepEqual(inParts.columns, whole.columns);
});
