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
  algorithm: 'kmeans' | 'gmm' | 'spectral' | 'dbscan' | 'hdbscan';
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

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** Two clear blobs in two columns, `n` rows: a file any default fit clusters. */
function twoBlobs(n: number): string {
  const lines = ['x,y'];
  for (let i = 0; i < n; i++) {
    const centre = i % 2 === 0 ? 0 : 10;
    lines.push(`${(centre + Math.sin(i * 1.7)).toFixed(3)},${(centre + Math.cos(i * 2.3)).toFixed(3)}`);
  }
  return lines.join('\n') + '\n';
}

/** CPU seconds the Node extension host process (all its threads, fit workers included) used over `ms`; undefined in the web host. */
async function cpuSecondsOver(ms: number): Promise<number | undefined> {
  const proc = (globalThis as { process?: { cpuUsage?: (previous?: { user: number; system: number }) => { user: number; system: number } } }).process;
  if (!proc?.cpuUsage) { return undefined; }
  const before = proc.cpuUsage();
  await sleep(ms);
  const used = proc.cpuUsage(before);
  return (used.user + used.system) / 1e6;
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
  ok(['kmeans', 'gmm', 'spectral', 'dbscan', 'hdbscan'].includes(r.algorithm), `${what}: algorithm is one of the five, got ${r.algorithm}`);
  ok(typeof r.panelTitle === 'string' && r.panelTitle.startsWith('Cluster Lens: '),
    `${what}: panelTitle starts with "Cluster Lens: ", got ${JSON.stringify(r.panelTitle)}`);
  return r;
}

async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder('utf-8', { fatal: true }).decode(await vscode.workspace.fs.readFile(uri));
}

/**
 * Checks a labelled file against its source (penguins.csv: LF line endings, 4 numeric columns, 2 rows with
 * NA in all of them) and returns each data row's cluster (0 = not clustered).
 */
