/**
 * A saved model as a PySpark job for data no single machine holds:
 *   spark-submit SCRIPT.py INPUT OUTPUT [--refit]
 * reads INPUT (CSV with a header, or Parquet: a path ending in .parquet or a folder of Parquet
 * parts), scores every row with the model's SQL (sqlScoring, Spark dialect) and writes OUTPUT the
 * same way (.csv → CSV, else Parquet). `--refit` instead assembles and standardises the columns and
 * refits with pyspark.ml's GaussianMixture / KMeans with the same k, seed, tolerance and
 * iterations, which is not the same model: the script says why.
 *
 * Spark is not installable here: the script is checked by `python3 -m py_compile` and its SQL by
 * running it on DuckDB (test/unit/data/modelExport/pysparkJob.test.ts); it has not run on Spark.
 */
import type { ModelFile } from '../modelFile';
import { pythonNumber } from './pythonScript';
import { planScoring } from './scoringPlan';
import { exportModelSql } from './sqlScoring';

/** The temporary view the job registers its input as, and the SQL reads. */
export const PYSPARK_VIEW = 'cluster_lens_input';

export function exportModelPyspark(model: ModelFile): string {
  const plan = planScoring(model);
  const k = plan.nComponents;
  const sql = exportModelSql(model, { table: PYSPARK_VIEW, dialect: 'spark' });
  // A raw string: a backslash in a column name stays a backslash; only three quotes in a row could end it.
  if (sql.includes('"""')) { throw new Error('a column name with three double quotes in a row cannot be written inside the job\'s SQL string'); }
  const option = (name: string, fallback: number) => { const v = model.options[name]; return typeof v === 'number' ? v : fallback; };
  const gmm = plan.algorithm === 'gmm';
  const standardize = model.options['standardize'] === true;
  const lines = [
    '#!/usr/bin/env python3',
    `"""Cluster Lens model (${gmm ? `Gaussian mixture, ${model.covarianceType} covariance` : 'k-means'}, k = ${k}) as a PySpark job.`,
    '',
    'usage: spark-submit SCRIPT.py INPUT OUTPUT [--refit]',
    'INPUT: a CSV file or folder with a header row, or Parquet (a path ending in .parquet, or a folder',
    '       of Parquet parts). OUTPUT: written as CSV when it ends in .csv, else as Parquet.',
    `Every row comes out with cluster (1..${k}), p_cluster1..${k} and certainty, scored by the SQL`,
    'below: the model Cluster Lens fitted, unchanged; a row with NULL in a fitted column gets NULLs.',
    '--refit fits pyspark.ml instead (see refit()): another model, for comparison.',
    'Written by Cluster Lens; its SQL is tested on DuckDB, the job itself was not run on Spark.',
    '"""',
    'import sys',
    '',
    `COLUMNS = [${plan.columns.map(c => JSON.stringify(c)).join(', ')}]`,
    `K = ${k}`,
    `SEED = ${option('seed', 0)}`,
    `TOL = ${pythonNumber(option('tol', gmm ? 1e-3 : 1e-4))}`,
    `MAX_ITER = ${option('maxIter', gmm ? 100 : 300)}`,
    `VIEW = ${JSON.stringify(PYSPARK_VIEW)}`,
    '',
    '# The model as Spark SQL: standardisation, each component\'s log-density through the Cholesky',
    '# factor of its precision, log-sum-exp (k-means: the nearest centroid).',
    `SCORING_SQL = r"""${sql}"""`,
    '', '',
    'def is_parquet(path):',
    '    import os',
    '    if path.lower().endswith(".parquet"):',
    '        return True',
    '    return os.path.isdir(path) and any(name.endswith(".parquet") for name in os.listdir(path))',
    '', '',
    'def read(spark, path):',
    '    if is_parquet(path):',
    '        return spark.read.parquet(path)',
    '    return spark.read.option("header", True).option("inferSchema", True).csv(path)',
    '', '',
    'def write(frame, path):',
    '    if path.lower().endswith(".csv"):',
    '        frame.write.mode("overwrite").option("header", True).csv(path)',
    '    else:',
    '        frame.write.mode("overwrite").parquet(path)',
    '', '',
    'def score(spark, frame):',
    '    """Every row with the saved model\'s cluster, probabilities and certainty."""',
    '    frame.createOrReplaceTempView(VIEW)',
    '    return spark.sql(SCORING_SQL)',
    '', '',
    'def refit(frame):',
    '    """pyspark.ml\'s own fit with the same k, seed, tolerance and iterations. Not the same model:',
    '    Spark\'s GaussianMixture has full covariances only (no tied, diag or spherical), starts from',
    '    random responsibilities rather than k-means, runs one start (no n_init) and reports no BIC;',
    '    its KMeans seeds with k-means|| rather than k-means++; its StandardScaler divides by the',
    '    sample standard deviation (n - 1) where Cluster Lens uses the population one (n)."""',
    '    from pyspark.ml.clustering import GaussianMixture, KMeans',
    '    from pyspark.ml.feature import StandardScaler, VectorAssembler',
    '    from pyspark.sql import functions as F',
    '    assembled = VectorAssembler(inputCols=COLUMNS, outputCol="cl_raw", handleInvalid="skip").transform(frame)',
    `    scaler = StandardScaler(inputCol="cl_raw", outputCol="cl_features", withMean=True, withStd=True)`,
    `    features = ${standardize ? 'scaler.fit(assembled).transform(assembled)  # Cluster Lens fitted on z-scores' : 'assembled.withColumnRenamed("cl_raw", "cl_features")  # Cluster Lens fitted on raw values'}`,
  ];
  if (gmm) {
    lines.push(
      '    model = GaussianMixture(k=K, seed=SEED, tol=TOL, maxIter=MAX_ITER, featuresCol="cl_features",',
      '                            predictionCol="cl_prediction", probabilityCol="cl_probability").fit(features)',
      '    scored = model.transform(features)',
      '    from pyspark.ml.functions import vector_to_array',
      '    probability = vector_to_array("cl_probability")',
      '    scored = scored.withColumn("cluster", F.col("cl_prediction") + 1)',
      '    for c in range(K):',
      '        scored = scored.withColumn(f"p_cluster{c + 1}", probability[c])',
      '    scored = scored.withColumn("certainty", F.array_max(probability))',
      '    return scored.drop("cl_raw", "cl_features", "cl_prediction", "cl_probability")',
    );
  } else {
    lines.push(
      '    model = KMeans(k=K, seed=SEED, tol=TOL, maxIter=MAX_ITER, featuresCol="cl_features", predictionCol="cl_prediction").fit(features)',
      '    scored = model.transform(features).withColumn("cluster", F.col("cl_prediction") + 1)',
      '    for c in range(K):',
      '        scored = scored.withColumn(f"p_cluster{c + 1}", F.when(F.col("cluster") == c + 1, 1.0).otherwise(0.0))',
      '    scored = scored.withColumn("certainty", F.lit(1.0))',
      '    return scored.drop("cl_raw", "cl_features", "cl_prediction")',
    );
  }
  lines.push(
    '', '',
    'def main(argv):',
    '    if len(argv) not in (3, 4) or (len(argv) == 4 and argv[3] != "--refit"):',
    '        sys.exit("usage: spark-submit SCRIPT.py INPUT OUTPUT [--refit]")',
    '    from pyspark.sql import SparkSession',
    '    spark = SparkSession.builder.appName("cluster-lens").getOrCreate()',
    '    frame = read(spark, argv[1])',
    '    missing = [c for c in COLUMNS if c not in frame.columns]',
    '    if missing:',
    '        sys.exit(f"{argv[1]} lacks the model\'s columns {missing}")',
    '    write(refit(frame) if len(argv) == 4 else score(spark, frame), argv[2])',
    '    spark.stop()',
    '', '',
    'if __name__ == "__main__":',
    '    main(sys.argv)',
  );
  return lines.join('\n') + '\n';
}
