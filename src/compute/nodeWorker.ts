/** Fit worker for the Node extension host (worker_threads). */
import { parentPort } from 'node:worker_threads';
import type { ToWorker } from './messages';
import { serveFit } from './serveFit';

const port = parentPort;
if (!port) { throw new Error('nodeWorker.js must run as a worker thread'); }
port.on('message', (message: ToWorker) => serveFit(message, (m, transfer = []) => port.postMessage(m, transfer)));
