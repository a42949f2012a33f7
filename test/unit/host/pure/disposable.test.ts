import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Disposable, disposeAll, type DisposableLike } from '../../../../src/host/pure/disposable';

class Owner extends Disposable {
  own<T extends DisposableLike>(value: T): T { return this.register(value); }
  get gone(): boolean { return this.isDisposed; }
}

function recorder(log: string[], name: string, fail = false): DisposableLike {
  return { dispose: () => { log.push(name); if (fail) { throw new Error(`${name} failed`); } } };
}

describe('Disposable', () => {
  test('disposes what it owns once, in the order it was registered', () => {
    const log: string[] = [];
    const owner = new Owner();
    const a = recorder(log, 'a');
    assert.equal(owner.own(a), a);
    owner.own(recorder(log, 'b'));
    assert.equal(owner.gone, false);
    owner.dispose();
    owner.dispose();
    assert.deepEqual(log, ['a', 'b']);
    assert.equal(owner.gone, true);
  });

  test('disposes at once what is registered after it was disposed', () => {
    const log: string[] = [];
    const owner = new Owner();
    owner.dispose();
    owner.own(recorder(log, 'late'));
    assert.deepEqual(log, ['late']);
  });

  test('disposeAll disposes every one even when one throws, then throws the first error', () => {
    const log: string[] = [];
    assert.throws(() => disposeAll([recorder(log, 'a', true), recorder(log, 'b', true), recorder(log, 'c')]), /a failed/);
    assert.deepEqual(log, ['a', 'b', 'c']);
  });
});
