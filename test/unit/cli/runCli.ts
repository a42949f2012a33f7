// Running dist/cli.js as a user does: a separate process, its exit code, its stdout and stderr.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { builtBundle } from '../builtBundle';

export const cli = builtBundle('dist/cli.js');

export interface CliRun { status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; ms: number }

export function runCli(args: string[], { timeoutMs = 60_000 } = {}): CliRun {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 << 20 });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t0 };
}

/** Starts the CLI without waiting; `done` resolves when it has exited. */
export function startCli(args: string[]): { pid: number; done: Promise<CliRun> } {
  const t0 = Date.now();
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '', stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => { stdout += c; });
  child.stderr.setEncoding('utf8').on('data', (c: string) => { stderr += c; });
  const done = new Promise<CliRun>(resolve => child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr, ms: Date.now() - t0 })));
  return { pid: child.pid!, done };
}

/** A stack trace's frame lines ("    at fn (file:1:2)") or Node's own crash banner. */
export const STACK_TRACE = /^\s+at .+(?:\(|:\d+:\d+)|node:internal|^\w*Error: /m;

export const cliTestDir = path.resolve('test-out', `cli-${process.pid}`);
// Some tests write files of tens of MB: each test file (one process) removes its own when done.
process.on('exit', () => fs.rmSync(cliTestDir, { recursive: true, force: true }));

/** A fresh folder for one test's files. */
export function freshDir(name: string): string {
  const dir = path.join(cliTestDir, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
