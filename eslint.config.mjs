// Lint, and above all the layering: each folder may import only the layers below it.
//   src/core (pure) ← src/data ← src/host (vscode) ;  src/compute → core ;  webview → {src/shared, src/core}
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'worker_threads', 'stream', 'util', 'crypto', 'buffer', 'url', 'events', 'zlib', 'http', 'https', 'net'];
const ban = (group, message) => ({ group, message });
/** src/node holds Node adapters for the host and the CLI; nothing that runs in a browser or a worker may reach it. */
const nodeBan = ban(['**/node/*'], 'src/node is for the host and the CLI only (Node APIs).');
const vscodeBan = { name: 'vscode', message: 'Only src/host and the extension entries may use the VS Code API.' };

function layer(files, { paths = [], patterns = [] }) {
  return { files, rules: { 'no-restricted-imports': ['error', { paths, patterns }] } };
}

export default tseslint.config(
  { ignores: ['dist/**', 'test-out/**', 'node_modules/**', '.tools/**', '.vscode-test-web/**', 'e2e-out/**', 'bench-out/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error',
        { selector: "AssignmentExpression[left.property.name=/^(innerHTML|outerHTML)$/]", message: 'Set text with textContent: CSV data must never be parsed as HTML.' },
        { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: 'Build elements with webview/dom.ts h(): CSV data must never be parsed as HTML.' },
        { selector: "CallExpression[callee.object.name='document'][callee.property.name='write']", message: 'No document.write.' }],
      eqeqeq: ['error', 'always'],
    },
  },
  layer(['src/core/**/*.ts'], {
    paths: [vscodeBan, { name: 'papaparse', message: 'src/core is numerics only.' }, { name: 'chart.js', message: 'src/core is numerics only.' }],
    patterns: [ban(NODE_BUILTINS, 'src/core runs in browsers and workers: no Node APIs.'),
      ban(['**/data/*', '**/host/*', '**/shared/*', '**/compute/*', '**/webview/*', '**/node/*'], 'src/core imports nothing but src/core.')],
  }),
  layer(['src/shared/**/*.ts'], {
    paths: [vscodeBan],
    patterns: [ban(NODE_BUILTINS, 'src/shared is plain types and guards.'),
      ban(['../*', '!../core', '!./*'], 'src/shared imports nothing outside itself but the types of src/core.')],
  }),
  // The protocol speaks the engine's vocabulary (Algorithm, CovarianceType…) by its types only: no core code in the bundle's protocol.
  {
    files: ['src/shared/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group: ['../core/*'], allowTypeImports: true, message: 'src/shared takes only types from src/core: use import type.' }] }] },
  },
  layer(['src/data/**/*.ts'], {
    paths: [vscodeBan, { name: 'chart.js', message: 'src/data has no UI.' }],
    patterns: [ban(NODE_BUILTINS, 'src/data also runs in the web extension host: no Node APIs.'),
      ban(['**/host/*', '**/compute/*', '**/shared/*', '**/webview/*'], 'src/data imports only src/core.'), nodeBan],
  }),
  layer(['src/compute/**/*.ts'], {
    paths: [vscodeBan],
    patterns: [ban(['**/host/*', '**/data/*', '**/shared/*', '**/webview/*'], 'src/compute runs src/core only.'), nodeBan],
  }),
  layer(['src/host/**/*.ts', 'src/extension*.ts'], {
    patterns: [ban(['**/webview/*'], 'The host talks to the webview only through src/shared messages.')],
  }),
  // The host's logic without the VS Code API (snapshots, table pages, comparisons, the compute client's
  // contract): unit-tested as it is, and able to move off the host's thread. Rule options replace
  // those of src/host above, so the webview ban is repeated.
  layer(['src/host/pure/**/*.ts'], {
    paths: [{ name: 'vscode', message: 'src/host/pure is the host without the VS Code API: put code that needs it in src/host.' }],
    patterns: [ban(NODE_BUILTINS, 'src/host/pure runs in the web extension host too: no Node APIs.'), nodeBan,
      ban(['**/webview/*'], 'The host talks to the webview only through src/shared messages.'),
      { regex: '^\\.\\./(?!\\.)', message: 'src/host/pure imports nothing of src/host outside itself (those files may use vscode).' }],
  }),
  layer(['src/node/**/*.ts'], {
    paths: [vscodeBan],
    patterns: [ban(['**/host/*', '**/webview/*', '**/shared/*', '**/compute/*'], 'src/node holds Node adapters of src/data for the host and the CLI.')],
  }),
  layer(['src/cli.ts', 'src/cli/**/*.ts'], {
    paths: [vscodeBan],
    patterns: [ban(['**/host/*', '**/webview/*', '**/shared/*'], 'The CLI uses src/data, src/core, src/node and the thread pool of src/compute only.')],
  }),
  layer(['webview/**/*.ts'], {
    paths: [vscodeBan],
    patterns: [ban(NODE_BUILTINS, 'The webview is a browser page.'),
      ban(['**/src/host/*', '**/src/data/*', '**/src/compute/*', '**/src/cli', '**/src/cli/*'], 'The webview reaches the host only through src/shared messages (and may reuse pure src/core).'), nodeBan],
  }),
);
