// `cluster-lens label FILE --out OUT` as a user runs it: it never replaces or loses the user's data,
// never leaves its hidden temporary file behind, and says what is wrong with an output path in
// terms of that path.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { Random } from '../../../src/core/random';
import { freshDir, runCli, startCli, STACK_TRACE, type CliRun } from './runCli';

function writeRows(file: string, n: number): void {
  const random = new Random(5);
  const lines = ['a,b,c'];
  for (let i = 0; i < n; i++) { lines.push(`${(3 * (i % 2) + random.nextNormal()).toFixed(5)},${random.nextNormal().toFixed(5)},${random.nextFloat().toFixed(5)}`); }
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

const temporaries = (dir: string) => fs.readdirSync(dir).filter(name => name.endsWith('.tmp'));

function assertRefused(r: CliRun, pattern: RegExp): void {
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, pattern);
  assert.doesNotMatch(r.stderr, /\.tmp/, 'the hidden temporary file is never named');
  assert.doesNotMatch(r.stderr, STACK_TRACE);
  assert.equal(r.stdout, '');
}

describe('label refuses to write over its input', () => {
  const dir = freshDir('label-same');
  const source = path.join(dir, 'data.csv');
  writeRows(source, 60);
  const original = fs.readFileSync(source);
  fs.symlinkSync('data.csv', path.join(dir, 'link.csv'));
  fs.linkSync(source, path.join(dir, 'hard.csv'));
  fs.mkdirSync(path.join(dir, 'sub'));

  for (const [how, out] of [
    ['the same path', source],
    ['a symlink to it', path.join(dir, 'link.csv')],
    ['another spelling of it', path.join(dir, 'sub', '..', '.', 'data.csv')],
    ['a hard link to it', path.join(dir, 'hard.csv')],
  ] as const) {
    test(`given ${how} as --out it exits 2 before fitting, and the file is unchanged`, () => {
      const r = runCli(['label', source, '--out', out, '--k', '2']);
      assertRefused(r, new RegExp(`^cluster-lens: The output ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is the input file itself`));
      assert.deepEqual(fs.readFileSync(source), original);
      assert.ok(fs.lstatSync(path.join(dir, 'link.csv')).isSymbolicLink(), 'the symlink is still a symlink');
      assert.deepEqual(temporaries(dir), []);
    });
  }

  test('reading the input through a symlink and writing to its target is refused too', () => {
    const r = runCli(['label', path.join(dir, 'link.csv'), '--out', source, '--k', '2']);
    assertRefused(r, /is the input file itself/);
    assert.deepEqual(fs.readFileSync(source), original);
  });
});

describe('label explains an output path it cannot write, naming that path', () => {
  const dir = freshDir('label-unwritable');
  const source = path.join(dir, 'data.csv');
  writeRows(source, 60);
  fs.mkdirSync(path.join(dir, 'folder'));

  // Tests run as root, for whom permission bits do not stop a write: every case here fails for root too.
  const cases: [string, string, RegExp][] = [
    ['a folder', path.join(dir, 'folder'), /: it is a folder\.\nGive a file name, e.g\. --out .*folder\/data\.clustered\.csv/],
    ['a path under a regular file', path.join(source, 'out.csv'), /: a part of the path is a file, not a folder\./],
    ['a folder that does not exist', path.join(dir, 'missing', 'out.csv'), /: the folder .*missing does not exist\./],
    ['a device', '/dev/null', /: it is not a regular file/],
    ['a folder of the kernel where files cannot be created (/proc)', '/proc/cluster-lens-out.csv', /: files cannot be created in that folder/],
  ];
  if (fs.existsSync('/sys/kernel')) {
    cases.push(['a read-only or protected kernel folder (/sys)', '/sys/kernel/cluster-lens-out.csv', /: (permission denied|the file system is read-only|the operation is not permitted there)\./]);
  }
  for (const [what, out, reason] of cases) {
    test(`${what}: exit 2 with advice`, () => {
      const r = runCli(['label', source, '--out', out, '--k', '2']);
      assertRefused(r, new RegExp(`^cluster-lens: Cannot write ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${reason.source}`, 'm'));
      assert.match(r.stderr, /\n.*(--out|Create the folder)/, 'says what to do');
    });
  }
  test('no temporary file is left in a folder that refused the rename', () => {
    assert.deepEqual(temporaries(dir), []);
    assert.deepEqual(temporaries(path.join(dir, 'folder')), []);
  });
});

