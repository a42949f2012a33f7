/** Entry of the Node extension host (desktop VS Code, Remote, Codespaces, code-server). */
import type * as vscode from 'vscode';
import { activateClusterLens } from './host/activate';
import { createNodePlatform } from './host/nodePlatform';

export function activate(context: vscode.ExtensionContext): void {
  activateClusterLens(context, createNodePlatform(context));
}

export function deactivate(): void {}