function checkLabelled(src: string, out: string, k: number, nSamples: number): { clusters: number[] } {
  const srcLines = src.split('\n');
  const outLines = out.split('\n');
  equal(outLines.length, srcLines.length, 'number of lines (split at \\n) of the labelled file vs the source');
  ok(!out.includes('\r'), 'no CR introduced (the source has LF line endings)');
  const added = ['cluster', ...Array.from({ length: k }, (_, j) => `p_cluster${j + 1}`), 'certainty'];
  equal(outLines[0], `${srcLines[0]},${added.join(',')}`, 'header = source header + the cluster columns');
  const clusters: number[] = [];
  let empty = 0;
  for (let i = 1; i < srcLines.length; i++) {
    const s = srcLines[i]!, o = outLines[i]!;
    if (s === '' && i === srcLines.length - 1) { equal(o, '', 'the final newline stays the final newline'); continue; }
    ok(o.startsWith(s + ','), `line ${i + 1} starts with the source line byte for byte: ${JSON.stringify(o.slice(0, s.length + 1))} vs ${JSON.stringify(s)}`);
    const cells = o.slice(s.length + 1).split(',');
    equal(cells.length, k + 2, `line ${i + 1}: number of new cells`);
    if (cells.every(c => c === '')) {
      const numeric = s.split(',').slice(2, 6);
      ok(numeric.some(v => v === 'NA'), `line ${i + 1} has empty new cells but no missing value: ${s}`);
      empty++;
      clusters.push(0);
      continue;
    }
    const cluster = Number(cells[0]);
    ok(Number.isInteger(cluster) && cluster >= 1 && cluster <= k, `line ${i + 1}: cluster ${cells[0]} in 1..${k}`);
    const p = cells.slice(1, k + 1).map(Number);
    ok(p.every(v => Number.isFinite(v) && v >= 0 && v <= 1), `line ${i + 1}: probabilities in [0, 1]: ${cells.slice(1, k + 1).join(',')}`);
    const sum = p.reduce((a, b) => a + b, 0);
    ok(Math.abs(sum - 1) < 1e-4, `line ${i + 1}: probabilities sum to 1 (got ${sum})`);
    const certainty = Number(cells[k + 1]);
    ok(Math.abs(certainty - Math.max(...p)) < 1e-6, `line ${i + 1}: certainty ${cells[k + 1]} = max probability ${Math.max(...p)}`);
    ok(Math.abs(p[cluster - 1]! - Math.max(...p)) < 1e-6, `line ${i + 1}: cluster ${cluster} is the most probable one (${cells.slice(1, k + 1).join(',')})`);
    clusters.push(cluster);
  }
  equal(empty, 2, 'rows with empty new cells (the 2 rows with missing values)');
  equal(clusters.filter(c => c > 0).length, nSamples, 'clustered rows = nSamples of the fit');
  return { clusters };
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

    test('clusterLens.cluster(penguins.parquet) reads the Parquet file like its CSV and exports a labelled CSV of every row', async function () {
      this.timeout(FIT_TIMEOUT_MS + 30_000);
      const uri = workspaceFile('penguins.parquet');
      const labelled = workspaceFile('penguins.parquet.clustered.csv');
      try {
        const r = checkResult(await within(
          vscode.commands.executeCommand<ClusterRunResult | undefined>('clusterLens.cluster', uri),
          FIT_TIMEOUT_MS, 'clusterLens.cluster(penguins.parquet)'), host, 'penguins.parquet');
        equal(r.panelTitle, 'Cluster Lens: penguins.parquet', 'panel title');
        const csv = checkResult(await within(
          vscode.commands.executeCommand<ClusterRunResult | undefined>('clusterLens.cluster', workspaceFile('penguins.csv')),
          FIT_TIMEOUT_MS, 'clusterLens.cluster(penguins.csv)'), host, 'penguins.csv');
        equal(r.nSamples, csv.nSamples, 'rows fitted from the Parquet file and from the CSV');
        equal(r.nFeatures, csv.nFeatures, 'columns fitted from the Parquet file and from the CSV');
        await within(vscode.commands.executeCommand<vscode.Uri | undefined>('clusterLens.exportLabelled', uri, labelled), 30_000, 'clusterLens.exportLabelled(penguins.parquet)');
        const lines = (await readText(labelled)).trimEnd().split('\n');
        equal(lines.length, 345, 'header + 344 rows in the labelled CSV');
        ok(lines[0]!.endsWith(',cluster,p_cluster1,p_cluster2,p_cluster3,certainty'), `labelled header, got ${lines[0]}`);
      } finally {
        await Promise.resolve(vscode.workspace.fs.delete(labelled)).catch(() => { /* not written */ });
      }
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

    for (const name of ['empty.csv', 'header-only.csv', 'names.csv', 'binary.csv']) {
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

    test('exportLabelled writes penguins.csv back byte for byte with the cluster columns; exportModel + applyModel agree', async function () {
      this.timeout(FIT_TIMEOUT_MS + 30_000);
      const source = workspaceFile('penguins.csv');
      const labelled = workspaceFile('penguins.clustered.csv');
      const model = workspaceFile('penguins.model.json');
      const applied = workspaceFile('penguins.applied.csv');
      try {
        const r = checkResult(await within(
          vscode.commands.executeCommand<ClusterRunResult | undefined>('clusterLens.cluster', source),
          FIT_TIMEOUT_MS, 'clusterLens.cluster(penguins.csv)'), host, 'penguins.csv');
        equal(r.k, 3, 'default k of penguins.csv');
        const written = await within(vscode.commands.executeCommand<vscode.Uri | undefined>('clusterLens.exportLabelled', source, labelled),
          30_000, 'clusterLens.exportLabelled');
        ok(written instanceof vscode.Uri && written.toString() === labelled.toString(),
          `exportLabelled resolved with the target Uri, got ${String(written)}`);
        const src = await readText(source);
        const out = await readText(labelled);
        const exported = checkLabelled(src, out, r.k, r.nSamples);

        const savedModel = await within(vscode.commands.executeCommand<vscode.Uri | undefined>('clusterLens.exportModel', source, model),
          30_000, 'clusterLens.exportModel');
        ok(savedModel instanceof vscode.Uri, `exportModel resolved with a Uri, got ${String(savedModel)}`);
        const json = JSON.parse(await readText(model)) as unknown;
        ok(json && typeof json === 'object', 'the model file is a JSON object');
        const appliedTo = await within(vscode.commands.executeCommand<vscode.Uri | undefined>('clusterLens.applyModel', model, source, applied),
          30_000, 'clusterLens.applyModel');
        ok(appliedTo instanceof vscode.Uri, `applyModel resolved with a Uri, got ${String(appliedTo)}`);
        const again = checkLabelled(src, await readText(applied), r.k, r.nSamples);
        const differ = exported.clusters.flatMap((c, i) => (c === again.clusters[i] ? [] : [i + 1]));
        ok(differ.length === 0, `applyModel gives the export's clusters; differing data rows: ${differ.slice(0, 10).join(', ')}${differ.length > 10 ? ' …' : ''} (${differ.length})`);
      } finally {
        for (const f of [labelled, model, applied]) {
          await Promise.resolve(vscode.workspace.fs.delete(f)).catch(() => { /* not written */ });
        }
      }
    });

    test('with clusterLens.exportImputedCells, the labelled export of a file with empty cells adds imputed_<column>', async function () {
      this.timeout(FIT_TIMEOUT_MS + 30_000);
      const uri = workspaceFile('holes.csv');
      const labelled = workspaceFile('holes.clustered.csv');
      const config = vscode.workspace.getConfiguration('clusterLens');
      // two blobs in x, y with y empty in every fifth row: the mixture models those cells
      const rows = twoBlobs(200).trimEnd().split('\n').map((line, i) => (i > 0 && i % 5 === 0 ? line.replace(/,[^,]*$/, ',') : line));
      try {
        await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(rows.join('\n') + '\n'));
        await config.update('exportImputedCells', true, vscode.ConfigurationTarget.Global);
        const r = checkResult(await within(vscode.commands.executeCommand<ClusterRunResult | undefined>('clusterLens.cluster', uri),
          FIT_TIMEOUT_MS, 'clusterLens.cluster(holes.csv)'), host, 'holes.csv');
        equal(r.nSamples, 200, 'every row is fitted, its empty cell modelled');
        await within(vscode.commands.executeCommand<vscode.Uri | undefined>('clusterLens.exportLabelled', uri, labelled), 30_000, 'clusterLens.exportLabelled(holes.csv)');
        const lines = (await readText(labelled)).trimEnd().split('\n');
        equal(lines[0], ['x', 'y', 'cluster', ...Array.from({ length: r.k }, (_, c) => `p_cluster${c + 1}`), 'certainty', 'imputed_y'].join(','), 'labelled header');
        for (let i = 1; i < lines.length; i++) {
          const cells = lines[i]!.split(',');
          const imputed = cells[cells.length - 1]!;
          if (i % 5 === 0) { ok(Number.isFinite(Number(imputed)) && imputed !== '', `row ${i}: its empty y is imputed, got "${imputed}"`); } else { equal(imputed, '', `row ${i}: y is in the file, nothing imputed`); }
        }
      } finally {
        await config.update('exportImputedCells', undefined, vscode.ConfigurationTarget.Global);
        for (const f of [uri, labelled]) { await Promise.resolve(vscode.workspace.fs.delete(f)).catch(() => { /* not written */ }); }
      }
    });

    test('"Cluster CSV…" again on a file whose panel shows an error reads the file again', async function () {
      this.timeout(2 * FIT_TIMEOUT_MS + 10_000);
      const uri = workspaceFile('rerun.csv');
      const encode = (text: string) => new TextEncoder().encode(text);
      try {
        await vscode.workspace.fs.writeFile(uri, encode('x,y\n'));
        const first = await within(vscode.commands.executeCommand<ClusterRunResult | undefined>('clusterLens.cluster', uri),
          FIT_TIMEOUT_MS, 'clusterLens.cluster(rerun.csv), header only');
        equal(first, undefined, 'a header-only file gives no fit');
        ok(await waitForWebviewTab('Cluster Lens: rerun.csv'), `its panel stays open with the error; tabs: ${describeTabs()}`);
        // the user fixes the file and runs the command again, as the error message says
        await vscode.workspace.fs.writeFile(uri, encode(twoBlobs(60)));
        const again = checkResult(await within(vscode.commands.executeCommand<ClusterRunResult | undefined>('clusterLens.cluster', uri),
          FIT_TIMEOUT_MS, 'clusterLens.cluster(rerun.csv), fixed'), host, 'rerun.csv after the fix');
        equal(again.nSamples, 60, 'rows of the fixed file (it was read again)');
        equal(webviewTabs().filter(t => t.label === 'Cluster Lens: rerun.csv').length, 1, 'one panel for the file');
      } finally {
        await Promise.resolve(vscode.workspace.fs.delete(uri)).catch(() => { /* not written */ });
      }
    });

    test('closing the panel while its file is read stops the read and the fit that would follow', async function () {
      this.timeout(FIT_TIMEOUT_MS + 20_000);
      const uri = workspaceFile('slow.csv');
      const result = vscode.commands.executeCommand<ClusterRunResult | undefined>('clusterLens.cluster', uri);
      const tab = await waitForWebviewTab('Cluster Lens: slow.csv');
      ok(tab, `the panel of slow.csv opened; tabs: ${describeTabs()}`);
      const closedAt = Date.now();
      await vscode.window.tabGroups.close(tab);
      // Before: the read went on, then the fit of 400,000 rows ran to its end (tens of seconds) and the command
      // resolved with its summary. Now both stop with the panel and the command resolves with no fit.
      const r = await within(result, 15_000, 'clusterLens.cluster(slow.csv) after its panel was closed');
      const settled = Date.now() - closedAt;
      equal(r, undefined, 'a panel closed while reading gives no fit');
      ok(settled < 5_000, `the command settled ${settled} ms after the panel closed (want < 5000)`);
      const cpu = await cpuSecondsOver(1_500);
      if (cpu !== undefined) {
        ok(cpu < 0.6, `the extension host is idle after the close: ${cpu.toFixed(2)} s of CPU in 1.5 s (a running fit uses about one core)`);
      }
    });

    test('clusterLens.openSample clusters the bundled sample in a worker', async function () {
      this.timeout(FIT_TIMEOUT_MS + 10_000);
      const r = checkResult(await within(
        vscode.commands.executeCommand<ClusterRunResult | undefined>('clusterLens.openSample'),
        FIT_TIMEOUT_MS, 'clusterLens.openSample'), host, 'openSample');
      ok(await waitForWebviewTab(r.panelTitle), `webview tab "${r.panelTitle}" exists; tabs: ${describeTabs()}`);
    });

    // Two moons with scattered rows (scripts/makeMoonsCsv.py): each method chosen as the setting
    // clusterLens.algorithm, fitted in the host's worker, and exported with noise rows left empty.
    for (const algorithm of ['spectral', 'dbscan', 'hdbscan'] as const) {
      test(`${algorithm} finds the two moons of moons.csv in a worker, and the export leaves noise rows' cluster empty`, async function () {
        this.timeout(FIT_TIMEOUT_MS + 30_000);
        const config = vscode.workspace.getConfiguration('clusterLens');
        const source = workspaceFile('moons.csv');
        const labelled = workspaceFile(`moons.${algorithm}.clustered.csv`);
        await closeAllEditors();
        try {
          await config.update('algorithm', algorithm, vscode.ConfigurationTarget.Global);
          await config.update('defaultK', 2, vscode.ConfigurationTarget.Global);
          const r = checkResult(await within(
            vscode.commands.executeCommand<ClusterRunResult | undefined>('clusterLens.cluster', source),
            FIT_TIMEOUT_MS, `clusterLens.cluster(moons.csv) with ${algorithm}`), host, `moons.csv, ${algorithm}`);
          equal(r.algorithm, algorithm, 'the fit ran the chosen method');
          equal(r.k, 2, `${algorithm} finds the two moons`);
          const written = await within(vscode.commands.executeCommand<vscode.Uri | undefined>('clusterLens.exportLabelled', source, labelled),
            30_000, 'clusterLens.exportLabelled');
          ok(written instanceof vscode.Uri, `exportLabelled resolved with a Uri, got ${String(written)}`);
          const lines = (await readText(labelled)).trim().split('\n');
          equal(lines[0], 'x,y,shape,cluster,p_cluster1,p_cluster2,certainty', 'header of the labelled moons');
          const rows = lines.slice(1).map(line => line.split(','));
          const noise = rows.filter(cells => cells[3] === '');
          const moons = rows.filter(cells => cells[2]!.startsWith('moon'));
          // each moon is one cluster: its clustered rows agree with the majority of the moon
          for (const moon of ['moon A', 'moon B']) {
            const clusters = moons.filter(c => c[2] === moon && c[3] !== '').map(c => c[3]);
            const top = Math.max(...['1', '2'].map(c => clusters.filter(x => x === c).length));
            ok(top / clusters.length >= 0.99, `${moon}: ${top} of ${clusters.length} clustered rows in one cluster`);
          }
          if (algorithm === 'spectral') { equal(noise.length, 0, 'spectral clustering leaves no row as noise'); }
          else {
            ok(noise.length > 0 && noise.length < 60, `some rows are noise (${noise.length})`);
            ok(noise.every(cells => cells.slice(3).every(c => c === '')), 'a noise row\'s cells are all empty');
            ok(rows.filter(c => c[2] === 'scatter' && c[3] === '').length >= 10, 'most scattered rows are noise');
          }
          const certainties = rows.filter(c => c[3] !== '').map(c => Number(c[6]));
          ok(certainties.every(v => v >= 0 && v <= 1), 'certainty (membership strength) in [0, 1]');
          if (algorithm !== 'hdbscan') { ok(certainties.every(v => v === 1), `${algorithm}: every member's strength is 1`); }
        } finally {
          await config.update('algorithm', undefined, vscode.ConfigurationTarget.Global);
          await config.update('defaultK', undefined, vscode.ConfigurationTarget.Global);
          await Promise.resolve(vscode.workspace.fs.delete(labelled)).catch(() => { /* not written */ });
          await closeAllEditors();
        }
      });
    }

    // 24 columns, full covariance (the defaults): the wide kernels in the host's worker, fused
    // where the engine has relaxed SIMD (test/e2e/harness/wideCsv.mjs); the export names the groups.
    test('a full-covariance fit of wide.csv (24 columns) in a worker finds its three groups, and the export labels every row', async function () {
      this.timeout(FIT_TIMEOUT_MS + 30_000);
      const source = workspaceFile('wide.csv');
      const labelled = workspaceFile('wide.clustered.csv');
      await closeAllEditors();
      try {
        const r = checkResult(await within(
          vscode.commands.executeCommand<ClusterRunResult | undefined>('clusterLens.cluster', source),
          FIT_TIMEOUT_MS, 'clusterLens.cluster(wide.csv)'), host, 'wide.csv');
        equal(r.algorithm, 'gmm', 'the default method');
        equal(r.nFeatures, 24, 'every numeric column is fitted');
        equal(r.nSamples, 2_400, 'every row is fitted');
        equal(r.k, 3, 'the default k');
        const written = await within(vscode.commands.executeCommand<vscode.Uri | undefined>('clusterLens.exportLabelled', source, labelled),
          30_000, 'clusterLens.exportLabelled');
        ok(written instanceof vscode.Uri, `exportLabelled resolved with a Uri, got ${String(written)}`);
        const lines = (await readText(labelled)).trim().split('\n');
        equal(lines.length, 2_401, 'the header and every row');
        const rows = lines.slice(1).map(line => line.split(','));
        // columns: x1…x24, group, then cluster, p_cluster1…3, certainty
        for (const group of ['group A', 'group B', 'group C']) {
          const clusters = rows.filter(c => c[24] === group).map(c => c[25]);
          const top = Math.max(...['1', '2', '3'].map(c => clusters.filter(x => x === c).length));
          ok(top / clusters.length >= 0.99, `${group}: ${top} of ${clusters.length} rows in one cluster`);
        }
        equal(new Set(rows.map(c => c[25])).size, 3, 'the three groups are three clusters');
      } finally {
        await Promise.resolve(vscode.workspace.fs.delete(labelled)).catch(() => { /* not written */ });
        await closeAllEditors();
      }
    });
  });
}
