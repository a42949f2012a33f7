/**
 * Loads the built webview (dist/webview) in headless Chromium exactly as VS Code would: the same
 * HTML and Content-Security-Policy (buildPanelHtml), a stand-in acquireVsCodeApi that records what
 * the page posts, and VS Code-like theme variables.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { buildPanelHtml, makeNonce } from '../../src/host/pure/panelHtml';
import type { HostMessage } from '../../src/shared/protocol';

const root = path.resolve(import.meta.dirname, '../..');
/** The built page; CLUSTER_LENS_WEBVIEW_DIR points elsewhere (a private build while others rebuild dist/). */
const webviewDir = process.env.CLUSTER_LENS_WEBVIEW_DIR ?? path.join(root, 'dist/webview');
export const screenshotDir = path.join(root, 'test-out/webview-screenshots');

export const THEMES = {
  dark: {
    '--vscode-foreground': '#cccccc', '--vscode-editor-foreground': '#d4d4d4', '--vscode-editor-background': '#1e1e1e',
    '--vscode-descriptionForeground': '#9d9d9d', '--vscode-editorWidget-border': '#454545', '--vscode-panel-border': '#3c3c3c',
    '--vscode-font-family': 'system-ui, sans-serif', '--vscode-font-size': '13px', '--vscode-errorForeground': '#f48771',
    '--vscode-button-background': '#0e639c', '--vscode-button-foreground': '#ffffff', '--vscode-focusBorder': '#007fd4',
    '--vscode-input-background': '#3c3c3c', '--vscode-input-foreground': '#cccccc', '--vscode-dropdown-background': '#3c3c3c',
    '--vscode-dropdown-foreground': '#f0f0f0', '--vscode-dropdown-border': '#3c3c3c', '--vscode-panel-background': '#1e1e1e',
    '--vscode-button-secondaryBackground': '#3a3d41', '--vscode-button-secondaryForeground': '#ffffff',
    '--vscode-list-activeSelectionBackground': '#04395e', '--vscode-list-activeSelectionForeground': '#ffffff', '--vscode-list-hoverBackground': '#2a2d2e',
    '--vscode-panelTitle-activeForeground': '#e7e7e7', '--vscode-panelTitle-inactiveForeground': '#e7e7e799', '--vscode-panelTitle-activeBorder': '#e7e7e7',
  },
  light: {
    '--vscode-foreground': '#616161', '--vscode-editor-foreground': '#333333', '--vscode-editor-background': '#ffffff',
    '--vscode-descriptionForeground': '#717171', '--vscode-editorWidget-border': '#c8c8c8', '--vscode-panel-border': '#e5e5e5',
    '--vscode-font-family': 'system-ui, sans-serif', '--vscode-font-size': '13px', '--vscode-errorForeground': '#a1260d',
    '--vscode-button-background': '#007acc', '--vscode-button-foreground': '#ffffff', '--vscode-focusBorder': '#0090f1',
    '--vscode-input-background': '#ffffff', '--vscode-input-foreground': '#616161', '--vscode-input-border': '#cecece',
    '--vscode-dropdown-background': '#ffffff', '--vscode-dropdown-foreground': '#616161', '--vscode-dropdown-border': '#cecece',
    '--vscode-panel-background': '#ffffff', '--vscode-button-secondaryBackground': '#5f6a79', '--vscode-button-secondaryForeground': '#ffffff',
    '--vscode-list-activeSelectionBackground': '#0060c0', '--vscode-list-activeSelectionForeground': '#ffffff', '--vscode-list-hoverBackground': '#e8e8e8',
    '--vscode-panelTitle-activeForeground': '#424242', '--vscode-panelTitle-inactiveForeground': '#424242bf', '--vscode-panelTitle-activeBorder': '#424242',
  },
  /** VS Code's "High Contrast" theme (dark). */
  hcDark: {
    '--vscode-foreground': '#ffffff', '--vscode-editor-foreground': '#ffffff', '--vscode-editor-background': '#000000',
    '--vscode-descriptionForeground': '#ffffffb3', '--vscode-editorWidget-border': '#6fc3df', '--vscode-panel-border': '#6fc3df',
    '--vscode-font-family': 'system-ui, sans-serif', '--vscode-font-size': '13px', '--vscode-errorForeground': '#f48771',
    '--vscode-button-background': '#000000', '--vscode-button-foreground': '#ffffff', '--vscode-button-border': '#6fc3df', '--vscode-focusBorder': '#f38518',
    '--vscode-contrastBorder': '#6fc3df', '--vscode-contrastActiveBorder': '#f38518',
    '--vscode-panelTitle-activeForeground': '#ffffff', '--vscode-panelTitle-inactiveForeground': '#ffffff', '--vscode-panelTitle-activeBorder': '#6fc3df',
    '--vscode-input-background': '#000000', '--vscode-input-foreground': '#ffffff', '--vscode-input-border': '#6fc3df',
    '--vscode-dropdown-background': '#000000', '--vscode-dropdown-foreground': '#ffffff', '--vscode-dropdown-border': '#6fc3df', '--vscode-panel-background': '#000000',
  },
  /** VS Code's "High Contrast Light" theme. */
  hcLight: {
    '--vscode-foreground': '#292929', '--vscode-editor-foreground': '#292929', '--vscode-editor-background': '#ffffff',
    '--vscode-descriptionForeground': '#292929', '--vscode-editorWidget-border': '#0f4a85', '--vscode-panel-border': '#0f4a85',
    '--vscode-font-family': 'system-ui, sans-serif', '--vscode-font-size': '13px', '--vscode-errorForeground': '#b5200d',
    '--vscode-button-background': '#0f4a85', '--vscode-button-foreground': '#ffffff', '--vscode-button-border': '#0f4a85', '--vscode-focusBorder': '#006bbd',
    '--vscode-contrastBorder': '#0f4a85', '--vscode-contrastActiveBorder': '#006bbd',
    '--vscode-panelTitle-activeForeground': '#292929', '--vscode-panelTitle-inactiveForeground': '#292929', '--vscode-panelTitle-activeBorder': '#b5200d',
    '--vscode-input-background': '#ffffff', '--vscode-input-foreground': '#292929', '--vscode-input-border': '#0f4a85',
    '--vscode-dropdown-background': '#ffffff', '--vscode-dropdown-foreground': '#292929', '--vscode-dropdown-border': '#0f4a85', '--vscode-panel-background': '#ffffff',
  },
} as const;

