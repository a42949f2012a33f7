import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildPanelHtml } from '../../../src/host/pure/panelHtml';
import { FIT_LIMITS, type FitOptions, parseWebviewMessage } from '../../../src/shared/protocol';

const options: FitOptions = {
  algorithm: 'gmm', nComponents: 3, covarianceType: 'full', columns: ['a'], standardize: true,
  nInit: 1, maxIter: 100, tol: 1e-3, seed: 0, missing: 'drop',
};

describe('what a webview may ask of the host', () => {
  test('a fit within the controls\' bounds is accepted', () => {
    const top = { ...options, nComponents: FIT_LIMITS.nComponents.max, nInit: FIT_LIMITS.nInit.max, maxIter: FIT_LIMITS.maxIter.max };
    assert.equal(parseWebviewMessage({ type: 'fit', options: top }).ok, true);
  });

  test('a fit beyond what the controls allow is refused (k, restarts, iterations, seed)', () => {
    for (const bad of [
      { nComponents: FIT_LIMITS.nComponents.max + 1 }, { nComponents: 0 }, { nInit: FIT_LIMITS.nInit.max + 1 },
      { maxIter: FIT_LIMITS.maxIter.max + 1 }, { maxIter: 0 }, { seed: -1 }, { nInit: 2.5 }, { tol: Number.NaN },
    ]) {
      assert.equal(parseWebviewMessage({ type: 'fit', options: { ...options, ...bad } }).ok, false, JSON.stringify(bad));
    }
  });

  test('reread and cancel carry nothing else', () => {
    assert.equal(parseWebviewMessage({ type: 'reread' }).ok, true);
    assert.equal(parseWebviewMessage({ type: 'cancel' }).ok, true);
  });
});

describe('the panel page', () => {
  test('forbids a <base> and form submissions in its Content-Security-Policy', () => {
    const html = buildPanelHtml({ cspSource: 'https://x', assetUrl: n => `https://x/${n}`, nonce: 'abc' });
    const csp = /content="([^"]+)"/.exec(html)?.[1] ?? '';
    assert.match(csp, /(^|; )base-uri 'none'(;|$)/);
    assert.match(csp, /(^|; )form-action 'none'(;|$)/);
    assert.match(csp, /(^|; )default-src 'none'(;|$)/);
  });
});
