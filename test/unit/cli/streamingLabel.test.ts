// `label FILE --model MODEL.json` streams: a file several times the heap is labelled in a 64 MB
// heap, its output is the whole-file path's byte for byte, Ctrl-C leaves nothing behind, and
// `--sample N` fits a seeded sample and says so.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { Random } from '../../../src/core/random';
import { cli, freshDir, runCli, STACK_TRACE } from './runCli';

/** Rows of three clusters with a text column, quoted cells with line breaks now and then, CRLF. */
function block(rows: number, seed: number, quoted = true): string {
  const random = new Random(seed);
  let text = '';
  for (let i = 0; i < rows; i++) {
    const c = i % 3;
    const note = quoted && i % 101 === 0 ? `"a note, with
a line break"` : `r${i}`;
    text += `${(3 * c + random.nextNormal()).toFixed(5)},${(c + random.nextNormal()).toFixed(5)},${note}\r\n`;
  }
  return text;
}

const HEADER = 'x,y,note\r\n';
const dir = freshDir('streaming-label');
const small = path.join(dir, 'small.csv');
const model = path.join(dir, 'model.json');
fs.writeFileSync(small, HEADER + block(30_000, 1));
const fitted = runCli(['fit', small, '--k', '3', '--save-model', model, '--json']);
assert.equal(fitted.status, 0, fitted.stderr);

test('the streamed file equals the whole-file path byte for byte', () => {
  const streamed = runCli(['label', small, '--model', model, '--out', path.join(dir, 'streamed.csv'), '--json']);
  const whole = runCli(['label', small, '--model', model, '--out', path.join(dir, 'whole.csv'), '--no-stream', '--json']);
  assert.equal(streamed.status, 0, streamed.stderr);
  assert.equal(whole.status, 0, whole.stderr);
  assert.equal((JSON.parse(streamed.stdout) as { streamed: boolean }).streamed, true);
  assert.equal((JSON.parse(whole.stdout) as { streamed: boolean }).streamed, false);
  assert.ok(fs.readFileSync(path.join(dir, 'streamed.csv')).equals(fs.readFileSync(path.join(dir, 'whole.csv'))));
  assert.equal((JSON.parse(streamed.stdout) as { rows: number }).rows, 30_000);
});

test('a model column the file lacks is named, with --columns as the way out', () => {
  fs.writeFileSync(path.join(dir, 'renamed.csv'), 'u,v,note\r\n' + block(100, 2));
  const r = runCli(['label', path.join(dir, 'renamed.csv'), '--model', model, '--out', path.join(dir, 'renamed.out.csv')]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /no column "x"[\s\S]*--columns/);
  assert.doesNotMatch(r.stderr, STACK_TRACE);
  const mapped = runCli(['label', path.join(dir, 'renamed.csv'), '--model', model, '--columns', 'u,v', '--out', path.join(dir, 'renamed.out.csv'), '--json']);
  assert.equal(mapped.status, 0, mapped.stderr);
  assert.equal((JSON.parse(mapped.stdout) as { labelled: number }).labelled, 100);
});

test('fit --sample N fits a seeded sample of N rows and says N and the file\'s rows', () => {
  const a = runCli(['fit', small, '--k', '3', '--sample', '2000', '--seed', '4', '--json']);
  const b = runCli(['fit', small, '--k', '3', '--sample', '2000', '--seed', '4', '--json']);
  assert.equal(a.status, 0, a.stderr);
  const report = JSON.parse(a.stdout) as { sample: { rows: number; rowsInFile: number }; nSamples: number; means: number[][] };
  assert.deepEqual(report.sample, { rows: 2000, rowsInFile: 30_000, seed: 4 });
  assert.equal(report.nSamples, 2000);
  assert.deepEqual(report.means, (JSON.parse(b.stdout) as typeof report).means);
  const labelled = runCli(['label', small, '--k', '3', '--sample', '2000', '--seed', '4', '--out', path.join(dir, 'sampled.csv'), '--json']);
  assert.equal(labelled.status, 0, labelled.stderr);
  assert.equal((JSON.parse(labelled.stdout) as { labelled: number }).labelled, 30_000);
});

