import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';

// The runner starts tests in the repository root.
const root = process.cwd();

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap(e => {
    const p = path.posix.join(dir, e.name);
    if (e.isDirectory()) { return sourceFiles(p); }
    return p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

// Every static import or re-export with a relative path, type-only ones too: a circle of types is
// still a circle for a reader. (Comments and strings rarely hold `from '…'`; a false edge fails loud.)
const IMPORT = /^\s*(?:import|export)\b[^'";]*?\bfrom\s+['"](\.{1,2}\/[^'"]+)['"]|^\s*import\s+['"](\.{1,2}\/[^'"]+)['"]/gm;

/** file → the repository files it imports (src/ and webview/). */
function importGraph(): Map<string, string[]> {
  const files = [...sourceFiles('src'), ...sourceFiles('webview')];
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets = new Set<string>();
    for (const m of fs.readFileSync(path.join(root, file), 'utf8').matchAll(IMPORT)) {
      const base = path.posix.normalize(path.posix.join(path.posix.dirname(file), m[1] ?? m[2]!));
      const target = [`${base}.ts`, `${base}/index.ts`, base].find(c => known.has(c));
      if (target !== undefined) { targets.add(target); }
    }
    graph.set(file, [...targets]);
  }
  return graph;
}

/** The strongly connected components of more than one file (Tarjan), each sorted: the import circles. */
function circles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>(), low = new Map<string, number>(), stack: string[] = [], onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next); low.set(v, next); next++;
    stack.push(v); onStack.add(v);
    for (const w of graph.get(v)!) {
      if (!index.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); } else if (onStack.has(w)) { low.set(v, Math.min(low.get(v)!, index.get(w)!)); }
    }
    if (low.get(v) !== index.get(v)) { return; }
    const component: string[] = [];
    let w: string;
    do { w = stack.pop()!; onStack.delete(w); component.push(w); } while (w !== v);
    if (component.length > 1 || graph.get(v)!.includes(v)) { found.push(component.sort()); }
  };
  for (const v of graph.keys()) { if (!index.has(v)) { visit(v); } }
  return found;
}

describe('the import graph of src/ and webview/', () => {
  const graph = importGraph();
  const found = circles(graph).map(c => c.join(' → '));

  test('reads the imports it checks (a broken reader would find no circle anywhere)', () => {
    assert.ok(graph.get('src/host/compareClient.ts')!.includes('src/host/pure/computeClient.ts'));
    assert.ok(graph.get('webview/main.ts')!.some(f => f.startsWith('src/shared/')));
    assert.deepEqual(circles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]])), [['a', 'b', 'c']]);
  });

  test('has no import circle', () => {
    assert.deepEqual(found, []);
  });
});
