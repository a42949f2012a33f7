"""scikit-learn's side of `npm run bench` (scripts/bench.mjs): the same measurements on the same CSV.

usage: python3 scripts/bench_sklearn.py FILE.csv --k 8 --em-iters 6 --rounds 3 [--em-only]
Prints one JSON object on stdout (seconds, bytes). Memory is measured first, in a fresh process:
peak resident set (VmHWM, reset just before) during a GaussianMixture fit minus the resident set before it.
--read-fit-only: read the CSV and fit, nothing printed (the caller measures the process's memory).
--em-only: the GaussianMixture fit and EM iteration only (the wide-data rows), and which BLAS
kernel numpy runs (threadpoolctl), since the EM iteration on wide data is BLAS work.
"""
import argparse
import json
import resource
import statistics
import sys
import time

import numpy as np
import pandas as pd
import sklearn
from sklearn.cluster import KMeans, kmeans_plusplus
from sklearn.cluster._k_means_lloyd import lloyd_iter_chunked_dense
from sklearn.mixture import GaussianMixture
from sklearn.utils._openmp_helpers import _openmp_effective_n_threads


def rss_bytes():
    with open('/proc/self/statm') as f:
        return int(f.read().split()[1]) * resource.getpagesize()


def reset_peak_rss():
    """Starts the resident-set high-water mark afresh (Linux /proc/self/clear_refs, value 5); False where
    it cannot. Without it ru_maxrss holds the CSV read's peak and, after fork and exec, the parent's
    resident set at the spawn (the bench's Node process), either of which can hide the fit's own peak."""
    try:
        with open('/proc/self/clear_refs', 'w') as f:
            f.write('5')
        return True
    except OSError:
        return False


def peak_rss_bytes():
    """The high-water mark of this process's resident set since the last reset_peak_rss (VmHWM)."""
    with open('/proc/self/status') as f:
        for line in f:
            if line.startswith('VmHWM:'):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def median_seconds(fn, rounds):
    times = []
    for r in range(rounds):
        t = time.perf_counter()
        fn(r)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main():
    p = argparse.ArgumentParser()
    p.add_argument('csv')
    p.add_argument('--k', type=int, default=8)
    p.add_argument('--em-iters', type=int, default=6)
    p.add_argument('--rounds', type=int, default=3)
    p.add_argument('--em-only', action='store_true')
    p.add_argument('--read-fit-only', action='store_true')
    a = p.parse_args()
    if a.read_fit_only:
        # the whole process is measured from outside (peak resident set): read, fit, nothing else
        X = pd.read_csv(a.csv, float_precision='round_trip').to_numpy(dtype=np.float64)
        GaussianMixture(a.k, covariance_type='full', max_iter=a.em_iters, tol=0, random_state=0).fit(X)
        return
    X = np.ascontiguousarray(pd.read_csv(a.csv, float_precision='round_trip').to_numpy(dtype=np.float64))
    n, d = X.shape
    k = a.k
    out = {'sklearn': sklearn.__version__, 'threads': _openmp_effective_n_threads(), 'n': n, 'd': d}

    # Peak memory of a GMM fit (same settings as ours: k-means init, tol 0, em-iters iterations).
    fresh_peak = reset_peak_rss()
    before = rss_bytes()
    t = time.perf_counter()
    gm = GaussianMixture(k, covariance_type='full', max_iter=a.em_iters, tol=0, random_state=0).fit(X)
    out['gmmFitSeconds'] = time.perf_counter() - t
    out['gmmPeakBytes'] = (peak_rss_bytes() if fresh_peak else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024) - before

    # One EM iteration: E-step + M-step, as GaussianMixture.fit runs them.
    def em(_):
        _, log_resp = gm._e_step(X)
        gm._m_step(X, log_resp)
    em(0)
    out['emIterSeconds'] = median_seconds(em, max(3, a.rounds))
    if a.em_only:
        try:
            from threadpoolctl import threadpool_info
            out['blas'] = [{key: info.get(key) for key in ('internal_api', 'version', 'architecture', 'num_threads')}
                           for info in threadpool_info() if info.get('user_api') == 'blas']
        except ImportError:
            out['blas'] = []
        json.dump(out, sys.stdout)
        sys.stdout.write('\n')
        return

    # k-means++ seeding.
    out['seedSeconds'] = median_seconds(lambda r: kmeans_plusplus(X, k, random_state=r), a.rounds + 2)

    # One Lloyd iteration (sklearn's compiled, chunked, multi-threaded kernel), from k-means++ centers.
    centers, _ = kmeans_plusplus(X, k, random_state=0)
    centers_new = np.empty_like(centers)
    weight = np.zeros(k)
    labels = np.zeros(n, dtype=np.int32)
    shift = np.zeros(k)
    sw = np.ones(n)
    lloyd_times = []
    for _ in range(10):
        t = time.perf_counter()
        lloyd_iter_chunked_dense(X, sw, centers, centers_new, weight, labels, shift, out['threads'])
        lloyd_times.append(time.perf_counter() - t)
        centers, centers_new = centers_new, centers
    out['lloydIterSeconds'] = statistics.median(lloyd_times)

    # Whole k-means fit: seeding + Lloyd, one init.
    iters = []
    def kmeans_fit(r):
        km = KMeans(k, n_init=1, random_state=r, algorithm='lloyd').fit(X)
        iters.append(int(km.n_iter_))
    out['kmeansFitSeconds'] = median_seconds(kmeans_fit, a.rounds)
    out['kmeansIters'] = iters
    json.dump(out, sys.stdout)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
