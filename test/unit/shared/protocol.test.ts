import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { agreementHostShapes, agreementWebviewShapes } from '../../../src/shared/agreementProtocol';
import { compareHostShapes, compareWebviewShapes } from '../../../src/shared/compareProtocol';
import { fitHostShapes, fitWebviewShapes } from '../../../src/shared/fitProtocol';
import { methodsHostShapes, methodsWebviewShapes } from '../../../src/shared/methodsProtocol';
import { modelSearchHostShapes, modelSearchWebviewShapes } from '../../../src/shared/modelSearchProtocol';
import { tableHostShapes, tableWebviewShapes } from '../../../src/shared/tableProtocol';
import { buildPanelHtml } from '../../../src/host/pure/panelHtml';
import { FIT_LIMITS, type FitOptions, parseHostMessage, parseWebviewMessage } from '../../../src/shared/protocol';

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

describe('the parts of the protocol', () => {
  test('name each message once, so joining them into the unions overrides no guard', () => {
    const parts = [
      fitHostShapes, fitWebviewShapes, tableHostShapes, tableWebviewShapes, compareHostShapes, compareWebviewShapes,
      agreementHostShapes, agreementWebviewShapes, methodsHostShapes, methodsWebviewShapes, modelSearchHostShapes, modelSearchWebviewShapes,
    ];
    const names = parts.flatMap(shapes => Object.keys(shapes));
    assert.deepEqual(names.filter((name, i) => names.indexOf(name) !== i), []);
    for (const name of names) {
      const parsed = name.startsWith('did') ? parseHostMessage({ type: name }) : parseWebviewMessage({ type: name });
      assert.notEqual(!parsed.ok && parsed.error, 'message has no known type', `${name} reaches its guard`);
    }
  });
});
