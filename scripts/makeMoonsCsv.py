"""Writes test/e2e/workspace/moons.csv: scikit-learn's two moons (600 rows, noise 0.07, seed 0) and 30
rows of uniform scatter around them, the data on which spectral clustering, DBSCAN and HDBSCAN find the
moons where a Gaussian mixture cannot. Columns x, y and the truth as text (moon A, moon B, scatter).
Run: /usr/bin/python3 scripts/makeMoonsCsv.py"""
import os

import numpy as np
from sklearn.datasets import make_moons

X, y = make_moons(n_samples=600, noise=0.07, random_state=0)
rng = np.random.default_rng(1)
scatter = np.column_stack([rng.uniform(-1.5, 2.5, 30), rng.uniform(-1.0, 1.5, 30)])
out = os.path.join(os.path.dirname(__file__), '..', 'test', 'e2e', 'workspace', 'moons.csv')
with open(out, 'w', newline='\n') as f:
    f.write('x,y,shape\n')
    for (a, b), label in zip(X, y):
        f.write(f'{a:.4f},{b:.4f},moon {"AB"[label]}\n')
    for a, b in scatter:
        f.write(f'{a:.4f},{b:.4f},scatter\n')
