"""Writes test/fixtures/sklearn/adjustedRand.json: scikit-learn 1.2.1's adjusted_rand_score on
seeded label pairs (random, nested, permuted, with noise -1, degenerate), the oracle for
src/core/adjustedRandIndex.ts. Run: /usr/bin/python3 scripts/makeAdjustedRandFixture.py"""
import json
import os

import numpy as np
from sklearn.metrics import adjusted_rand_score

rng = np.random.default_rng(12)
cases = []


def add(name, a, b):
    a = [int(x) for x in a]
    b = [int(x) for x in b]
    cases.append({"name": name, "a": a, "b": b, "ari": float(adjusted_rand_score(a, b))})


for n, ka, kb in [(10, 2, 3), (50, 3, 3), (200, 5, 2), (500, 8, 8), (1000, 2, 2)]:
    add(f"random n={n} k={ka},{kb}", rng.integers(0, ka, n), rng.integers(0, kb, n))
truth = rng.integers(0, 4, 300)
noisy = truth.copy()
flip = rng.random(300) < 0.2
noisy[flip] = rng.integers(0, 4, flip.sum())
add("20% of rows relabelled", truth, noisy)
perm = np.array([2, 0, 3, 1])
add("same partition, renumbered", truth, perm[truth])
add("nested: 4 clusters merged into 2", truth, truth // 2)
with_noise = truth.copy()
with_noise[rng.random(300) < 0.15] = -1
add("noise (-1) against the truth", with_noise, truth)
add("noise on both sides", with_noise, np.where(rng.random(300) < 0.1, -1, truth))
add("one cluster each", np.zeros(20), np.zeros(20))
add("every row alone each", np.arange(20), np.arange(20) + 5)
add("one cluster against every row alone", np.zeros(20), np.arange(20))
add("two rows", [0, 1], [0, 0])
add("large labels", rng.integers(0, 3, 100) * 1000 - 7, rng.integers(0, 3, 100))

out = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "sklearn", "adjustedRand.json")
with open(out, "w") as f:
    json.dump({"sklearn": __import__("sklearn").__version__, "cases": cases}, f)
print(f"wrote {len(cases)} cases to {out}")