/** Starts a label of a file large enough that its write lasts a while, and resolves when the write's temporary file appears. */
function startSlowLabel(dir: string, out: string): { pid: number; done: Promise<CliRun>; writing: Promise<string> } {
  const source = path.join(dir, 'big.csv');
  if (!fs.existsSync(source)) { writeRows(source, 400_000); }
  const writing = new Promise<string>(resolve => {
    const watcher = fs.watch(dir, (_event, name) => {
      if (name !== null && name.startsWith(`.${path.basename(out)}.`) && name.endsWith('.tmp')) { watcher.close(); resolve(name); }
    });
  });
  const run = startCli(['label', source, '--out', out, '--algorithm', 'kmeans', '--k', '2', '--n-init', '1', '--max-iter', '2']);
  return { ...run, writing };
}

describe('an interrupted label leaves nothing behind', () => {
  const dir = freshDir('label-signals');

  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    test(`${signal} while the file is written removes the temporary file and exits ${code}`, async () => {
      const out = path.join(dir, `out-${signal}.csv`);
      const run = startSlowLabel(dir, out);
      await run.writing;
      process.kill(run.pid, signal);
      const r = await run.done;
      assert.equal(r.status, code, `exit code (the write may have finished before the signal): ${r.stderr}`);
      assert.match(r.stderr, new RegExp(`interrupted \\(${signal}\\); .*out-${signal}\\.csv was not written`));
      assert.deepEqual(temporaries(dir), []);
      assert.equal(fs.existsSync(out), false);
    });
  }

  test('after SIGKILL, the next label into that folder sweeps the dead run\'s temporary file and nothing else', async () => {
    const run = startSlowLabel(dir, path.join(dir, 'killed.csv'));
    const left = await run.writing;
    process.kill(run.pid, 'SIGKILL');
    const killed = await run.done;
    assert.equal(killed.signal, 'SIGKILL');
    assert.ok(fs.existsSync(path.join(dir, left)), 'SIGKILL cannot be caught: the file is left');
    // Look-alikes that are not a dead run's: a live process's (ours), and names outside the pattern.
    const keep = [`.keep.csv.${process.pid}.${Date.now()}.tmp`, 'keep.csv.12345.1700000000000.tmp', '.keep.csv.tmp', '.keep.csv.12345.17.tmp'];
    for (const name of keep) { fs.writeFileSync(path.join(dir, name), 'not ours to remove'); }

    const small = path.join(dir, 'small.csv');
    writeRows(small, 50);
    const r = runCli(['label', small, '--out', path.join(dir, 'small.labelled.csv'), '--k', '2']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(fs.existsSync(path.join(dir, left)), false, 'the dead run\'s temporary file is gone');
    assert.deepEqual(temporaries(dir).sort(), keep.filter(n => n.endsWith('.tmp')).sort());
  });
});

describe('label with missing cells modelled', () => {
  test('--imputed adds imputed_<column> holding each missing cell\'s conditional expectation, empty where the cell has a value', () => {
    const dir = freshDir('label-imputed');
    const source = path.join(dir, 'holes.csv');
    const random = new Random(9);
    const lines = ['a,b,c'];
    for (let i = 0; i < 80; i++) {
      const shift = i % 2 === 0 ? 0 : 8;
      const a = shift + random.nextNormal();
      // b follows a closely: its conditional expectation given a sits near a + 1
      const cells = [a.toFixed(4), (a + 1 + 0.1 * random.nextNormal()).toFixed(4), random.nextNormal().toFixed(4)];
      if (i % 10 === 3) { cells[1] = ''; }
      lines.push(cells.join(','));
    }
    fs.writeFileSync(source, lines.join('\n') + '\n');
    const out = path.join(dir, 'out.csv');
    const r = runCli(['label', source, '--out', out, '--k', '2', '--columns', 'a,b,c', '--imputed']);
    assert.equal(r.status, 0, r.stderr);
    const rows = fs.readFileSync(out, 'utf8').trimEnd().split('\n').map(line => line.split(','));
    assert.deepEqual(rows[0], ['a', 'b', 'c', 'cluster', 'p_cluster1', 'p_cluster2', 'certainty', 'imputed_b']);
    for (let i = 1; i < rows.length; i++) {
      const row = rows[i]!;
      if (row[1] === '') {
        assert.ok(Math.abs(Number(row[7]) - (Number(row[0]) + 1)) < 0.5, `row ${i}: imputed ${row[7]} for a = ${row[0]}`);
      } else {
        assert.equal(row[7], '', `row ${i} has its value`);
      }
    }
    const refused = runCli(['label', source, '--out', path.join(dir, 'out2.csv'), '--k', '2', '--columns', 'a,b,c', '--missing', 'drop', '--imputed']);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /--imputed needs a Gaussian mixture fitted with missing cells modelled/);
  });
});
