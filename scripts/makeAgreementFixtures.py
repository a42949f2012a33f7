#!/usr/bin/python3
"""Writes test/fixtures/agreement/*.json: scikit-learn's adjusted Rand index, normalised mutual
information (arithmetic mean, its default), purity (from sklearn's contingency matrix) and
silhouette_samples, which src/core/agreement.ts and src/core/silhouette.ts are tested against.

usage: /usr/bin/python3 scripts/makeAgreementFixtures.py   (needs python3-sklearn; deterministic)

agreement.json: cases of (labels, classes) pairs — seeded random ones, a relabelled copy, a
  noisy copy, one cluster, all singletons, and iris's species against a seeded KMeans.
silhouetteSamples.json: per-row silhouettes of seeded blobs and of iris under KMeans labels.
"""
import json
import os

import numpy as np
from sklearn import __version__ as sklearn_version
from sklearn.cluster import KMeans
from sklearn.datasets import load_iris, make_blobs
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score, silhouette_samples
from sklearn.metrics.cluster import contingency_matrix

OUT = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "agreement")


def purity(classes, labels):
    cm = contingency_matrix(classes, labels)  # rows: classes, columns: clusters
    return float(np.sum(np.amax(cm, axis=0)) / np.sum(cm))


def case(name, labels, classes):
    labels = np.asarray(labels, dtype=int)
    classes = np.asarray(classes, dtype=int)
    return {
        "name": name,
        "labels": labels.tolist(),
        "classes": classes.tolist(),
        "ari": float(adjusted_rand_score(classes, labels)),
        "nmi": float(normalized_mutual_info_score(classes, labels)),
        "purity": purity(classes, labels),
    }


def main():
    rng = np.random.RandomState(0)
    cases = []
    a = rng.randint(0, 3, 200)
    cases.append(case("random 3 × 4", a, rng.randint(0, 4, 200)))
    cases.append(case("relabelled copy", a, (a + 1) % 3))
    noisy = a.copy()
    flip = rng.rand(200) < 0.2
    noisy[flip] = rng.randint(0, 3, flip.sum())
    cases.append(case("noisy copy", a, noisy))
    cases.append(case("one cluster", np.zeros(50), rng.randint(0, 3, 50)))
    cases.append(case("all singletons", np.arange(30), rng.randint(0, 5, 30)))
    cases.append(case("more clusters than classes", rng.randint(0, 7, 500), rng.randint(0, 2, 500)))
    iris = load_iris()
    km = KMeans(n_clusters=3, n_init=10, random_state=0).fit(iris.data)
    cases.append(case("iris k-means vs species", km.labels_, iris.target))
    with open(os.path.join(OUT, "agreement.json"), "w") as f:
        json.dump({"sklearn": sklearn_version, "cases": cases}, f)

    silhouettes = []
    X, _ = make_blobs(n_samples=120, centers=3, n_features=3, random_state=1)
    labels = KMeans(n_clusters=3, n_init=10, random_state=0).fit(X).labels_
    silhouettes.append({"name": "blobs", "X": X.tolist(), "nFeatures": 3, "labels": labels.tolist(),
                        "samples": silhouette_samples(X, labels).tolist()})
    silhouettes.append({"name": "iris k-means", "X": iris.data.tolist(), "nFeatures": 4, "labels": km.labels_.tolist(),
                        "samples": silhouette_samples(iris.data, km.labels_).tolist()})
    with open(os.path.join(OUT, "silhouetteSamples.json"), "w") as f:
        json.dump({"sklearn": sklearn_version, "cases": silhouettes}, f)


if __name__ == "__main__":
    main()
