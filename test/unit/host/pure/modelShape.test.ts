// The covariance type that stands for an mclust model in the host's checks before and after a fit.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkFitRequest } from '../../../../src/core/fitFeasibility';
import { checkedCovarianceType } from '../../../../src/host/pure/modelShape';
import type { MixtureModel } from '../../../../src/shared/protocol';

const gmm = { algorithm: 'gmm' as const, covarianceType: 'full' as const };

describe('the covariance type that stands for a model', () => {
  test('is the model\'s own for scikit-learn\'s four and the closest type from above for the other ten', () => {
    assert.equal(checkedCovarianceType({ ...gmm, covarianceType: 'diag' }), 'diag');
    assert.deepEqual((['EII', 'VII', 'EEI', 'EVI', 'VEE', 'EVE', 'EEV', 'EVV'] as MixtureModel[]).map(model => checkedCovarianceType({ ...gmm, model })),
      ['spherical', 'spherical', 'diag', 'diag', 'tied', 'tied', 'full', 'full']);
    assert.equal(checkedCovarianceType({ algorithm: 'kmeans', covarianceType: 'tied', model: 'EII' }), 'tied', 'k-means keeps what it has');
  });

  test('lets a constrained model fit rows a full covariance would be refused', () => {
    const shape = { algorithm: 'gmm' as const, nComponents: 5, nFeatures: 10, nSamples: 40 };
    assert.equal(checkFitRequest({ ...shape, covarianceType: 'full' }).ok, false);
    assert.equal(checkFitRequest({ ...shape, covarianceType: checkedCovarianceType({ ...gmm, model: 'EII' }) }).ok, true);
  });
});
