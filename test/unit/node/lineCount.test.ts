import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { countLines } from '../../../src/node/lineCount';

after(() => fs.rmSync(path.resolve('test-out', `node-${process.pid}`), { recursive: true, force: true }));

test('lines are counted as the reader numbers them, with or without a final line break', async () => {
  const dir = path.resolve('test-out', `node-${process.pid}`, 'lines');
  fs.mkdirSync(dir, { recursive: true });
  const cases: [string, '\n' | '\r\n' | '\r', number][] = [
    ['', '\n', 0], ['a', '\n', 1], ['a\n', '\n', 1], ['a\nb', '\n', 2], ['a\n\nb\n', '\n', 3],
    ['a\r\nb\r\n', '\r\n', 2], ['a\r\nb\nc', '\r\n', 3], ['a\rb\rc\r', '\r', 3],
  ];
  for (const [text, newline, lines] of cases) {
    const file = path.join(dir, 'f.csv');
    fs.writeFileSync(file, text);
    assert.equal(await countLines(file, newline), lines, JSON.stringify(text));
  }
});
