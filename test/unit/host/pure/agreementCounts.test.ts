import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Column } from '../../../../src/data/columnTyping';
import { answerAgreeRequest, classCodesOf, disagreeingRows } from '../../../../src/host/pure/agreementCounts';
import { TablePages, type TableDataset, type TableFit } from '../../../../src/host/pure/tablePages';
import { parseHostMessage, parseWebviewMessage } from '../../../../src/shared/protocol';
import { MAX_AGREEMENT_CLASSES } from '../../../../src/shared/agreementProtocol';

/**
 * Seven rows, k = 2; row 6 was left out of the fit. Species: clusters 0 = {a, a, b}, 1 = {c, c, ''}.
 * Row 2 (b in cluster 0) is the one row that disagrees; row 5 has no species.
 */
function small(): { dataset: TableDataset; fit: TableFit } {
  const columns: Column[] = [
    { kind: 'numeric', name: 'x', values: Float64Array.of(1.5, 2, 3, 4, 5, 6, NaN), missing: 1, idLike: false },
    { kind: 'text', name: 'species', values: ['a', 'a', 'b', 'c', 'c', '', 'a'] },
    { kind: 'numeric', name: 'year', values: Float64Array.of(2007, 2009, 2008, 2007, 2007, 2009, 2008), missing: 0, idLike: false },
  ];
  const rowIndex = Int32Array.of(0, 1, 2, 3, 4, 5);
  const labels = Int32Array.of(0, 0, 0, 1, 1, 1);
  const resp = Float32Array.of(0.9, 0.1, 0.8, 0.2, 0.6, 0.4, 0.3, 0.7, 0.1, 0.9, 0.2, 0.8);
  return { dataset: { nRows: 7, columns }, fit: { selection: { rowIndex }, result: { labels, resp, nComponents: 2 }, snapshot: { fitId: 3 } } };
}

describe('classCodesOf', () => {
  test('codes a text column by its values in collation order, an empty cell as −1', () => {
    const codes = classCodesOf({ kind: 'text', name: 's', values: ['b10', 'b9', '', 'A'] });
    assert.ok(codes.ok);
    assert.deepEqual(codes.values, ['A', 'b9', 'b10']);
    assert.deepEqual([...codes.codes], [2, 1, -1, 0]);
  });

  test('codes an integer column in numeric order and refuses one with fractions', () => {
    const codes = classCodesOf({ kind: 'numeric', name: 'n', values: Float64Array.of(10, 9, NaN, 10), missing: 1, idLike: false });
    assert.ok(codes.ok);
    assert.deepEqual(codes.values, ['9', '10']);
    assert.deepEqual([...codes.codes], [1, 0, -1, 1]);
    const refused = classCodesOf({ kind: 'numeric', name: 'bill', values: Float64Array.of(1, 2.5), missing: 0, idLike: false });
    assert.ok(!refused.ok && /non-integer/.test(refused.why));
  });

  test(`refuses a column with more than ${MAX_AGREEMENT_CLASSES} distinct values`, () => {
    const values = Array.from({ length: MAX_AGREEMENT_CLASSES + 1 }, (_, i) => `v${i}`);
    const refused = classCodesOf({ kind: 'text', name: 'id', values });
    assert.ok(!refused.ok && /more than/.test(refused.why));
  });
});

describe('answerAgreeRequest', () => {
  test('counts clusters × values over every fitted row with a value, and says how many were not counted', () => {
    const { dataset, fit } = small();
    const reply = answerAgreeRequest({ type: 'agree', requestId: 5, fitId: 3, column: 'species' }, dataset, fit)!;
    assert.equal(reply.refused, null);
    assert.deepEqual(reply.values, ['a', 'b', 'c']);
    assert.deepEqual([...reply.counts], [2, 1, 0, 0, 0, 2]);
    assert.equal(reply.nUncounted, 2);
    assert.ok(parseHostMessage(reply).ok, 'the reply passes the protocol guard');
    assert.ok(parseWebviewMessage({ type: 'agree', requestId: 5, fitId: 3, column: 'species' }).ok);
  });

  test('answers a request for an older fit with nothing, and a missing column with a refusal', () => {
    const { dataset, fit } = small();
    assert.equal(answerAgreeRequest({ type: 'agree', requestId: 1, fitId: 2, column: 'species' }, dataset, fit), undefined);
    const reply = answerAgreeRequest({ type: 'agree', requestId: 1, fitId: 3, column: 'nope' }, dataset, fit)!;
    assert.match(reply.refused ?? '', /no column nope/);
    assert.ok(parseHostMessage(reply).ok);
  });
});

describe('the table\'s "disagree with" filter', () => {
  test('marks the rows whose value is not their cluster\'s most frequent one', () => {
    const { dataset } = small();
    const labels = Int32Array.of(0, 0, 0, 1, 1, 1, -1);
    assert.deepEqual([...disagreeingRows(dataset, labels, 2, 'species')!], [0, 0, 1, 0, 0, 0, 0]);
    assert.deepEqual([...disagreeingRows(dataset, labels, 2, 'year')!], [0, 1, 1, 0, 0, 1, 0]);
  });

  test('shows only those rows in the table, with the other filters', () => {
    const { dataset, fit } = small();
    const pages = new TablePages(dataset, fit);
    const sort = { key: 'row' as const, descending: false };
    assert.deepEqual([...pages.order(sort, { clusters: null, certaintyBelow: null, disagreeWith: 'year' })], [1, 2, 5]);
    assert.deepEqual([...pages.order(sort, { clusters: [0], certaintyBelow: null, disagreeWith: 'year' })], [1, 2]);
    assert.deepEqual([...pages.order(sort, { clusters: null, certaintyBelow: 0.7, disagreeWith: 'species' })], [2]);
    assert.deepEqual([...pages.order(sort, { clusters: null, certaintyBelow: null, disagreeWith: 'x' })], [], 'a measurement disagrees nowhere');
  });
});
