import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';

// The runner starts tests in the repository root, where the generators resolve their output paths.
/** Runs a generator in its --check mode: it regenerates in memory and compares with the committed file. */
function check(script: string): { status: number | null; output: string } {
  const r = spawnSync(process.execPath, [script, '--check'], { cwd: process.cwd(), encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('the generated kernels', () => {
  test('unrolled.ts is exactly what scripts/generateKernels.mjs writes today', () => {
    const { status, output } = check('scripts/generateKernels.mjs');
    assert.equal(status, 0, output);
    assert.match(output, /unrolled\.ts is up to date/);
  });

  test('wideWasm.ts is exactly what scripts/generateWideKernels.mjs writes today', () => {
    const { status, output } = check('scripts/generateWideKernels.mjs');
    assert.equal(status, 0, output);
    assert.match(output, /wideWasm\.ts is up to date/);
  });
});
