/**
 * Where a written file went, in words that are true for its file system. "Wrote x.csv" is not
 * enough: in VS Code for the web a workspace can live in the browser's memory (@vscode/test-web
 * keeps every change there and never writes its server's disk), on a remote machine, or in a
 * virtual file system; the message names the target URI and claims a disk only for a `file:` one.
 * Pure (no vscode): unit-tested.
 */

/** The parts of a vscode.Uri this needs. */
export interface TargetUri {
  readonly scheme: string;
  readonly authority: string;
  readonly path: string;
  readonly fsPath: string;
  toString(): string;
}

export interface WriteHost {
  /** VS Code for the web (vscode.env.uiKind === UIKind.Web). */
  readonly web: boolean;
  /** vscode.env.remoteName: 'ssh-remote', 'wsl', 'codespaces'…; undefined when local. */
  readonly remoteName: string | undefined;
}

export interface WriteLocation {
  /** "on disk at /home/me/data/x.clustered.csv", "in the browser's memory (vscode-test-web://mount/x.clustered.csv)…" */
  readonly where: string;
  /** True only when the file is on a disk (local or the remote machine's). */
  readonly onDisk: boolean;
}

export function fileNameOf(uri: TargetUri): string {
  return uri.path.split('/').pop() || uri.path;
}

export function describeWriteLocation(uri: TargetUri, host: WriteHost): WriteLocation {
  switch (uri.scheme) {
    case 'file':
      // A file: URI is on the disk of the machine the extension host runs on.
      return host.remoteName
        ? { where: `on the disk of the ${host.remoteName} machine at ${uri.path}`, onDisk: true }
        : { where: `on disk at ${uri.fsPath}`, onDisk: true };
    case 'vscode-remote':
      return { where: `on the disk of the remote machine${uri.authority ? ` (${uri.authority})` : ''} at ${uri.path}`, onDisk: true };
    case 'vscode-test-web':
      return {
        where: `in the workspace of VS Code for the web's test server (${uri.toString()}), which keeps changes in the browser's memory: `
          + 'the file is not on the server\'s disk. Open it to copy its text, or download it from the Explorer (right-click → Download…)',
        onDisk: false,
      };
    default:
      return {
        where: `in the workspace's ${uri.scheme} file system (${uri.toString()})${host.web ? ', which VS Code for the web provides: not a disk of this machine' : ''}`,
        onDisk: false,
      };
  }
}