// 330 MB of text in a 64 MB heap (the heap's limit reads 117 MB: still under a third of the file).
const bigDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-lens-stream-'));
after(() => fs.rmSync(bigDir, { recursive: true, force: true }));
// The small file (quoted cells and all), then copies of a block without quotes: the reader's fast
// path, so the test takes seconds of CPU, not minutes.
const BLOCK = block(30_000, 3, false);
const COPIES = Math.ceil(330e6 / BLOCK.length);
const big = path.join(bigDir, 'big.csv');
const plain = path.join(dir, 'plain.csv');
fs.writeFileSync(plain, HEADER + BLOCK);
{
  const fd = fs.openSync(big, 'w');
  fs.writeSync(fd, fs.readFileSync(small));
  for (let i = 0; i < COPIES; i++) { fs.writeSync(fd, BLOCK); }
  fs.closeSync(fd);
}

test('a file five times the heap is labelled in a 64 MB heap, every byte as the small file\'s rows are', () => {
  assert.ok(fs.statSync(big).size > 300e6);
  const out = path.join(bigDir, 'big.labelled.csv');
  const r = spawnSync(process.execPath, ['--max-old-space-size=64', cli, 'label', big, '--model', model, '--out', out, '--json'], { encoding: 'utf8', timeout: 600_000 });
  assert.equal(r.status, 0, `exit ${r.status} ${r.signal ?? ''}: ${r.stderr.slice(0, 400)}`);
  assert.equal((JSON.parse(r.stdout) as { rows: number }).rows, 30_000 * (COPIES + 1));
  // The small file labelled, then the block's labelled rows repeated: the expected output, hashed as it is made.
  const labelledPlain = runCli(['label', plain, '--model', model, '--out', path.join(dir, 'plain.out.csv'), '--no-stream']);
  assert.equal(labelledPlain.status, 0, labelledPlain.stderr);
  const plainRows = fs.readFileSync(path.join(dir, 'plain.out.csv'));
  const expected = createHash('sha256').update(fs.readFileSync(path.join(dir, 'streamed.csv')));
  for (let i = 0; i < COPIES; i++) { expected.update(plainRows.subarray(plainRows.indexOf('\r\n') + 2)); }
  const actual = createHash('sha256');
  const fd = fs.openSync(out, 'r');
  const buffer = Buffer.alloc(1 << 22);
  for (let n; (n = fs.readSync(fd, buffer)) > 0;) { actual.update(buffer.subarray(0, n)); }
  fs.closeSync(fd);
  assert.equal(actual.digest('hex'), expected.digest('hex'));
  fs.rmSync(out);
  // The whole-file path cannot: the text column alone outgrows that heap.
  const whole = spawnSync(process.execPath, ['--max-old-space-size=64', cli, 'label', big, '--model', model, '--out', out, '--no-stream'], { encoding: 'utf8', timeout: 600_000 });
  assert.equal(whole.status, 2, whole.stderr);
  assert.match(whole.stderr, /--sample 100000/);
});

test('Ctrl-C while streaming removes the temporary file and writes nothing', async () => {
  const out = path.join(bigDir, 'interrupted.csv');
  const child = spawn(process.execPath, [cli, 'label', big, '--model', model, '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => { stderr += c; });
  const exited = new Promise<number | null>(resolve => child.on('close', code => resolve(code)));
  const temporary = () => fs.readdirSync(bigDir).filter(n => n.endsWith('.tmp'));
  for (let i = 0; i < 600 && temporary().length === 0; i++) { await new Promise(r => setTimeout(r, 50)); }
  assert.equal(temporary().length, 1, 'the pass writes through a temporary file');
  await new Promise(r => setTimeout(r, 300));
  child.kill('SIGINT');
  assert.equal(await exited, 130, stderr);
  assert.match(stderr, /interrupted \(SIGINT\)/);
  assert.deepEqual(temporary(), []);
  assert.equal(fs.existsSync(out), false);
});
