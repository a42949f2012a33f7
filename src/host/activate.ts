import * as vscode from 'vscode';
import { parsePersistedState } from '../shared/protocol';
import { ClusterPanel, PANEL_VIEW_TYPE } from './clusterPanel';
import { registerCommands } from './commands';
import { registerExportCommands } from './exportCommands';
import { log } from './log';
import type { Platform } from './platform';

/** Everything activation does, for both extension hosts; the entry files only pick the platform. */
export function activateClusterLens(context: vscode.ExtensionContext, platform: Platform): void {
  registerCommands(context, platform);
  registerExportCommands(context, platform);
  context.subscriptions.push({ dispose: () => platform.compute.dispose() });
  context.subscriptions.push(vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
    async deserializeWebviewPanel(webviewPanel, state) {
      const persisted = parsePersistedState(state);
      if (!persisted) {
        log.warn('A Cluster Lens panel came back without a usable state; closing it.');
        webviewPanel.dispose();
        return;
      }
      const uri = vscode.Uri.parse(persisted.fileUri, true);
      const panel = ClusterPanel.revive(webviewPanel, uri, platform, context.extensionUri);
      await panel.start(persisted.options ?? undefined);
    },
  }));
}
