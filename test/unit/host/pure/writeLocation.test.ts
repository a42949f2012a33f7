import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeWriteLocation, fileNameOf, type TargetUri } from '../../../../src/host/pure/writeLocation';

function uri(text: string, fsPath?: string): TargetUri {
  const u = new URL(text);
  return { scheme: u.protocol.slice(0, -1), authority: u.host, path: decodeURIComponent(u.pathname), fsPath: fsPath ?? decodeURIComponent(u.pathname), toString: () => text };
}

const desktop = { web: false, remoteName: undefined };
const web = { web: true, remoteName: undefined };

describe('where a written file went', () => {
  test('a local file: on disk, at its path', () => {
    const where = describeWriteLocation(uri('file:///home/me/data/penguins.clustered.csv'), desktop);
    assert.deepEqual(where, { where: 'on disk at /home/me/data/penguins.clustered.csv', onDisk: true });
  });

  test('a file of a remote window (SSH, WSL, code-server): on that machine\'s disk', () => {
    const where = describeWriteLocation(uri('file:///srv/data/x.csv'), { web: true, remoteName: 'ssh-remote' });
    assert.equal(where.where, 'on the disk of the ssh-remote machine at /srv/data/x.csv');
    assert.equal(where.onDisk, true);
  });

  test('VS Code for the web\'s test server: names the URI and says it is in the browser\'s memory, not on the server\'s disk', () => {
    const target = 'vscode-test-web://mount/penguins.clustered.csv';
    const where = describeWriteLocation(uri(target), web);
    assert.equal(where.onDisk, false);
    assert.ok(where.where.includes(target));
    assert.match(where.where, /browser's memory: the file is not on the server's disk/);
    assert.doesNotMatch(where.where, /^on disk/);
  });

  test('any other file system: named with its URI, never called a disk', () => {
    const where = describeWriteLocation(uri('vscode-vfs://github/me/repo/x.csv'), web);
    assert.equal(where.onDisk, false);
    assert.equal(where.where, 'in the workspace\'s vscode-vfs file system (vscode-vfs://github/me/repo/x.csv), which VS Code for the web provides: not a disk of this machine');
    assert.doesNotMatch(describeWriteLocation(uri('memfs:/x.csv'), desktop).where, /disk/);
  });

  test('names the file by the last part of its path', () => {
    assert.equal(fileNameOf(uri('vscode-test-web://mount/sub/penguins.model.json')), 'penguins.model.json');
  });
});
