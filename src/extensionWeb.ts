/** Entry of the web-worker extension host (VS Code for the web: vscode.dev, github.dev). */
import type * as vscode from 'vscode';
import { activateClusterLens } from './host/activate';
import { createWebPlatform } from './host/webPlatform';

export function activate(context: vscode.ExtensionContext): void {
  activateClusterLens(context, createWebPlatform(context));
}

export function deactivate(): void {}
