import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { DEFAULT_SAMPLE_ROWS } from '../../../../src/data/reservoirSample';
import { SAMPLE_ROWS_LIMITS, sampleRowsSetting } from '../../../../src/host/pure/sampledFile';

describe('the sample size of a file too large to read whole', () => {
  test('a value within the bounds is taken as it is, a fraction rounded to whole rows', () => {
    assert.equal(sampleRowsSetting(250_000, DEFAULT_SAMPLE_ROWS), 250_000);
    assert.equal(sampleRowsSetting(1234.6, DEFAULT_SAMPLE_ROWS), 1235);
  });

  test('a hand-edited value outside the bounds is brought within them', () => {
    assert.equal(sampleRowsSetting(10, DEFAULT_SAMPLE_ROWS), SAMPLE_ROWS_LIMITS.min);
    assert.equal(sampleRowsSetting(1e12, DEFAULT_SAMPLE_ROWS), SAMPLE_ROWS_LIMITS.max);
  });

  test('anything but a finite number gives the default', () => {
    for (const value of [undefined, null, '50000', Number.NaN, Number.POSITIVE_INFINITY, {}]) {
      assert.equal(sampleRowsSetting(value, DEFAULT_SAMPLE_ROWS), DEFAULT_SAMPLE_ROWS, String(value));
    }
  });

  test('the setting VS Code shows has the same default and bounds as the code (and the CLI\'s --sample default)', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(process.cwd(), 'package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { default: number; minimum: number; maximum: number }> } };
    };
    const setting = manifest.contributes.configuration.properties['clusterLens.largeFileSampleRows'];
    assert.ok(setting, 'package.json contributes clusterLens.largeFileSampleRows');
    assert.equal(setting.default, DEFAULT_SAMPLE_ROWS);
    assert.equal(setting.minimum, SAMPLE_ROWS_LIMITS.min);
    assert.equal(setting.maximum, SAMPLE_ROWS_LIMITS.max);
  });
});
