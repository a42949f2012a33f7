import { runClusterFit } from '../core/clusterFit';
import { type FromWorker, type ToWorker, transferablesOf } from './messages';

export type Post = (message: FromWorker, transfer?: ArrayBuffer[]) => void;

/** Answers one fit request: progress events, then the result (buffers transferred) or an error. */
export function serveFit(message: ToWorker, post: Post): void {
  try {
    const result = runClusterFit(message.request, event => post({ type: 'iterate', event }));
    post({ type: 'done', result }, transferablesOf(result));
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
}
