// Loaded by mocha (Node build) inside the Node extension host (code-server).
import { registerCases } from '../shared/cases';
import { registerLargeFileCases } from '../shared/largeFileCases';
import { ok } from '../shared/assert';

suite('Node extension host environment', () => {
  test('runs under Node.js with worker_threads available', () => {
    ok(/^v\d+\./.test(process.version), 'process.version is a Node version: ' + process.version);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ok(typeof require('node:worker_threads').Worker === 'function', 'worker_threads.Worker exists');
  });
});

registerCases('node');
registerLargeFileCases('node');
