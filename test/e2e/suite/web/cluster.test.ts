// Required by ./index.ts inside the web worker extension host (VS Code for the web).
import { registerCases } from '../shared/cases';
import { registerLargeFileCases } from '../shared/largeFileCases';
import { ok } from '../shared/assert';

suite('web worker extension host environment', () => {
  test('runs in a web worker without Node', () => {
    const g = globalThis as { process?: { versions?: { node?: string } }; importScripts?: unknown };
    ok(!g.process?.versions?.node, 'no Node.js process here');
    ok(typeof g.importScripts === 'function', 'importScripts exists (web worker global scope)');
  });
});

registerCases('web');
registerLargeFileCases('web');
