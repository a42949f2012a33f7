import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { exportModelPython, pythonNumber } from '../../../../src/data/modelExport/pythonScript';
import { DATA_SETS, fitAndSave, isBlanked, MODEL_KINDS, temporaryFolder, writeCsv } from './exportFixtures';

const PYTHON = '/usr/bin/python3';
const hasSklearn = spawnSync(PYTHON, ['-c', 'import sklearn, pandas'], { encoding: 'utf8' }).status === 0;
const dir = temporaryFolder('cluster-lens-python-');
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the model as a scikit-learn script, run by python3', { skip: hasSklearn ? false : `${PYTHON} lacks scikit-learn or pandas` }, () => {
  for (const [s, set] of DATA_SETS.entries()) {
    const csv = writeCsv(set, dir);
    for (const [m, kind] of MODEL_KINDS.entries()) {
      test(`gives our labels exactly and our probabilities to 1e-9 for ${kind.name} on ${set.name}`, () => {
        const { model, labels, resp } = fitAndSave(set, kind.overrides);
        const k = model.weights.length;
        const script = path.join(dir, `model${s}_${m}.py`);
        const out = path.join(dir, `out${s}_${m}.csv`);
        fs.writeFileSync(script, exportModelPython(model));
        const run = spawnSync(PYTHON, [script, csv, out], { encoding: 'utf8' });
        assert.equal(run.status, 0, run.stderr);
        assert.equal(run.stderr, '', 'no warning from scikit-learn or pandas');
        const [header, ...lines] = fs.readFileSync(out, 'utf8').trimEnd().split('\n');
        assert.equal(header, ['row_id', ...set.columns, 'cluster', ...Array.from({ length: k }, (_, c) => `p_cluster${c + 1}`), 'certainty'].join(','));
        assert.equal(lines.length, set.nSamples);
        for (const [i, line] of lines.entries()) {
          const cells = line.split(',').slice(-(k + 2));
          if (isBlanked(i)) {
            assert.deepEqual(cells, Array(k + 2).fill(''), `row ${i} has an empty cell and no label`);
            continue;
          }
          assert.equal(Number(cells[0]), labels[i]! + 1, `label of row ${i}`);
          for (let c = 0; c < k; c++) {
            assert.ok(Math.abs(Number(cells[c + 1]) - resp[i * k + c]!) <= 1e-9, `row ${i}, p_cluster${c + 1}: ${cells[c + 1]} vs ${resp[i * k + c]}`);
          }
        }
      });
    }
  }
});

describe('the script text', () => {
  test('writes integers as Python floats and keeps every digit of the others', () => {
    assert.equal(pythonNumber(3), '3.0');
    assert.equal(pythonNumber(0.1 + 0.2), '0.30000000000000004');
    assert.equal(pythonNumber(1e-300), '1e-300');
  });
  test('names the refit with the fit\'s own seed and settings, commented out', () => {
    const text = exportModelPython(fitAndSave(DATA_SETS[0]!, { covarianceType: 'diag', standardize: true }).model);
    assert.match(text, /^# refit = GaussianMixture\(n_components=3, covariance_type="diag", tol=0\.000001,$/m);
    assert.match(text, /random_state=3\)\.fit\(X\)$/m);
    assert.match(text, /^# X = StandardScaler\(\)\.fit_transform\(X\)/m);
  });
  test('compiles', { skip: hasSklearn ? false : `${PYTHON} missing` }, () => {
    const script = path.join(dir, 'compiles.py');
    fs.writeFileSync(script, exportModelPython(fitAndSave(DATA_SETS[1]!, { algorithm: 'kmeans' }).model));
    const run = spawnSync(PYTHON, ['-m', 'py_compile', script], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
  });
});
