#!/usr/bin/python3
"""Writes test/fixtures/density/*.json: the references that the density and graph clustering tests
(test/unit/core/dbscan.test.ts, hdbscan.test.ts, spectral.test.ts) compare against.

usage: /usr/bin/python3 scripts/makeDensityFixtures.py
needs: python3-sklearn (DBSCAN, SpectralClustering) and, for HDBSCAN, Rscript with r-cran-dbscan
       (scikit-learn 1.2 has no HDBSCAN; R's dbscan::hdbscan is run by scripts/hdbscanOracle.R).
Deterministic: every data set and every reference is seeded.

Per data set (X standardised per column, as the extension fits it):
  X (row-major), n, d, truth (generator's labels, or null)
  dbscan[]:   {eps (scaled by sqrt(d/2)), minSamples, labels, coreSampleIndices}          sklearn.cluster.DBSCAN
  hdbscan[]:  {minPts, labels (0 = noise, R's numbering), membershipProb, outlierScores, coreDist}
  spectral[]: {nClusters, nNeighbors, labels, embedding (n x nClusters, row-major), connected}
              SpectralClustering(affinity='nearest_neighbors', assign_labels='kmeans', random_state=0)
              and spectral_embedding of its affinity_matrix_ (drop_first=False, as it uses it)
"""
import json
import os
import subprocess
import sys
import tempfile
import warnings

import numpy as np
from scipy.sparse.csgraph import connected_components
from sklearn import __version__ as sklearn_version
from sklearn.cluster import DBSCAN, SpectralClustering
from sklearn.datasets import make_blobs, make_circles, make_moons
from sklearn.manifold import spectral_embedding

warnings.filterwarnings("ignore", category=UserWarning)

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "test", "fixtures", "density")
R_SCRIPT = os.path.join(ROOT, "scripts", "hdbscanOracle.R")


def flat(a, kind=float):
    return [kind(v) for v in np.asarray(a).ravel()]


def standardise(X):
    X = np.asarray(X, dtype=np.float64)
    sd = X.std(axis=0)
    sd[sd == 0] = 1
    return (X - X.mean(axis=0)) / sd


def data_sets():
    """(name, X, truth or None, spectral k or None)"""
    moons, moons_y = make_moons(n_samples=300, noise=0.07, random_state=0)
    moons1000, moons1000_y = make_moons(n_samples=1000, noise=0.07, random_state=0)
    circles, circles_y = make_circles(n_samples=300, factor=0.5, noise=0.05, random_state=0)
    rng = np.random.RandomState(1)
    blobs, blobs_y = make_blobs(n_samples=250, centers=3, cluster_std=0.6, random_state=1)
    noise = rng.uniform(blobs.min(axis=0) - 1, blobs.max(axis=0) + 1, size=(50, 2))
    blobs_noise = np.vstack([blobs, noise])
    varied, varied_y = make_blobs(n_samples=300, cluster_std=[1.0, 2.5, 0.5], random_state=170)
    aniso_raw, aniso_y = make_blobs(n_samples=300, random_state=170)
    aniso = aniso_raw @ np.array([[0.6, -0.6], [-0.4, 0.8]])
    dense = np.vstack([rng.normal(0, 0.3, size=(120, 2)), rng.uniform(-4, 4, size=(130, 2))])
    dup_base = np.round(make_blobs(n_samples=120, centers=2, cluster_std=0.8, random_state=4)[0], 1)
    duplicates = np.vstack([dup_base, dup_base[:60], dup_base[:30]])
    d1 = np.concatenate([rng.normal(0, 1, 90), rng.normal(6, 0.7, 70), rng.normal(12, 1.5, 60)])[:, None]
    d8, d8_y = make_blobs(n_samples=300, n_features=8, centers=4, random_state=2)
    return [
        ("moons", moons, moons_y, 2),
        ("moons1000", moons1000, moons1000_y, 2),
        ("circles", circles, circles_y, 2),
        ("blobsNoise", blobs_noise, None, 3),
        ("variedDensity", varied, varied_y, 3),
        ("aniso", aniso, aniso_y, 3),
        ("denseInNoise", dense, None, None),
        ("duplicates", duplicates, None, None),
        ("d1", d1, None, 3),
        ("d8", d8, d8_y, 4),
    ]


DBSCAN_PARAMS = [(0.15, 5), (0.25, 10), (0.3, 4), (0.5, 20)]
HDBSCAN_MIN_PTS = [5, 10, 20]


def run_hdbscan(X, min_pts):
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "x.csv")
        out = os.path.join(tmp, "out.txt")
        np.savetxt(data, X, delimiter=",", fmt="%.17g")
        subprocess.run(["Rscript", R_SCRIPT, data, str(min_pts), out], check=True)
        with open(out) as f:
            lines = [[float(v) for v in line.split()] for line in f.read().splitlines()]
    cluster, prob, scores, core = lines
    return {"minPts": min_pts, "labels": [int(c) for c in cluster], "membershipProb": prob,
            "outlierScores": scores, "coreDist": core}


def main():
    os.makedirs(OUT, exist_ok=True)
    r_version = subprocess.run(["Rscript", "-e", "cat(as.character(packageVersion('dbscan')))"],
                               check=True, capture_output=True, text=True).stdout.strip()
    for name, raw, truth, k in data_sets():
        X = standardise(raw)
        n, d = X.shape
        fixture = {
            "name": name, "n": n, "d": d, "X": flat(X),
            "truth": None if truth is None else flat(truth, int),
            "sklearnVersion": sklearn_version, "rDbscanVersion": r_version,
            "dbscan": [], "hdbscan": [], "spectral": [],
        }
        for base_eps, min_samples in DBSCAN_PARAMS:
            # distances grow like √d: the same density in 1 or 8 columns needs a scaled radius
            eps = round(base_eps * np.sqrt(d / 2), 4)
            model = DBSCAN(eps=eps, min_samples=min_samples).fit(X)
            fixture["dbscan"].append({"eps": eps, "minSamples": min_samples, "labels": flat(model.labels_, int),
                                      "coreSampleIndices": flat(model.core_sample_indices_, int)})
        for min_pts in HDBSCAN_MIN_PTS:
            fixture["hdbscan"].append(run_hdbscan(X, min_pts))
        if k is not None:
            model = SpectralClustering(n_clusters=k, affinity="nearest_neighbors", n_neighbors=10,
                                       assign_labels="kmeans", random_state=0).fit(X)
            A = model.affinity_matrix_
            n_comp, _ = connected_components(A, directed=False)
            emb = spectral_embedding(A, n_components=k, drop_first=False, random_state=0)
            fixture["spectral"].append({"nClusters": k, "nNeighbors": 10, "labels": flat(model.labels_, int),
                                        "embedding": flat(emb), "connected": bool(n_comp == 1)})
        with open(os.path.join(OUT, f"{name}.json"), "w") as f:
            json.dump(fixture, f, separators=(",", ":"))
        print(name, n, d, file=sys.stderr)


if __name__ == "__main__":
    main()
