/**
 * The open panels, one per file, and the one the user looked at last: the registries a panel class
 * would otherwise keep in statics, kept apart as VS Code's Markdown preview keeps its previews in a
 * manager. Panels are made here (a new one, the file's open one brought to the front, or one VS Code
 * restored after a reload) and tell the manager when they gain focus, change their fit or close.
 */
import * as vscode from 'vscode';
import { ClusterPanel, PANEL_VIEW_TYPE, webviewRoot, type PanelDeps, type PanelRegistry } from './clusterPanel';
import { makePanelId } from './pure/panelMemory';

class PanelManager implements PanelRegistry {
  private readonly open = new Map<string, ClusterPanel>();
  private lastActive: ClusterPanel | undefined;

  find(uri: vscode.Uri): ClusterPanel | undefined {
    return this.open.get(uri.toString());
  }

  /** The panel the user looked at last: what "Export…" from the palette applies to. */
  current(): ClusterPanel | undefined {
    return this.lastActive;
  }

  /** A new panel beside the editor, or the file's existing one brought to the front. */
  show(uri: vscode.Uri, deps: PanelDeps): { panel: ClusterPanel; created: boolean } {
    const existing = this.find(uri);
    if (existing) {
      existing.panel.reveal();
      return { panel: existing, created: false };
    }
    const webviewPanel = vscode.window.createWebviewPanel(
      PANEL_VIEW_TYPE, titleFor(uri), vscode.ViewColumn.Active,
      { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: [webviewRoot(deps.extensionUri)] },
    );
    return { panel: new ClusterPanel(webviewPanel, uri, deps, makePanelId(), this), created: true };
  }

  /** Re-attaches a panel VS Code restored after a reload; `uri` comes from the host's own memory. */
  revive(webviewPanel: vscode.WebviewPanel, uri: vscode.Uri, deps: PanelDeps, panelId: string): ClusterPanel {
    webviewPanel.webview.options = { enableScripts: true, localResourceRoots: [webviewRoot(deps.extensionUri)] };
    webviewPanel.title = titleFor(uri);
    return new ClusterPanel(webviewPanel, uri, deps, panelId, this);
  }

  opened(panel: ClusterPanel): void {
    this.open.set(panel.uri.toString(), panel);
    this.lastActive = panel;
  }

  activated(panel: ClusterPanel): void {
    this.lastActive = panel;
  }

  /** `clusterLens.hasFit` shows the export commands in the palette only when there is a fit to export. */
  fitChanged(): void {
    const hasFit = [...this.open.values()].some(p => p.analysis.lastFit !== undefined);
    void vscode.commands.executeCommand('setContext', 'clusterLens.hasFit', hasFit);
  }

  closed(panel: ClusterPanel): void {
    this.open.delete(panel.uri.toString());
    if (this.lastActive === panel) { this.lastActive = undefined; }
    this.fitChanged();
  }
}

/** The extension's panels (one manager per extension host, as the statics were). */
export const panels = new PanelManager();

function titleFor(uri: vscode.Uri): string {
  return `Cluster Lens: ${uri.path.split('/').pop() ?? uri.path}`;
}
