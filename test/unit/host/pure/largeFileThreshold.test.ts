import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { LARGE_FILE_MEGABYTES_LIMITS, largeFileLimitBytes, largeFileMegabytesSetting, readWholeNote } from '../../../../src/host/pure/largeFileThreshold';

describe('the size past which a file is sampled', () => {
  test('a size the user sets, in megabytes, wins over the host\'s limit; 0 leaves the host\'s limit', () => {
    assert.equal(largeFileLimitBytes(5, 4e9), 5e6);
    assert.equal(largeFileLimitBytes(0, 4e9), 4e9);
    assert.equal(largeFileLimitBytes(0, undefined), undefined);
    assert.equal(largeFileLimitBytes(2, undefined), 2e6, 'the web host, which has no limit of its own, still knows the user\'s size');
  });

  test('a hand-edited value is brought within the bounds and rounded; anything but a number is 0', () => {
    assert.equal(largeFileMegabytesSetting(12.4), 12);
    assert.equal(largeFileMegabytesSetting(-3), 0);
    assert.equal(largeFileMegabytesSetting(1e12), LARGE_FILE_MEGABYTES_LIMITS.max);
    for (const value of [undefined, null, '5', Number.NaN, {}]) { assert.equal(largeFileMegabytesSetting(value), 0, String(value)); }
  });

  test('the web host\'s note names the file\'s size, the setting\'s, and that every row was read and fitted', () => {
    const note = readWholeNote(2_345_678, 1);
    assert.match(note, /^The file \(2\.3 MB\) is larger than the clusterLens\.largeFileMegabytes setting \(1 MB\)/);
    assert.match(note, /read whole and every row is fitted/);
  });

  test('the setting VS Code shows has the code\'s default (0) and bounds', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(process.cwd(), 'package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { default: number; minimum: number; maximum: number }> } };
    };
    const setting = manifest.contributes.configuration.properties['clusterLens.largeFileMegabytes'];
    assert.ok(setting, 'package.json contributes clusterLens.largeFileMegabytes');
    assert.equal(setting.default, 0);
    assert.equal(setting.minimum, LARGE_FILE_MEGABYTES_LIMITS.min);
    assert.equal(setting.maximum, LARGE_FILE_MEGABYTES_LIMITS.max);
  });
});
