// The summary lives in src/core now (the fit worker computes it with the fit: core/fitSummary.ts);
// the host's callers and tests keep reading it here.
export { summarizeUncertainty, UNCERTAINTY_THRESHOLD, type ClusterUncertainty } from '../../core/clusterUncertainty';
