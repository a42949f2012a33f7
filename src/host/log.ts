import * as vscode from 'vscode';

/** The "Cluster Lens" output channel; created on first use so activation stays cheap. */
let channel: vscode.LogOutputChannel | undefined;
const get = () => (channel ??= vscode.window.createOutputChannel('Cluster Lens', { log: true }));

export const log = {
  info: (message: string) => get().info(message),
  warn: (message: string) => get().warn(message),
  error: (message: string, err?: unknown) => get().error(message, ...(err === undefined ? [] : [err])),
};
