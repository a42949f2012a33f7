/** Fit worker for VS Code for the web (a dedicated Web Worker started by the web extension host). */
import type { FromWorker, ToWorker } from './messages';
import { serveFit } from './serveFit';

// The compute tsconfig has no WebWorker lib (it also type-checks the Node worker), so the two
// globals used here are declared narrowly.
declare const self: {
  onmessage: ((event: { data: ToWorker }) => void) | null;
  postMessage(message: FromWorker, transfer?: ArrayBuffer[]): void;
};

self.onmessage = ({ data }) => serveFit(data, (m, transfer = []) => self.postMessage(m, transfer));
