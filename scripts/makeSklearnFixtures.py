#!/usr/bin/python3
"""Writes test/fixtures/sklearn/*.json: scikit-learn's GaussianMixture and KMeans results that the
core unit tests (test/unit/core/*.sklearn.test.ts) compare against.

usage: /usr/bin/python3 scripts/makeSklearnFixtures.py   (needs python3-sklearn; deterministic)

Per data set:
  gmm[]: for each covariance type and k, from fixed weights/means/precisions init:
    oneStep  - parameters and lower bound after max_iter=1
    fullFit  - parameters, lower bound, n_iter, score, bic, aic after a full fit
    bestScore - score(X) of a fit from sklearn's own init with n_init=10 (iris, aniso only)
  kmeans[]: for each k, from fixed init centers: labels, centers, inertia, n_iter;
    bestInertia - inertia of KMeans(n_init=10) from sklearn's own k-means++ (iris, aniso only)
"""
import json
import os
import warnings

import numpy as np
from sklearn import __version__ as sklearn_version
from sklearn.cluster import KMeans
from sklearn.datasets import load_iris, load_wine, make_blobs
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture

warnings.filterwarnings("ignore", category=ConvergenceWarning)
warnings.filterwarnings("ignore", category=FutureWarning)

OUT = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "sklearn")
TYPES = ["full", "tied", "diag", "spherical"]


def flat(a):
    return [float(v) for v in np.asarray(a, dtype=np.float64).ravel()]


def data_sets():
    iris = load_iris().data
    X, _ = make_blobs(n_samples=300, centers=3, random_state=170)
    aniso = X @ np.array([[0.6, -0.6], [-0.4, 0.8]])
    rng = np.random.RandomState(0)
    heights = np.concatenate([rng.normal(64, 2.5, 120), rng.normal(70, 3, 80)])[:, None]
    wine = load_wine().data
    blobs5, _ = make_blobs(n_samples=250, n_features=5, centers=4, cluster_std=[1.0, 2.0, 0.5, 1.5], random_state=3)
    return [
        ("iris", iris, range(1, 7), True),
        ("aniso", aniso, range(1, 7), True),
        ("heights", heights, range(1, 4), False),
        ("wine", wine, range(1, 4), False),
        ("blobs5", blobs5, range(1, 6), False),
    ]


def fixed_init(X, k, covariance_type, rng):
    n, d = X.shape
    means = X[rng.choice(n, size=k, replace=False)] + 0.01 * X.std(axis=0) * rng.standard_normal((k, d))
    weights = rng.uniform(0.5, 1.5, size=k)
    weights /= weights.sum()
    cov = np.cov(X.T, bias=True).reshape(d, d) + 1e-3 * np.eye(d)
    scales = 1.0 + 0.5 * np.arange(k)
    if covariance_type == "full":
        precisions = np.array([np.linalg.inv(cov) * s for s in scales])
    elif covariance_type == "tied":
        precisions = np.linalg.inv(cov)
    elif covariance_type == "diag":
        precisions = np.array([s / np.diag(cov) for s in scales])
    else:
        precisions = scales / np.diag(cov).mean()
    return weights, means, precisions


def gmm_params(g):
    return {"weights": flat(g.weights_), "means": flat(g.means_), "covariances": flat(g.covariances_)}


def make_gmm_cases(X, ks, with_best):
    cases = []
    rng = np.random.RandomState(42)
    for covariance_type in TYPES:
        for k in ks:
            weights, means, precisions = fixed_init(X, k, covariance_type, rng)
            init = dict(weights_init=weights, means_init=means, precisions_init=precisions)
            one = GaussianMixture(k, covariance_type=covariance_type, max_iter=1, **init).fit(X)
            full = GaussianMixture(k, covariance_type=covariance_type, max_iter=100, tol=1e-3, **init).fit(X)
            case = {
                "covarianceType": covariance_type, "k": k,
                "init": {"weights": flat(weights), "means": flat(means), "precisions": flat(precisions)},
                "oneStep": {**gmm_params(one), "lowerBound": float(one.lower_bound_)},
                "fullFit": {**gmm_params(full), "lowerBound": float(full.lower_bound_), "nIter": int(full.n_iter_),
                            "converged": bool(full.converged_), "score": float(full.score(X)),
                            "bic": float(full.bic(X)), "aic": float(full.aic(X)),
                            "labels": [int(v) for v in full.predict(X)]},
            }
            if with_best:
                best = GaussianMixture(k, covariance_type=covariance_type, n_init=10, random_state=0).fit(X)
                case["bestScore"] = float(best.score(X))
            cases.append(case)
    return cases


def make_kmeans_cases(X, ks, with_best):
    cases = []
    rng = np.random.RandomState(7)
    for k in ks:
        centers = X[rng.choice(X.shape[0], size=k, replace=False)]
        km = KMeans(n_clusters=k, init=centers, n_init=1, max_iter=300, tol=1e-4).fit(X)
        case = {"k": k, "initCenters": flat(centers), "labels": [int(v) for v in km.labels_],
                "centers": flat(km.cluster_centers_), "inertia": float(km.inertia_), "nIter": int(km.n_iter_)}
        if with_best:
            case["bestInertia"] = float(KMeans(n_clusters=k, n_init=10, random_state=0).fit(X).inertia_)
        cases.append(case)
    return cases


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, X, ks, with_best in data_sets():
        X = np.ascontiguousarray(X, dtype=np.float64)
        fixture = {
            "name": name, "sklearnVersion": sklearn_version,
            "nSamples": X.shape[0], "nFeatures": X.shape[1], "X": flat(X),
            "gmm": make_gmm_cases(X, ks, with_best), "kmeans": make_kmeans_cases(X, ks, with_best),
        }
        path = os.path.join(OUT, f"{name}.json")
        with open(path, "w") as f:
            json.dump(fixture, f, separators=(",", ":"))
        print(f"{path}: {os.path.getsize(path) // 1024} KiB")


if __name__ == "__main__":
    main()