/** The class VS Code puts on the webview's <body> for each kind of theme. */
const BODY_CLASS: Record<keyof typeof THEMES, string> = {
  dark: 'vscode-dark', light: 'vscode-light', hcDark: 'vscode-high-contrast', hcLight: 'vscode-high-contrast-light vscode-high-contrast',
};

export interface WebviewPage {
  page: Page;
  /** Messages the webview sent to the "host", in order. */
  posted(): Promise<unknown[]>;
  send(message: HostMessage): Promise<void>;
  waitForState(state: 'loading' | 'fitting' | 'ready' | 'idle' | 'error'): Promise<void>;
  cspViolations(): Promise<string[]>;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

let browser: Browser | undefined;

async function getBrowser(): Promise<Browser> {
  browser ??= await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  return browser;
}

export async function closeBrowser(): Promise<void> {
  await browser?.close();
  browser = undefined;
}

function serve(): Promise<{ origin: string; server: http.Server }> {
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/') {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(buildPanelHtml({ cspSource: origin, assetUrl: name => `${origin}/${name}`, nonce: makeNonce() }));
      return;
    }
    const file = path.join(webviewDir, path.normalize(url.pathname).replace(/^[/\\]+/, ''));
    if (!file.startsWith(webviewDir) || !fs.existsSync(file)) { response.writeHead(404).end(); return; }
    const types: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.map': 'application/json' };
    response.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(response);
  });
  return new Promise(resolve => server.listen(0, '127.0.0.1', () =>
    resolve({ origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server })));
}

/**
 * A stand-in extension host for tests: called with each message the page posts (after it is
 * recorded in `posted()`); what it returns is sent back to the page, in order.
 */
export type TestHost = (message: unknown) => HostMessage | HostMessage[] | undefined | Promise<HostMessage | HostMessage[] | undefined>;

export async function openWebview(options: {
  theme?: keyof typeof THEMES; width?: number; height?: number; host?: TestHost;
  /** What vscode.getState() returns at first, as after a reload. */
  state?: unknown;
} = {}): Promise<WebviewPage> {
  if (!fs.existsSync(path.join(webviewDir, 'main.js'))) { throw new Error('dist/webview is missing: run `npm run build` first'); }
  const { origin, server } = await serve();
  const context = await (await getBrowser()).newContext({ viewport: { width: options.width ?? 1200, height: options.height ?? 800 } });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', e => pageErrors.push(e.message));
  const theme = THEMES[options.theme ?? 'dark'];
  const host = options.host;
  if (host) {
    await page.exposeFunction('__toTestHost', async (message: unknown) => {
      const replies = await host(message);
      for (const reply of replies === undefined ? [] : Array.isArray(replies) ? replies : [replies]) {
        await page.evaluate(m => { window.postMessage(m, '*'); }, reply as unknown as Record<string, unknown>);
      }
    });
  }
  await page.addInitScript(({ vars, bodyClass, saved }) => {
    const w = window as unknown as { __posted: unknown[]; __state: unknown; __csp: string[]; acquireVsCodeApi: () => unknown };
    w.__state = saved;
    w.__posted = [];
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', e => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    w.acquireVsCodeApi = () => ({
      postMessage: (m: unknown) => {
        w.__posted.push(m);
        (w as unknown as { __toTestHost?: (m: unknown) => Promise<void> }).__toTestHost?.(m).catch(() => {});
      },
      getState: () => w.__state,
      setState: (s: unknown) => { w.__state = s; },
    });
    // VS Code sets its theme as CSS variables on <html>; so does this stand-in (through the CSSOM,
    // which the CSP allows).
    document.addEventListener('DOMContentLoaded', () => {
      for (const [name, value] of Object.entries(vars)) { document.documentElement.style.setProperty(name, value); }
      document.body.className = bodyClass;
    });
  }, { vars: theme as Record<string, string>, bodyClass: BODY_CLASS[options.theme ?? 'dark'], saved: options.state as unknown });
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some(m => m.type === 'ready'));
  return {
    page,
    posted: () => page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted),
    send: message => page.evaluate(m => { window.postMessage(m, '*'); }, message as unknown as Record<string, unknown>),
    waitForState: async state => {
      await page.locator(`#app[data-state="${state}"]`).waitFor({ timeout: 10_000 });
      if (pageErrors.length > 0) { throw new Error(`page errors: ${pageErrors.join('; ')}`); }
    },
    cspViolations: () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp),
    screenshot: async name => {
      fs.mkdirSync(screenshotDir, { recursive: true });
      const file = path.join(screenshotDir, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    close: async () => { await context.close(); server.close(); },
  };
}

export const tmpDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-lens-webview-'));
