// Tags mocha's output so the harness can pick it out of the workbench log stream
// (extension-host console.log arrives through window.codeAutomationLog mixed with trace logs):
//   "[mocha] <spec reporter line>"       printed by the harness as is
//   "[mocha-result] ok|FAIL <full title>" one per test, counted by the harness as a check
import { format } from './format';

interface RunnerLike {
  on(event: 'pass', fn: (t: { fullTitle(): string; duration?: number }) => void): unknown;
  on(event: 'fail', fn: (t: { fullTitle(): string }, err: { message?: string }) => void): unknown;
}

export function tagReporterOutput(base: { consoleLog: (...a: unknown[]) => void }): void {
  base.consoleLog = (...args: unknown[]) => console.log('[mocha] ' + format(args));
}

export function reportResults(runner: RunnerLike): void {
  runner.on('pass', t => console.log(`[mocha-result] ok ${t.fullTitle()}`));
  runner.on('fail', (t, err) => console.log(`[mocha-result] FAIL ${t.fullTitle()} -- ${(err?.message ?? String(err)).split('\n')[0]}`));
}
