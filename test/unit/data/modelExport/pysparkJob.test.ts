import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { exportModelPyspark, PYSPARK_VIEW } from '../../../../src/data/modelExport/pysparkJob';
import { checkScoredRows, DATA_SETS, fitAndSave, MODEL_KINDS, temporaryFolder, writeCsv } from './exportFixtures';

// Spark cannot be installed here: the job is compiled by python3, and the SQL it would hand to
// spark.sql is read out of the script by Python itself and run on DuckDB.
const PYTHON = '/usr/bin/python3';
const hasPython = spawnSync(PYTHON, ['--version']).status === 0;
const dir = temporaryFolder('cluster-lens-pyspark-');
let connection: DuckDBConnection;

before(async () => { connection = await (await DuckDBInstance.create(':memory:')).connect(); });
after(() => { connection.closeSync(); fs.rmSync(dir, { recursive: true, force: true }); });

/** SCORING_SQL as Python reads it from the script (runpy: the script's main does not run). */
function scoringSqlOf(script: string): string {
  const run = spawnSync(PYTHON, ['-c', 'import runpy, sys; sys.stdout.write(runpy.run_path(sys.argv[1])["SCORING_SQL"])', script], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

describe('the model as a PySpark job', { skip: hasPython ? false : `${PYTHON} missing` }, () => {
  for (const [s, set] of DATA_SETS.entries()) {
    for (const [m, kind] of MODEL_KINDS.entries()) {
      test(`compiles, and its SQL gives our labels and probabilities on DuckDB for ${kind.name} on ${set.name}`, async () => {
        const fitted = fitAndSave(set, kind.overrides);
        const script = path.join(dir, `job${s}_${m}.py`);
        fs.writeFileSync(script, exportModelPyspark(fitted.model));
        const compiled = spawnSync(PYTHON, ['-m', 'py_compile', script], { encoding: 'utf8' });
        assert.equal(compiled.status, 0, compiled.stderr);
        // Spark SQL quotes names with backticks, DuckDB with double quotes; nothing else differs.
        const sql = scoringSqlOf(script).replace(/`([^`]*)`/g, '"$1"');
        await connection.run(`CREATE OR REPLACE VIEW ${PYSPARK_VIEW} AS SELECT * FROM read_csv('${writeCsv(set, dir)}', header = true)`);
        const rows = (await connection.runAndReadAll(sql)).getRowObjectsJS();
        assert.ok(checkScoredRows(rows, set, fitted) > set.nSamples * 0.9);
      });
    }
  }

  test('refits with pyspark.ml only when asked, and says what Spark cannot do', () => {
    const gmm = exportModelPyspark(fitAndSave(DATA_SETS[0]!, { covarianceType: 'diag' }).model);
    assert.match(gmm, /GaussianMixture\(k=K, seed=SEED, tol=TOL, maxIter=MAX_ITER/);
    assert.match(gmm, /full covariances only/);
    assert.match(gmm, /reports no BIC/);
    assert.match(gmm, /write\(refit\(frame\) if len\(argv\) == 4 else score\(spark, frame\), argv\[2\]\)/);
    assert.match(exportModelPyspark(fitAndSave(DATA_SETS[0]!, { algorithm: 'kmeans' }).model), /KMeans\(k=K, seed=SEED/);
  });
});
