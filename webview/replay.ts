import type { FitSnapshot } from '../src/shared/protocol';

/**
 * The fit as it stood after `frame` EM iterations (frame 0: the initial guess): the same points,
 * coloured by their final cluster, with that frame's weights, means and covariances.
 */
export function snapshotAtFrame(fit: FitSnapshot, frame: number): FitSnapshot {
  const replay = fit.replay;
  if (!replay) { return fit; }
  const f = Math.max(0, Math.min(replay.nFrames - 1, Math.round(frame)));
  const k = fit.nComponents;
  const d = fit.columns.length;
  return {
    ...fit,
    weights: replay.weights.subarray(f * k, (f + 1) * k),
    means: replay.means.subarray(f * k * d, (f + 1) * k * d),
    covariances: replay.covariances.subarray(f * k * d * d, (f + 1) * k * d * d),
  };
}
