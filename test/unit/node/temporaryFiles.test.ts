import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { removeLiveTemporariesSync, sweepStaleTemporaries, temporaryPathFor, trackTemporary } from '../../../src/node/temporaryFiles';

after(() => fs.rmSync(path.resolve('test-out', `node-${process.pid}`), { recursive: true, force: true }));

function freshDir(name: string): string {
  const dir = path.resolve('test-out', `node-${process.pid}`, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** The pid of a process that has ended. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

test('the temporary file is hidden beside the output and names this process', () => {
  const file = temporaryPathFor('/data/out.csv');
  assert.match(file, new RegExp(`^/data/\\.out\\.csv\\.${process.pid}\\.\\d{13}\\.tmp$`));
});

test('the sweep removes only plain files of our pattern whose process has ended', async () => {
  const dir = freshDir('sweep');
  const dead = deadPid(), now = Date.now();
  const stale = [`.out.csv.${dead}.${now}.tmp`, `.other name.csv.${dead}.${now - 5}.tmp`];
  const kept = [`.out.csv.${process.pid}.${now}.tmp`, `out.csv.${dead}.${now}.tmp`, `.out.csv.${dead}.${now}.tmp.bak`, `.out.csv.${dead}.123.tmp`, `.out.csv.tmp`];
  for (const name of [...stale, ...kept]) { fs.writeFileSync(path.join(dir, name), 'x'); }
  fs.mkdirSync(path.join(dir, `.folder.csv.${dead}.${now}.tmp`));
  fs.symlinkSync(path.join(dir, kept[0]!), path.join(dir, `.link.csv.${dead}.${now}.tmp`));

  assert.deepEqual((await sweepStaleTemporaries(dir)).sort(), stale.sort());
  assert.deepEqual(fs.readdirSync(dir).sort(), [...kept, `.folder.csv.${dead}.${now}.tmp`, `.link.csv.${dead}.${now}.tmp`].sort());
  assert.deepEqual(await sweepStaleTemporaries(path.join(dir, 'no such folder')), []);
});

test('a signal handler can remove the files being written, even one not created yet', () => {
  const dir = freshDir('live');
  const written = temporaryPathFor(path.join(dir, 'a.csv')), notYet = temporaryPathFor(path.join(dir, 'b.csv'));
  fs.writeFileSync(written, 'partial');
  trackTemporary(written);
  trackTemporary(notYet);
  removeLiveTemporariesSync();
  assert.deepEqual(fs.readdirSync(dir), []);
});
