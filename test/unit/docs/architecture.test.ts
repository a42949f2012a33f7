import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';

// The runner starts tests in the repository root.
const root = process.cwd();
const doc = fs.readFileSync(path.join(root, 'docs/architecture.md'), 'utf8');

/** Every `code span` that names a file or folder of the repository: a path with a slash, or a file name with an extension. */
function namedPaths(text: string): string[] {
  const spans = [...text.matchAll(/`([^`\s]+)`/g)].map(m => m[1]!);
  return [...new Set(spans.filter(s => /^[\w.-]+(\/[\w.-]+)+\/?$/.test(s) || /^[\w-]+\.(ts|mjs|md|json)$/.test(s)))];
}

describe('docs/architecture.md', () => {
  const paths = namedPaths(doc);

  test('names the files it describes (the walks and the rooms are paths, not prose)', () => {
    assert.ok(paths.length >= 40, `only ${paths.length} paths found`);
    assert.ok(paths.includes('src/data/recordRule.ts'));
  });

  test('names only paths that exist: a moved file moves its line too', () => {
    assert.deepEqual(paths.filter(p => !fs.existsSync(path.join(root, p))), []);
  });

  test('has a room for every folder of src/', () => {
    const folders = fs.readdirSync(path.join(root, 'src'), { withFileTypes: true }).filter(e => e.isDirectory()).map(e => `src/${e.name}/`);
    assert.deepEqual(folders.filter(f => !doc.includes(f)), []);
  });
});
