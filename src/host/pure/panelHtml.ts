/**
 * The webview page. Pure (no vscode import) so the webview tests load exactly the page, and
 * exactly the Content-Security-Policy, that VS Code shows.
 */

export interface PanelAssets {
  /** The webview's `cspSource`: the origin its resources are served from. */
  cspSource: string;
  /** URL of a file in dist/webview. */
  assetUrl(name: string): string;
  /** A fresh random value per page load: the CSP admits only tags carrying it. */
  nonce: string;
}

export function makeNonce(): string {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}

export function buildPanelHtml({ cspSource, assetUrl, nonce }: PanelAssets): string {
  const csp = [
    "default-src 'none'",
    `img-src ${cspSource} data: blob:`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    // No <base> may redirect relative URLs, and no form may be submitted anywhere.
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" nonce="${nonce}" href="${assetUrl('codicon.css')}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" nonce="${nonce}" href="${assetUrl('main.css')}">
<title>Cluster Lens</title>
</head>
<body>
<main id="app" data-state="loading" aria-live="polite"></main>
<script nonce="${nonce}" src="${assetUrl('main.js')}"></script>
</body>
</html>`;
}
