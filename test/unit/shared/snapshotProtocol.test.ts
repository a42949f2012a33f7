import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type FitOptions, type FitSnapshot, parseHostMessage } from '../../../src/shared/protocol';

const options: FitOptions = {
  algorithm: 'gmm', nComponents: 2, covarianceType: 'full', columns: ['x', 'y'], standardize: true, nInit: 1, maxIter: 100, tol: 1e-3, seed: 0, missing: 'drop',
};

/** A snapshot of k = 2 clusters over d = 2 columns with m = 3 rows drawn, every length as it must be. */
function snapshot(): FitSnapshot {
  const k = 2, d = 2, m = 3;
  return {
    fitId: 1, options, algorithm: 'gmm', covarianceType: 'full', nComponents: k, columns: ['x', 'y'], nSamples: m, droppedRows: 0,
    ranIn: 'worker_threads', seconds: 0.1, converged: true, nIter: 4,
    weights: new Float64Array(k), means: new Float64Array(k * d), covariances: new Float64Array(k * d * d),
    logLikelihood: -3, bic: 10, aic: 9, inertia: null, histories: [new Float64Array(4)], bestRestart: 0, restarts: null, caution: null,
    profiles: { sizes: new Int32Array(k), columns: [{ kind: 'numeric', name: 'x', overallMean: 0, overallStd: 1, means: new Float64Array(k) }] },
    replay: { nFrames: 2, weights: new Float64Array(2 * k), means: new Float64Array(2 * k * d), covariances: new Float64Array(2 * k * d * d), lowerBounds: new Float64Array(2) },
    pca: null,
    sample: {
      rowIndex: Int32Array.of(0, 1, 2), values: new Float64Array(m * d), labels: Int32Array.of(0, 1, 1),
      certainty: new Float32Array(m), probabilities: new Float32Array(m * k),
    },
  };
}

const refusal = (fit: unknown): string | undefined => {
  const parsed = parseHostMessage({ type: 'didFinishFit', fit });
  return parsed.ok ? undefined : parsed.error;
};

describe('a finished fit as the webview receives it', () => {
  test('is accepted when every array has the length k, d and m give it', () => {
    assert.equal(refusal(snapshot()), undefined);
  });

  test('is refused, with the length named, when an array disagrees with k, d or m', () => {
    const fit = snapshot();
    assert.equal(refusal({ ...fit, weights: new Float64Array(3) }), 'fit.weights must have k entries');
    assert.equal(refusal({ ...fit, means: new Float64Array(3) }), 'fit.means must be k × d');
    assert.equal(refusal({ ...fit, sample: { ...fit.sample, probabilities: new Float32Array(5) } }), 'fit.sample.probabilities must be m × k');
    assert.equal(refusal({ ...fit, replay: { ...fit.replay!, lowerBounds: new Float64Array(3) } }), 'fit.replay arrays must be nFrames × (k, k × d, k × d × d, 1)');
    const column = { kind: 'text', name: 'species', top: [[{ value: 'a', share: 1 }]] };
    assert.equal(refusal({ ...fit, profiles: { ...fit.profiles, columns: [column] } }), 'fit.profiles column species must have k entries');
  });

  test('takes noise (−1) only from the methods that find their own clusters', () => {
    const fit = snapshot();
    const noisy = { ...fit.sample, labels: Int32Array.of(0, -1, 1) };
    assert.match(refusal({ ...fit, sample: noisy }) ?? '', /labels must lie in 0\.\.k−1/);
    assert.equal(refusal({ ...fit, algorithm: 'hdbscan', covariances: null, sample: noisy }), undefined);
  });

  test('is refused when a profile column is neither numeric nor text', () => {
    const fit = snapshot();
    const odd = { kind: 'date', name: 'when' };
    assert.equal(refusal({ ...fit, profiles: { ...fit.profiles, columns: [odd] } }), 'didFinishFit.fit.profiles.columns[0].kind must be one of numeric, text');
  });
});
