// A file over the large-file size (issue 14 §1) in a real extension host: the Node host fits a
// seeded sample and streams every row into the labelled export; the web host, which VS Code hands
// whole files, reads it whole. The size is the user's setting (clusterLens.largeFileMegabytes), set
// here as a user would: large.csv (test/e2e/harness/largeFileCsv.mjs, 60,000 rows, 1.7 MB) is over 1 MB.
import * as vscode from 'vscode';
import { ok, equal, within } from './assert';
import { type ClusterRunResult, type HostKind } from './cases';

const FIT_TIMEOUT_MS = 60_000;
// Mirrors test/e2e/harness/largeFileCsv.mjs (this bundle cannot import the harness).
const LARGE_ROWS = 60_000;
const LARGE_FILE_MEGABYTES = 1;
const LARGE_SAMPLE_ROWS = 2_000;

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder('utf-8', { fatal: true }).decode(await vscode.workspace.fs.readFile(uri));
}

export function registerLargeFileCases(host: HostKind): void {
  suite(`A file over clusterLens.largeFileMegabytes in the ${host === 'node' ? 'Node' : 'web worker'} extension host`, () => {
    const config = () => vscode.workspace.getConfiguration('clusterLens');

    suiteSetup(async () => {
      await config().update('largeFileMegabytes', LARGE_FILE_MEGABYTES, vscode.ConfigurationTarget.Global);
      await config().update('largeFileSampleRows', LARGE_SAMPLE_ROWS, vscode.ConfigurationTarget.Global);
      await config().update('defaultK', 2, vscode.ConfigurationTarget.Global);
    });

    suiteTeardown(async () => {
      for (const key of ['largeFileMegabytes', 'largeFileSampleRows', 'defaultK']) { await config().update(key, undefined, vscode.ConfigurationTarget.Global); }
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    test(host === 'node'
      ? 'large.csv is fitted on its sample of 2,000 rows, and Export Labelled CSV writes all 60,000 rows byte for byte with their clusters'
      : 'large.csv is read whole (the browser hands over whole files) and fitted on all 60,000 rows, and Export Labelled CSV writes them all', async function () {
      this.timeout(FIT_TIMEOUT_MS + 60_000);
      const source = workspaceFile('large.csv');
      const labelled = workspaceFile('large.clustered.csv');
      try {
        const size = (await vscode.workspace.fs.stat(source)).size;
        ok(size > LARGE_FILE_MEGABYTES * 1e6, `large.csv (${size} bytes) is over the setting's ${LARGE_FILE_MEGABYTES} MB`);
        const r = await within(vscode.commands.executeCommand<ClusterRunResult | undefined>('clusterLens.cluster', source), FIT_TIMEOUT_MS, 'clusterLens.cluster(large.csv)');
        ok(r, 'clusterLens.cluster(large.csv) resolved with a fit');
        equal(r.nSamples, host === 'node' ? LARGE_SAMPLE_ROWS : LARGE_ROWS, host === 'node' ? 'rows fitted: the sample' : 'rows fitted: the whole file');
        equal(r.k, 2, 'k (the defaultK setting)');
        const written = await within(vscode.commands.executeCommand<vscode.Uri | undefined>('clusterLens.exportLabelled', source, labelled), 60_000, 'clusterLens.exportLabelled(large.csv)');
        ok(written instanceof vscode.Uri, `exportLabelled resolved with a Uri, got ${String(written)}`);
        const src = (await readText(source)).split('\n');
        const out = (await readText(labelled)).split('\n');
        equal(out.length, src.length, 'lines of the labelled file vs the source (header + 60,000 rows + the final newline)');
        equal(out[0], `${src[0]},cluster,p_cluster1,p_cluster2,certainty`, 'header');
        // Each blob (the shape column) is one cluster: every row, not only the sampled ones, was labelled by the model.
        const byShape = new Map<string, Map<string, number>>();
        for (let i = 1; i < src.length - 1; i++) {
          const line = out[i]!;
          ok(line.startsWith(src[i]! + ','), `line ${i + 1} starts with the source line byte for byte: ${JSON.stringify(line.slice(0, 60))}`);
          const cells = line.slice(src[i]!.length + 1).split(',');
          ok(cells[0] === '1' || cells[0] === '2', `line ${i + 1}: cluster 1 or 2, got ${JSON.stringify(cells[0])}`);
          const shape = src[i]!.split(',')[3]!;
          const counts = byShape.get(shape) ?? new Map<string, number>();
          counts.set(cells[0]!, (counts.get(cells[0]!) ?? 0) + 1);
          byShape.set(shape, counts);
        }
        equal(out[out.length - 1], '', 'the final newline stays the final newline');
        const clusterOf = [...byShape.entries()].map(([shape, counts]) => {
          const [cluster, n] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
          equal(n, LARGE_ROWS / 2, `every row of ${shape} is in its cluster`);
          return cluster;
        });
        ok(clusterOf.length === 2 && clusterOf[0] !== clusterOf[1], `the two blobs are two clusters (${clusterOf.join(', ')})`);
      } finally {
        await Promise.resolve(vscode.workspace.fs.delete(labelled)).catch(() => { /* not written */ });
      }
    });
  });
}
