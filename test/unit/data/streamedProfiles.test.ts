import assert from 'node:assert/strict';
import { test } from 'node:test';
import { byteSourceFromText } from '../../../src/data/byteSource';
import { readCsv } from '../../../src/data/csvReader';
import { MAX_DISTINCT_TEXT, ProfileAccumulator } from '../../../src/data/streamedProfiles';

test('a window that types a numeric column as text adds its numbers and counts its text cells as missing', async () => {
  const numeric = await readCsv(byteSourceFromText('m,s\n1,a\n3,b\n'));
  const texty = await readCsv(byteSourceFromText('m,s\n5,a\noops,a\n'));
  const acc = new ProfileAccumulator(numeric.columns, 1);
  acc.add(numeric.columns, 2, Int32Array.of(0, 0));
  acc.add(texty.columns, 2, Int32Array.of(0, 0));
  const [m, s] = acc.finish().columns;
  assert.ok(m?.kind === 'numeric' && s?.kind === 'text');
  assert.equal(m.overallMean, 3);
  assert.deepEqual(Array.from(m.missing!), [1]);
  assert.deepEqual(s.top[0], [{ value: 'a', share: 0.75 }, { value: 'b', share: 0.25 }]);
});

test('a window that types a text column as numbers counts the cells as the file spells them', async () => {
  const text = await readCsv(byteSourceFromText('code\nx1\n'));
  const numbers = await readCsv(byteSourceFromText('code\n007\n007\n1.50\n'));
  const acc = new ProfileAccumulator(text.columns, 1);
  acc.add(text.columns, 1, Int32Array.of(0));
  acc.add(numbers.columns, 3, Int32Array.of(0, 0, 0));
  const [code] = acc.finish().columns;
  assert.ok(code?.kind === 'text');
  assert.deepEqual(code.top[0]!.map(t => t.value), ['007', '1.50', 'x1']);
});

test('rows without a cluster count nowhere, and text values past the distinct limit are not counted', async () => {
  const n = MAX_DISTINCT_TEXT + 10;
  const values = Array.from({ length: n }, (_, i) => `v${i}`);
  const acc = new ProfileAccumulator([{ name: 't', kind: 'text' }], 2);
  acc.add([{ kind: 'text', name: 't', values }], n, Int32Array.from({ length: n }, (_, i) => (i === 0 ? -1 : i % 2)));
  acc.add([{ kind: 'text', name: 't', values: [`v${n - 1}`, `v${n - 1}`, 'v1'] }], 3, Int32Array.of(1, 1, 1));
  const profiles = acc.finish();
  assert.deepEqual(Array.from(profiles.sizes), [(n - 1) >> 1, n - 1 - ((n - 1) >> 1) + 3]);
  const [t] = profiles.columns;
  assert.ok(t?.kind === 'text');
  assert.equal(t.top[1]![0]!.value, 'v1', 'v1 counted twice; the late value never');
  assert.ok(!t.top[1]!.some(x => x.value === `v${n - 1}`));
});
