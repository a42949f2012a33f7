#!/usr/bin/python3
"""Oracle for src/core/missingDataEm.ts, written from the equations (numpy only, no shared code).

For a Gaussian mixture with given parameters and a data set with missing cells (NaN):
  - the observed-data log-likelihood of each row, log sum_c w_c N(x_o | mu_c,o, S_c,oo), and the
    responsibilities (rows with nothing observed: log-likelihood 0, responsibilities = weights);
  - one EM step: expected sufficient statistics with x_m replaced by
    E[x_m | x_o, c] = mu_m + S_mo S_oo^-1 (x_o - mu_o) and the conditional covariance
    S_mm - S_mo S_oo^-1 S_om added to the scatter, then scikit-learn's M-step
    (N_c = sum r + 10 eps, reg_covar on the diagonal; tied pooled / sum N_c; diag its diagonal;
    spherical the mean of the diagonal).
Every covariance type (full, tied, diag, spherical). Writes test/fixtures/missing/reference.json.

Run: /usr/bin/python3 scripts/missingEmReference.py
"""
import json
import os

import numpy as np

REG_COVAR = 1e-6
EPS10 = 10 * np.finfo(float).eps


def full_covariances(kind, cov, k, d):
    if kind == 'full':
        return [np.array(cov[c]) for c in range(k)]
    if kind == 'tied':
        return [np.array(cov) for _ in range(k)]
    if kind == 'diag':
        return [np.diag(cov[c]) for c in range(k)]
    return [np.eye(d) * cov[c] for c in range(k)]


def log_gauss(x, mu, s):
    d = len(x)
    if d == 0:
        return 0.0
    sign, logdet = np.linalg.slogdet(s)
    assert sign > 0
    diff = x - mu
    return -0.5 * (d * np.log(2 * np.pi) + logdet + diff @ np.linalg.solve(s, diff))


def e_step(X, w, mus, sigmas):
    n, d = X.shape
    k = len(w)
    resp = np.zeros((n, k))
    rowll = np.zeros(n)
    for i in range(n):
        o = ~np.isnan(X[i])
        if not o.any():
            resp[i] = w
            continue
        logs = np.array([np.log(w[c]) + log_gauss(X[i, o], mus[c][o], sigmas[c][np.ix_(o, o)]) for c in range(k)])
        top = logs.max()
        rowll[i] = top + np.log(np.exp(logs - top).sum())
        resp[i] = np.exp(logs - rowll[i])
    return resp, rowll


def m_step(kind, X, resp, mus, sigmas):
    # rows with nothing observed carry no information and are left out of the fit
    keep = ~np.isnan(X).all(axis=1)
    X, resp = X[keep], resp[keep]
    n, d = X.shape
    k = resp.shape[1]
    nk = resp.sum(axis=0) + EPS10
    means = np.zeros((k, d))
    scatter = np.zeros((k, d, d))
    for c in range(k):
        xhat = np.zeros((n, d))
        extra = np.zeros((d, d))
        for i in range(n):
            o = ~np.isnan(X[i])
            m = ~o
            xhat[i] = mus[c]
            xhat[i, o] = X[i, o]
            if m.any() and o.any():
                soo = sigmas[c][np.ix_(o, o)]
                smo = sigmas[c][np.ix_(m, o)]
                b = smo @ np.linalg.inv(soo)
                xhat[i, m] = mus[c][m] + b @ (X[i, o] - mus[c][o])
                cond = sigmas[c][np.ix_(m, m)] - b @ smo.T
            elif m.any():
                cond = sigmas[c][np.ix_(m, m)]
            else:
                cond = None
            if cond is not None:
                extra[np.ix_(m, m)] += resp[i, c] * cond
        means[c] = resp[:, c] @ xhat / nk[c]
        diff = xhat - means[c]
        scatter[c] = (resp[:, c][:, None] * diff).T @ diff + extra
    if kind == 'full':
        cov = np.array([scatter[c] / nk[c] + REG_COVAR * np.eye(d) for c in range(k)])
    elif kind == 'tied':
        cov = scatter.sum(axis=0) / nk.sum() + REG_COVAR * np.eye(d)
    elif kind == 'diag':
        cov = np.array([np.diag(scatter[c]) / nk[c] + REG_COVAR for c in range(k)])
    else:
        cov = np.array([np.mean(np.diag(scatter[c]) / nk[c] + REG_COVAR) for c in range(k)])
    return nk / nk.sum(), means, cov


def random_spd(rng, d):
    a = rng.normal(size=(d, d))
    return a @ a.T / d + 0.3 * np.eye(d)


def main():
    rng = np.random.default_rng(20261203)
    n, d, k = 90, 4, 3
    centres = np.array([[0, 0, 0, 0], [3, 1, -2, 0.5], [-2, 3, 1, 2]], dtype=float)
    X = np.vstack([rng.multivariate_normal(centres[c], random_spd(rng, d), size=n // k) for c in range(k)])
    X = X[rng.permutation(n)]
    X[rng.random((n, d)) < 0.25] = np.nan
    X[7] = np.nan                      # a row with every cell missing
    X[11] = [np.nan, 1.5, np.nan, np.nan]  # one observed cell
    cases = []
    for kind in ['full', 'tied', 'diag', 'spherical']:
        w = rng.dirichlet(np.ones(k) * 3)
        mus = centres + rng.normal(scale=0.3, size=(k, d))
        if kind == 'full':
            cov = np.array([random_spd(rng, d) for _ in range(k)])
        elif kind == 'tied':
            cov = random_spd(rng, d)
        elif kind == 'diag':
            cov = rng.uniform(0.4, 2.0, size=(k, d))
        else:
            cov = rng.uniform(0.4, 2.0, size=k)
        sigmas = full_covariances(kind, cov, k, d)
        resp, rowll = e_step(X, w, mus, sigmas)
        nw, nm, nc = m_step(kind, X, resp, mus, sigmas)
        cases.append({
            'covarianceType': kind, 'weights': w.tolist(), 'means': mus.ravel().tolist(), 'covariances': np.ravel(cov).tolist(),
            'resp': resp.ravel().tolist(), 'rowLogLikelihood': rowll.tolist(), 'logLikelihood': float(rowll.sum()),
            'step': {'weights': nw.tolist(), 'means': nm.ravel().tolist(), 'covariances': np.ravel(nc).tolist()},
        })
    out = {
        'nSamples': n, 'nFeatures': d, 'nComponents': k, 'regCovar': REG_COVAR,
        'data': [None if np.isnan(v) else float(v) for v in X.ravel()],
        'cases': cases,
    }
    path = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'missing', 'reference.json')
    with open(path, 'w') as f:
        json.dump(out, f)
    print('wrote', os.path.normpath(path))


if __name__ == '__main__':
    main()
