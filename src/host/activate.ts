import * as vscode from 'vscode';
import { parsePersistedState } from '../shared/protocol';
import { PANEL_VIEW_TYPE, type PanelDeps } from './clusterPanel';
import { registerCommands } from './commands';
import { registerExportCommands } from './exportCommands';
import { log } from './log';
import { registerModelExportCommands } from './modelExportCommands';
import { panels } from './panelManager';
import { PanelMemory } from './pure/panelMemory';
import type { Platform } from './platform';

/** Everything activation does, for both extension hosts; the entry files only pick the platform. */
export function activateClusterLens(context: vscode.ExtensionContext, platform: Platform): void {
  const deps: PanelDeps = { platform, extensionUri: context.extensionUri, memory: new PanelMemory(context.workspaceState) };
  registerCommands(context, deps);
  registerExportCommands(context, deps);
  registerModelExportCommands(context);
  context.subscriptions.push({ dispose: () => platform.compute.dispose() });
  context.subscriptions.push(vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
    async deserializeWebviewPanel(webviewPanel, state) {
      // The webview names its panel; which file that panel shows is the host's own record.
      const persisted = parsePersistedState(state);
      const record = persisted && deps.memory.recall(persisted.panelId);
      if (!persisted || !record) {
        log.warn('A Cluster Lens panel came back that this workspace has no record of; closing it.');
        webviewPanel.dispose();
        return;
      }
      const panel = panels.revive(webviewPanel, vscode.Uri.parse(record.uri, true), deps, persisted.panelId);
      await panel.start({ options: record.options ?? undefined, compare: record.compare ?? undefined, methods: record.methods ?? undefined });
    },
  }));
}
