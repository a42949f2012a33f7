// A file whose text would exhaust the JavaScript heap is refused with a sentence (exit 2), not
// killed by V8 (exit 134, a page of native stack); a file that fits the same heap is read.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { cli, freshDir, STACK_TRACE } from './runCli';

function writeLabelled(file: string, rows: number): void {
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, 'x,y,name\n');
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    chunk += `${(i % 97) / 7},${(i % 89) / 3},row-${i}-unique-label\n`;
    if (chunk.length > 1 << 20) { fs.writeSync(fd, chunk); chunk = ''; }
  }
  fs.writeSync(fd, chunk);
  fs.closeSync(fd);
}

const inSmallHeap = (file: string) => spawnSync(process.execPath, ['--max-old-space-size=64', cli, 'fit', file, '--k', '2', '--json'], { encoding: 'utf8', timeout: 120_000 });

test('a million unique labels in a 64 MB heap: exit 2 with what to do, never a V8 crash', () => {
  const dir = freshDir('heap-budget');
  const big = path.join(dir, 'labels.csv');
  writeLabelled(big, 1_000_000);
  const r = inSmallHeap(big);
  assert.equal(r.status, 2, `exit ${r.status} ${r.signal ?? ''}: ${r.stderr.slice(0, 300)}`);
  assert.match(r.stderr, /text cells need more memory than Cluster Lens may use here: \d+ MB held after \d+% of the file .*the text column "name"/);
  assert.match(r.stderr, /Remove the text columns you do not need/);
  assert.doesNotMatch(r.stderr, STACK_TRACE);
  assert.equal(r.stdout, '');
});

test('the same heap reads and fits a file whose labels fit it', () => {
  const dir = freshDir('heap-budget-fits');
  const small = path.join(dir, 'labels.csv');
  writeLabelled(small, 100_000);
  const r = inSmallHeap(small);
  assert.equal(r.status, 0, r.stderr);
  assert.equal((JSON.parse(r.stdout) as { rowsRead: number }).rowsRead, 100_000);
});
