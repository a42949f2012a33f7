// The extension-host test cases, shared by the Node host (code-server) and the web worker host
// (VS Code for the web). Registered with mocha's tdd UI (suite/test globals).
import * as vscode from 'vscode';
import { ok, equal, within } from './assert';

export type HostKind = 'node' | 'web';

/** What `clusterLens.cluster` / `clusterLens.openSample` resolve with (the extension's contract). */
export interface ClusterRunResult {
  panelTitle: string;
  nSamples: number;
  nFeatures: number;
  k: number;
  algorithm: 'kmeans' | 'gmm';
  ranIn: 'worker_threads' | 'web-worker' | 'extension-host';
}

export const EXTENSION_ID = 'cluster-lens.cluster-lens';
const FIT_TIMEOUT_MS = 60_000;

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

function webviewTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap(g => g.tabs).filter(t => t.input instanceof vscode.TabInputWebview);
}

function describeTabs(): string {
  return vscode.window.tabGroups.all.flatMap(g => g.tabs)
    .map(t => `${t.label} (${t.input instanceof vscode.TabInputWebview ? 'webview ' + t.input.viewType : typeof t.input})`)
    .join(', ') || '(no tabs)';
}

/** The extension host's tab model follows the workbench asynchronously: poll briefly. */
async function waitForWebviewTab(label: string, ms = 10_000): Promise<vscode.Tab | undefined> {
  const t0 = Date.now();
  for (;;) {
    const tab = webviewTabs().find(t => t.label === label);
    if (tab || Date.now() - t0 > ms) { return tab; }
    await new Promise(r => setTimeout(r, 100));
  }
}

async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

function checkResult(r: ClusterRunResult | undefined, host: HostKind, what: string): ClusterRunResult {
  ok(r && typeof r === 'object', `${what}: command resolved with a result object, got ${JSON.stringify(r)}`);
  const expectedWorker = host === 'node' ? 'worker_threads' : 'web-worker';
  equal(r.ranIn, expectedWorker, `${what}: the fit ran in a worker (ranIn)`);
  ok(Number.isInteger(r.nSamples) && r.nSamples > 0, `${what}: nSamples > 0, got ${r.nSamples}`);
  ok(Number.isInteger(r.nFeatures) && r.nFeatures >= 1, `${what}: nFeatures >= 1, got ${r.nFeatures}`);
  ok(Number.isInteger(r.k) && r.k >= 1 && r.k <= r.nSamples, `${what}: 1 <= k <= nSamples, got k=${r.k}`);
  ok(r.algorithm === 'kmeans' || r.algorithm === 'gmm', `${what}: algorithm is kmeans|gmm, got ${r.algorithm}`);
  ok(typeof r.panelTitle === 'string' && r.panelTitle.startsWith('Cluster Lens: '),
    `${what}: panelTitle starts with "Cluster Lens: ", got ${JSON.stringify(r.panelTitle)}`);
  return r;
}

export function registerCases(host: HostKind): void {
  suite(`Cluster Lens in the ${host === 'node' ? 'Node' : 'web worker'} extension host`, () => {
    suiteSetup(async function () {
      this.timeout(60_000);
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      ok(ext, `extension ${EXTENSION_ID} is installed`);
      await within(ext.activate(), 30_000, 'extension activation');
    });

    teardown(closeAllEditors);

    test('the extension is active and its commands are registered', async () => {
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      ok(ext?.isActive, 'extension is active');
      const commands = await vscode.commands.getCommands(true);
      ok(commands.includes('clusterLens.cluster'), 'clusterLens.cluster is registered');
      ok(commands.includes('clusterLens.openSample'), 'clusterLens.openSample is registered');
    });

    test('clusterLens.cluster(penguins.csv) fits in a worker and opens a webview panel', async function () {
      this.timeout(FIT_TIMEOUT_MS + 10_000);
      const uri = workspaceFile('penguins.csv');
      const r = checkResult(await within(
        vscode.commands.executeCommand<ClusterRunResult | undefined>('clusterLens.cluster', uri),
        FIT_TIMEOUT_MS, 'clusterLens.cluster(penguins.csv)'), host, 'penguins.csv');
      equal(r.panelTitle, 'Cluster Lens: penguins.csv', 'panel title');
      // penguins.csv has 344 rows; a few have NA measurements, which may be dropped
      ok(r.nSamples >= 300 && r.nSamples <= 344, `nSamples in [300, 344], got ${r.nSamples}`);
      ok(r.nFeatures >= 2, `penguins has >= 2 numeric features, got ${r.nFeatures}`);
      const tab = await waitForWebviewTab(r.panelTitle);
      ok(tab, `a webview tab "${r.panelTitle}" exists; tabs: ${describeTabs()}`);
      ok((tab.input as vscode.TabInputWebview).viewType.includes('clusterLens'),
        `the tab's viewType names clusterLens, got ${(tab.input as vscode.TabInputWebview).viewType}`);
      ok(tab.isActive, 'the panel is the active tab of its group');
    });

    test('clusterLens.cluster also works with the CSV as the active editor (no argument)', async function () {
      this.timeout(FIT_TIMEOUT_MS + 20_000);
      const doc = await vscode.workspace.openTextDocument(workspaceFile('penguins.csv'));
      await vscode.window.showTextDocument(doc);
      const r = checkResult(await within(
        vscode.commands.executeCommand<ClusterRunResult | undefined>('clusterLens.cluster'),
        FIT_TIMEOUT_MS, 'clusterLens.cluster() with active editor'), host, 'active editor');
      equal(r.panelTitle, 'Cluster Lens: penguins.csv', 'panel title');
      ok(await waitForWebviewTab(r.panelTitle), `webview tab exists; tabs: ${describeTabs()}`);
    });

    for (const name of ['empty.csv', 'header-only.csv']) {
      test(`a hostile file (${name}) gives undefined and no exception`, async function () {
        this.timeout(FIT_TIMEOUT_MS + 10_000);
        let r: ClusterRunResult | undefined;
        try {
          r = await within(vscode.commands.executeCommand<ClusterRunResult | undefined>('clusterLens.cluster', workspaceFile(name)),
            FIT_TIMEOUT_MS, `clusterLens.cluster(${name})`);
        } catch (e) {
          throw new Error(`clusterLens.cluster(${name}) threw instead of resolving undefined: ${e instanceof Error ? e.message : String(e)}`);
        }
        equal(r, undefined, `result for ${name}`);
      });
    }

    test('clusterLens.openSample clusters the bundled sample in a worker', async function () {
      this.timeout(FIT_TIMEOUT_MS + 10_000);
      const r = checkResult(await within(
        vscode.commands.executeCommand<ClusterRunResult | undefined>('clusterLens.openSample'),
        FIT_TIMEOUT_MS, 'clusterLens.openSample'), host, 'openSample');
      ok(await waitForWebviewTab(r.panelTitle), `webview tab "${r.panelTitle}" exists; tabs: ${describeTabs()}`);
    });
  });
}
