import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  allOf, arrayOf, check, type Check, describes, finite, type Infer, integer, type MessageOf, nullable, numberOrNaN, object, oneOf, optional, refine, string,
  tagged, typedArray,
} from '../../../src/shared/guards';

describe('a guard says why it refuses a value', () => {
  test('numbers: finite and integer refuse NaN, fractions and values out of bounds, naming the path', () => {
    assert.equal(finite(0, 1)(0.5, 'x'), undefined);
    assert.equal(finite(0, 1)(Number.NaN, 'x'), 'x must be a finite number in [0, 1]');
    assert.equal(integer(1, 3)(2.5, 'k'), 'k must be an integer in [1, 3]');
    assert.equal(integer(1, 3)(4, 'k'), 'k must be an integer in [1, 3]');
    assert.equal(numberOrNaN(Number.NaN, 'v'), undefined, 'a statistic may be undefined');
    assert.equal(numberOrNaN('1', 'v'), 'v must be a number');
  });

  test('an object is checked field by field, in its shape\'s order, and the first failing field is named', () => {
    const shape = object({ a: integer(0), b: string });
    assert.equal(shape({ a: 1, b: 'x', extra: true }, 'm'), undefined, 'fields the shape does not name are ignored');
    assert.equal(shape({ a: -1, b: 3 }, 'm'), 'm.a must be an integer in [0, 9007199254740991]');
    assert.equal(shape({ a: 1 }, 'm'), 'm.b must be a string');
    assert.equal(shape([1, 'x'], 'm'), 'm must be an object', 'an array is not an object');
  });

  test('optional accepts a missing field, nullable a null, and neither the other', () => {
    assert.equal(optional(string)(undefined, 'p'), undefined);
    assert.equal(optional(string)(null, 'p'), 'p must be a string');
    assert.equal(nullable(string)(null, 'p'), undefined);
    assert.equal(nullable(string)(undefined, 'p'), 'p must be a string');
  });

  test('arrays are bounded in length and name the first bad item', () => {
    assert.equal(arrayOf(integer(0), 2)([1, 2, 3], 'xs'), 'xs has more than 2 items');
    assert.equal(arrayOf(integer(0), 3)([1, -2, 3], 'xs'), 'xs[1] must be an integer in [0, 9007199254740991]');
    assert.equal(typedArray('Float64Array')(new Float32Array(1), 'v'), 'v must be a Float64Array', 'one typed array is not another');
  });

  test('oneOf lists what it accepts', () => {
    assert.equal(oneOf(['full', 'diag'])('tied', 'c'), 'c must be one of full, diag');
  });

  test('tagged picks the shape its tag names, and refuses a tag it does not know', () => {
    const column = tagged('kind', {
      numeric: object({ kind: oneOf(['numeric']), mean: finite() }),
      text: object({ kind: oneOf(['text']), top: arrayOf(string) }),
    });
    assert.equal(column({ kind: 'numeric', mean: 1 }, 'c'), undefined);
    assert.equal(column({ kind: 'text', mean: 1 }, 'c'), 'c.top must be an array', 'a text column is held to the text shape');
    assert.equal(column({ kind: 'date' }, 'c'), 'c.kind must be one of numeric, text');
    assert.equal(column(null, 'c'), 'c must be an object');
  });

  test('refine runs its extra check only on a value the fields passed, with its path', () => {
    let calls = 0;
    const pair = refine(object({ n: integer(0), xs: arrayOf(finite()) }), (v, p) => { calls++; return v.xs.length === v.n ? undefined : `${p}.xs must have n items`; });
    assert.equal(pair({ n: 'two', xs: [] }, 'm'), 'm.n must be an integer in [0, 9007199254740991]');
    assert.equal(calls, 0, 'the lengths are not read from a value whose fields failed');
    assert.equal(pair({ n: 2, xs: [1] }, 'm'), 'm.xs must have n items');
    assert.equal(pair({ n: 1, xs: [1] }, 'm'), undefined);
  });
});

describe('a guard is also the type of what it passes', () => {
  const shape = object({ k: integer(1), name: optional(string), scores: nullable(typedArray('Float64Array')), kind: oneOf(['a', 'b']) });
  type Shape = Infer<typeof shape>;

  test('optional fields are optional keys, and the compiler refuses a value the guard would refuse', () => {
    const value: Shape = { k: 1, scores: null, kind: 'a' };
    assert.equal(shape(value, 'v'), undefined);
    // @ts-expect-error: 'c' is not one of the kinds the guard accepts
    const wrongKind: Shape = { k: 1, scores: null, kind: 'c' };
    // @ts-expect-error: scores must be a Float64Array or null, as the guard checks
    const wrongScores: Shape = { k: 1, scores: [1], kind: 'a' };
    assert.notEqual(shape(wrongKind, 'v'), undefined);
    assert.notEqual(shape(wrongScores, 'v'), undefined);
  });

  test('a record of guards is a union of messages told apart by their type', () => {
    const shapes = { didStart: object({ id: integer(0) }), didFail: object({ message: string }) };
    const describe = (m: MessageOf<typeof shapes>): string => (m.type === 'didStart' ? `start ${m.id}` : `fail ${m.message}`);
    assert.equal(shapes.didStart({ id: -1 }, 'didStart'), 'didStart.id must be an integer in [0, 9007199254740991]');
    assert.equal(describe({ type: 'didStart', id: 3 }), 'start 3');
    assert.equal(describe({ type: 'didFail', message: 'no' }), 'fail no');
  });

  test('describes holds a guard to a type defined elsewhere: every field checked, none of another type', () => {
    interface Point { x: number; y: number }
    const point: Check<Point> = describes<Point>()(object({ x: finite(), y: finite() }));
    assert.equal(point({ x: 1, y: 'a' }, 'p'), 'p.y must be a finite number in [-Infinity, Infinity]');
    // @ts-expect-error: the guard forgets y
    describes<Point>()(object({ x: finite() }));
    // @ts-expect-error: y is checked as a string, not the number Point says
    describes<Point>()(object({ x: finite(), y: string }));
  });

  test('allOf refuses a list that leaves out a member of the union', () => {
    type Letter = 'a' | 'b' | 'c';
    assert.deepEqual(allOf<Letter>()(['a', 'b', 'c']), ['a', 'b', 'c']);
    // @ts-expect-error: 'c' is missing
    allOf<Letter>()(['a', 'b']);
  });

  test('a hand-written check states its type, and only passes what it claims', () => {
    const even = check<number>((v, p) => (typeof v === 'number' && v % 2 === 0 ? undefined : `${p} must be even`));
    assert.equal(even(4, 'n'), undefined);
    assert.equal(even(3, 'n'), 'n must be even');
  });
});
