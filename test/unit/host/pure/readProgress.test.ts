import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type ReadProgressMessage, throttledReadProgress } from '../../../../src/host/pure/readProgress';

describe('reading progress for the panel', () => {
  test('posts at most one update per interval, and always the one that completes the file', () => {
    const posted: ReadProgressMessage[] = [];
    let now = 0;
    const report = throttledReadProgress(m => posted.push(m), 100, () => now);
    for (let bytes = 0; bytes <= 1000; bytes += 10) {
      report(bytes, 1000);
      now += 7; // a chunk every 7 ms
    }
    assert.ok(posted.length >= 7 && posted.length <= 9, `${posted.length} updates for 700 ms`);
    assert.deepEqual(posted.at(-1), { type: 'didProgressRead', bytesRead: 1000, totalBytes: 1000 });
    assert.deepEqual(posted[0], { type: 'didProgressRead', bytesRead: 0, totalBytes: 1000 });
  });

  test('says the size is unknown as null', () => {
    const posted: ReadProgressMessage[] = [];
    throttledReadProgress(m => posted.push(m))(4096, undefined);
    assert.deepEqual(posted, [{ type: 'didProgressRead', bytesRead: 4096, totalBytes: null }]);
  });
});
