/** Writing to stdout/stderr so that nothing is lost when the process ends right after. */
import type { Writable } from 'node:stream';

/**
 * Writes `text` and resolves once the stream has handed it to the operating system. On a pipe Node
 * writes asynchronously: whatever the kernel's pipe buffer (64 KiB) cannot take at once waits in
 * Node's queue, and `process.exit()` right after `write()` drops it. Awaiting this first keeps it.
 * A reader that went away (EPIPE: `| head`) is not an error of ours: it resolves too.
 */
export function writeFully(stream: Writable, text: string): Promise<void> {
  return new Promise(resolve => {
    if (stream.destroyed || stream.writableEnded) { resolve(); return; }
    stream.write(text, () => resolve());
  });
}

/**
 * A reader that closed its end early (EPIPE: `| head -c 100`) makes the stream emit 'error'; left
 * unhandled that is a crash with a stack trace. Nothing more can reach that reader, so the output
 * just ends there (the write's callback still fires, so writeFully resolves).
 */
export function endQuietlyOnStreamError(stream: Writable): void {
  stream.on('error', () => { /* the reader is gone: nothing left to tell it */ });
}
