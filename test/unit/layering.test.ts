import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { ESLint } from 'eslint';

// The runner starts tests in the repository root.
const root = process.cwd();
const eslint = new ESLint({ cwd: root });

/** The rule ids ESLint reports for `code` placed at `file` (the file need not exist). */
async function ruleIds(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.map(m => m.ruleId ?? m.message);
}

describe('the layering rules', () => {
  for (const layer of ['src/core', 'src/data', 'src/shared', 'src/compute', 'webview']) {
    test(`refuse the VS Code API in ${layer}`, async () => {
      assert.ok((await ruleIds(`${layer}/probe.ts`, "import * as vscode from 'vscode';\nexport const x = vscode;\n")).includes('no-restricted-imports'));
    });
  }

  for (const layer of ['src/core', 'src/data', 'src/shared', 'webview']) {
    test(`refuse Node APIs in ${layer}, which runs in browsers too`, async () => {
      assert.ok((await ruleIds(`${layer}/probe.ts`, "import * as fs from 'node:fs';\nexport const x = fs;\n")).includes('no-restricted-imports'));
    });
  }

  for (const layer of ['src/core', 'src/data', 'src/shared', 'src/compute']) {
    test(`refuse the Node adapters of src/node in ${layer}`, async () => {
      assert.ok((await ruleIds(`${layer}/probe.ts`, "import { openFileSource } from '../node/fileSource';\nexport const x = openFileSource;\n")).includes('no-restricted-imports'));
    });
  }

  test('refuse the Node adapters of src/node in the webview', async () => {
    assert.ok((await ruleIds('webview/probe.ts', "import { openFileSource } from '../src/node/fileSource';\nexport const x = openFileSource;\n")).includes('no-restricted-imports'));
  });

  test('allow src/node in the host and the CLI', async () => {
    assert.deepEqual(await ruleIds('src/host/probe.ts', "import { openFileSource } from '../node/fileSource';\nexport const x = openFileSource;\n"), []);
    assert.deepEqual(await ruleIds('src/cli.ts', "import { openFileSource } from './node/fileSource';\nexport const x = openFileSource;\n"), []);
  });

  test('hold the CLI\'s command modules in src/cli to the rules of src/cli.ts: Node and src/node yes, the host and vscode no', async () => {
    assert.deepEqual(await ruleIds('src/cli/probe.ts', "import * as fs from 'node:fs';\nimport { openFileSource } from '../node/fileSource';\nexport const x = [fs, openFileSource];\n"), []);
    assert.ok((await ruleIds('src/cli/probe.ts', "import { Analysis } from '../host/analysis';\nexport const x = Analysis;\n")).includes('no-restricted-imports'));
    assert.ok((await ruleIds('src/cli/probe.ts', "import * as vscode from 'vscode';\nexport const x = vscode;\n")).includes('no-restricted-imports'));
  });

  test('let src/shared take the types of src/core, and nothing else of it', async () => {
    assert.deepEqual(await ruleIds('src/shared/probe.ts', "import type { Algorithm } from '../core/clusterFit';\nexport type X = Algorithm;\n"), []);
    assert.ok((await ruleIds('src/shared/probe.ts', "import { runClusterFit } from '../core/clusterFit';\nexport const x = runClusterFit;\n")).includes('@typescript-eslint/no-restricted-imports'));
    assert.ok((await ruleIds('src/shared/probe.ts', "import { readCsv } from '../data/csvReader';\nexport const x = readCsv;\n")).includes('no-restricted-imports'));
  });

  test('keep src/host/pure free of the VS Code API, of Node, and of the rest of src/host', async () => {
    assert.ok((await ruleIds('src/host/pure/probe.ts', "import * as vscode from 'vscode';\nexport const x = vscode;\n")).includes('no-restricted-imports'));
    assert.ok((await ruleIds('src/host/pure/probe.ts', "import * as fs from 'node:fs';\nexport const x = fs;\n")).includes('no-restricted-imports'));
    assert.ok((await ruleIds('src/host/pure/probe.ts', "import { Analysis } from '../analysis';\nexport const x = Analysis;\n")).includes('no-restricted-imports'));
    assert.deepEqual(await ruleIds('src/host/pure/probe.ts', "import { readCsv } from '../../data/csvReader';\nimport { buildSnapshot } from './fitSnapshot';\nexport const x = [readCsv, buildSnapshot];\n"), []);
  });

  test('refuse host code in the webview', async () => {
    assert.ok((await ruleIds('webview/probe.ts', "import { Analysis } from '../src/host/analysis';\nexport const x = Analysis;\n")).includes('no-restricted-imports'));
  });

  test('refuse upward imports from the core', async () => {
    assert.ok((await ruleIds('src/core/probe.ts', "import { readCsv } from '../data/csvReader';\nexport const x = readCsv;\n")).includes('no-restricted-imports'));
  });

  test('refuse HTML strings in the webview', async () => {
    assert.ok((await ruleIds('webview/probe.ts', "export function f(e: HTMLElement, s: string) { e.innerHTML = s; }\n")).includes('no-restricted-syntax'));
  });

  test('allow what the architecture allows: host → data, core; webview → shared, core', async () => {
    assert.deepEqual(await ruleIds('src/host/probe.ts', "import * as vscode from 'vscode';\nimport { readCsv } from '../data/csvReader';\nexport const x = [vscode, readCsv];\n"), []);
    assert.deepEqual(await ruleIds('webview/probe.ts', "import { parseHostMessage } from '../src/shared/protocol';\nimport { fitPca } from '../src/core/pca';\nexport const x = [parseHostMessage, fitPca];\n"), []);
  });
});
