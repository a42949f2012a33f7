// extensionTestsPath entry for the web worker extension host: mocha's browser build, bundled by esbuild.
import 'mocha/mocha';
import { tagReporterOutput, reportResults } from '../shared/report';

declare const require: (id: string) => unknown; // bundled by esbuild
declare const process: { env: { E2E_GREP: string } }; // replaced by esbuild (buildSuites.mjs)

export function run(): Promise<void> {
  const M = (globalThis as unknown as { Mocha: { reporters: { Base: { consoleLog: (...a: unknown[]) => void } } } }).Mocha;
  tagReporterOutput(M.reporters.Base);
  return new Promise((resolve, reject) => {
    mocha.setup({ ui: 'tdd', reporter: 'spec', timeout: 30_000, color: false, ...(process.env.E2E_GREP ? { grep: process.env.E2E_GREP } : {}) });
    require('./cluster.test');
    try {
      const runner = mocha.run(failures => (failures > 0 ? reject(new Error(`${failures} tests failed.`)) : resolve()));
      reportResults(runner);
    } catch (err) {
      reject(err);
    }
  });
}
