/**
 * A saved model as a pandas + scikit-learn script: it builds a GaussianMixture (or KMeans) with our
 * fitted parameters set on it, so `predict` gives our labels with no refit, and writes a CSV's
 * rows with cluster (1…k), p_cluster1…k and certainty:
 *   python3 SCRIPT.py DATA.csv OUT.csv
 * The refit with the same settings is written below it, commented out: scikit-learn draws its
 * starts differently, so a refit may number the clusters differently or, on hard data, differ.
 *
 * Parameters are written with shortest round-trip digits and read with pandas' round-trip parser,
 * so the script computes from exactly the doubles we do.
 */
import type { ModelCovarianceType, ModelFile } from '../modelFile';
import { planScoring, type ScoringPlan } from './scoringPlan';

/** Python literal of a double (repr-compatible: round-trips exactly). */
export function pythonNumber(x: number): string {
  if (!Number.isFinite(x)) { throw new Error(`a model parameter is not finite (${x})`); }
  const text = String(x);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

/** Python literal of a nested list of doubles (no numpy needed to read it). */
function pythonArray(value: number | readonly unknown[]): string {
  return typeof value === 'number' ? pythonNumber(value) : `[${value.map(v => pythonArray(v as number | unknown[])).join(', ')}]`;
}

/** Python string literal (JSON's escapes are Python's for these characters). */
const pythonString = (s: string) => JSON.stringify(s);

/** The option saved with the model, or scikit-learn's default. */
function option(model: ModelFile, name: string, fallback: number | boolean): string {
  const value = model.options[name];
  const chosen = typeof value === typeof fallback ? value as number | boolean : fallback;
  return typeof chosen === 'boolean' ? (chosen ? 'True' : 'False') : String(chosen);
}

/**
 * The covariance type scikit-learn must be told. A spherical mixture fitted on z-scores is saved in
 * the file's units, where each column has its own variance: there it is diagonal, not spherical.
 */
export function sklearnCovarianceType(model: ModelFile): ModelCovarianceType {
  const type = model.covarianceType ?? 'full';
  if (type !== 'spherical') { return type; }
  return model.covariances!.every(c => c.every((row, j) => row[j] === c[0]![0])) ? 'spherical' : 'diag';
}

/** The Gaussian mixture's parameters in scikit-learn's shapes for its covariance type. */
function gaussianParameters(model: ModelFile, plan: ScoringPlan, covarianceType: ModelCovarianceType): { covariances: unknown[]; precisionsChol: unknown[] } {
  const covariances = model.covariances!, factors = plan.factors!;
  const diagonal = (m: number[][]) => m.map((row, j) => row[j]!);
  switch (covarianceType) {
    case 'full': return { covariances, precisionsChol: factors };
    case 'tied': return { covariances: covariances[0]!, precisionsChol: factors[0]! };
    case 'diag': return { covariances: covariances.map(diagonal), precisionsChol: factors.map(diagonal) };
    case 'spherical': return { covariances: covariances.map(c => c[0]![0]!), precisionsChol: factors.map(f => f[0]![0]!) };
  }
}

export function exportModelPython(model: ModelFile): string {
  const plan = planScoring(model);
  const { nComponents: k, nFeatures: d } = plan;
  const gmm = plan.algorithm === 'gmm';
  const covarianceType = gmm ? sklearnCovarianceType(model) : 'full';
  const seed = option(model, 'seed', 0);
  const lines: string[] = [
    '#!/usr/bin/env python3',
    `"""Cluster Lens model (${gmm ? `Gaussian mixture, ${covarianceType} covariance` : 'k-means'}, k = ${k}) as scikit-learn.`,
    '',
    'usage: python3 SCRIPT.py DATA.csv OUT.csv',
    `writes the rows of DATA.csv with cluster (1..${k}), p_cluster1..${k} and certainty (the largest`,
    'probability); a row with an empty cell in a fitted column gets empty labels.',
    'DATA.csv is read as comma-separated with a header row; for another delimiter or a decimal',
    'comma, give read_csv sep=";" / decimal="," in main().',
    'The model is built from the fitted parameters below: predict gives the labels Cluster Lens gave,',
    'with no refit. Needs pandas, numpy and scikit-learn.',
    '"""',
    'import sys',
    '',
    'import numpy as np',
    'import pandas as pd',
    gmm ? 'from sklearn.mixture import GaussianMixture' : 'from sklearn.cluster import KMeans',
    'from sklearn.preprocessing import StandardScaler',
    '',
    `COLUMNS = [${plan.columns.map(pythonString).join(', ')}]`,
    `WEIGHTS = np.array(${pythonArray(model.weights)})`,
    `# ${gmm ? 'means' : 'centroids'} in the space the ${gmm ? 'densities' : 'distances'} are measured in (after SCALING, when there is one)`,
    `MEANS = np.array(${pythonArray(plan.means)})`,
  ];
  lines.push(plan.scaling
    ? `SCALING = {"mean": np.array(${pythonArray(plan.scaling.mean)}), "scale": np.array(${pythonArray(plan.scaling.scale)})}`
    : 'SCALING = None  # the model was fitted on the raw values');
  if (gmm) {
    const { covariances, precisionsChol } = gaussianParameters(model, plan, covarianceType);
    lines.push(
      `COVARIANCE_TYPE = ${pythonString(covarianceType)}${covarianceType !== model.covarianceType ? `  # fitted as ${model.covarianceType} on z-scores: diagonal in the file's units` : ''}`,
      `COVARIANCES = np.array(${pythonArray(covariances)})`,
      '# Cholesky factors of the precisions (scikit-learn\'s precisions_cholesky_), as Cluster Lens computed them',
      `PRECISIONS_CHOLESKY = np.array(${pythonArray(precisionsChol)})`,
    );
  }
  lines.push('', '');
  lines.push(
    'def build_scaler():',
    '    """The standardisation the model expects, as a fitted StandardScaler (None: raw values)."""',
    '    if SCALING is None:',
    '        return None',
    '    scaler = StandardScaler()',
    '    scaler.mean_ = SCALING["mean"]',
    '    scaler.scale_ = SCALING["scale"]',
    '    scaler.var_ = SCALING["scale"] ** 2',
    `    scaler.n_features_in_ = ${d}`,
    '    scaler.n_samples_seen_ = 0',
    '    return scaler',
    '', '',
    'def build_model():',
  );
  if (gmm) {
    const precisions = covarianceType === 'full' ? 'np.einsum("kij,klj->kil", PRECISIONS_CHOLESKY, PRECISIONS_CHOLESKY)'
      : covarianceType === 'tied' ? 'PRECISIONS_CHOLESKY @ PRECISIONS_CHOLESKY.T' : 'PRECISIONS_CHOLESKY ** 2';
    lines.push(
      '    """The fitted GaussianMixture, its parameters set rather than estimated."""',
      `    model = GaussianMixture(n_components=${k}, covariance_type=COVARIANCE_TYPE)`,
      '    model.weights_ = WEIGHTS',
      '    model.means_ = MEANS',
      '    model.covariances_ = COVARIANCES',
      '    model.precisions_cholesky_ = PRECISIONS_CHOLESKY',
      `    model.precisions_ = ${precisions}`,
      '    model.converged_ = True',
      '    model.n_iter_ = 0',
      '    model.lower_bound_ = -np.inf',
      `    model.n_features_in_ = ${d}`,
      '    return model',
    );
  } else {
    lines.push(
      '    """The fitted KMeans, its centroids set rather than estimated."""',
      `    model = KMeans(n_clusters=${k}, n_init=1)`,
      '    model.cluster_centers_ = MEANS',
      `    model.n_features_in_ = ${d}`,
      '    model.n_iter_ = 0',
      '    model.inertia_ = np.nan',
      '    # predict reads the thread count fit would have set (scikit-learn 1.2, a private attribute).',
      '    model._n_threads = 1',
      '    return model',
    );
  }
  lines.push(
    '', '',
    'def main(data_path, out_path):',
    '    # round_trip: every number is read as the double it spells, as Cluster Lens reads it',
    '    frame = pd.read_csv(data_path, float_precision="round_trip")',
    '    missing = [c for c in COLUMNS if c not in frame.columns]',
    '    if missing:',
    '        sys.exit(f"{data_path} lacks the model\'s columns {missing}")',
    '    X = frame[COLUMNS].to_numpy(dtype=np.float64)',
    '    complete = ~np.isnan(X).any(axis=1)',
    '    scaler = build_scaler()',
    '    Z = X[complete] if scaler is None else scaler.transform(X[complete])',
    '    model = build_model()',
    '    labels = model.predict(Z)',
  );
  lines.push(gmm
    ? '    proba = model.predict_proba(Z)'
    : `    proba = np.eye(${k})[labels]  # k-means: probability 1 for the nearest centroid`);
  lines.push(
    '    out = frame.copy()',
    '    cluster = pd.array([pd.NA] * len(frame), dtype="Int64")',
    '    cluster[complete] = labels + 1',
    '    out["cluster"] = cluster',
    `    for c in range(${k}):`,
    '        column = np.full(len(frame), np.nan)',
    '        column[complete] = proba[:, c]',
    '        out[f"p_cluster{c + 1}"] = column',
    '    certainty = np.full(len(frame), np.nan)',
    '    certainty[complete] = proba.max(axis=1)',
    '    out["certainty"] = certainty',
    '    out.to_csv(out_path, index=False)',
    '', '',
    ...refitLines(model, plan, seed),
    '', '',
    'if __name__ == "__main__":',
    '    if len(sys.argv) != 3:',
    '        sys.exit("usage: python3 SCRIPT.py DATA.csv OUT.csv")',
    '    main(sys.argv[1], sys.argv[2])',
  );
  return lines.join('\n') + '\n';
}

/** The refit with the fit's own settings, commented out. */
function refitLines(model: ModelFile, plan: ScoringPlan, seed: string): string[] {
  const k = plan.nComponents;
  const standardize = model.options['standardize'] === true;
  const lines = [
    '# The refit with the same settings (uncomment to run it instead of the saved parameters):',
    '#',
    '# X = pd.read_csv(sys.argv[1], float_precision="round_trip")[COLUMNS].dropna().to_numpy(dtype=np.float64)',
  ];
  if (standardize) { lines.push('# X = StandardScaler().fit_transform(X)  # Cluster Lens fitted on z-scores'); }
  if (plan.algorithm === 'gmm') {
    lines.push(
      `# refit = GaussianMixture(n_components=${k}, covariance_type=${pythonString(model.covarianceType ?? 'full')}, tol=${option(model, 'tol', 1e-3)},`,
      `#                         reg_covar=${option(model, 'regCovar', 1e-6)}, max_iter=${option(model, 'maxIter', 100)}, n_init=${option(model, 'nInit', 1)},`,
      `#                         init_params="kmeans", random_state=${seed}).fit(X)`,
    );
    if (standardize) { lines.push('# (its means_ and covariances_ are then in z-score units; the ones above are in the file\'s units)'); }
  } else {
    lines.push(`# refit = KMeans(n_clusters=${k}, n_init=${option(model, 'nInit', 10)}, max_iter=${option(model, 'maxIter', 300)}, tol=${option(model, 'tol', 1e-4)}, random_state=${seed}).fit(X)`);
  }
  lines.push('# labels = refit.predict(X) + 1  # the same partition as above, its clusters perhaps numbered in another order');
  return lines;
}
