// extensionTestsPath entry for the Node extension host (code-server): mocha's Node build, loaded at run
// time from the extension's node_modules (it is external to this bundle).
import Mocha from 'mocha';
import * as path from 'node:path';
import { tagReporterOutput, reportResults } from '../shared/report';

tagReporterOutput(Mocha.reporters.Base as unknown as { consoleLog: (...a: unknown[]) => void });

export function run(): Promise<void> {
  // E2E_GREP: only the tests whose title matches (while iterating on one).
  const mocha = new Mocha({ ui: 'tdd', reporter: 'spec', timeout: 30_000, color: false, grep: process.env.E2E_GREP || undefined });
  mocha.addFile(path.join(__dirname, 'cluster.test.js'));
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run(failures => (failures > 0 ? reject(new Error(`${failures} tests failed.`)) : resolve()));
      reportResults(runner);
    } catch (err) {
      reject(err);
    }
  });
}
