// Which clustering a fit runs: its own leaf, since the fit's dispatcher (clusterFit.ts), the
// restart summary and the messages all name it.

import type { DensityAlgorithm } from './densityFit';

export type Algorithm = 'gmm' | 'kmeans' | DensityAlgorithm;
