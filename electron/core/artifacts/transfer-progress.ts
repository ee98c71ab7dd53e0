// Stream helpers for the transfers' progress events: a hashing byte counter to put in a
// pipeline, and a throttle so that a fast transfer sends at most a few events a second.
import type { Hash } from 'node:crypto';
import { Transform } from 'node:stream';

/** Calls `emit` at most once per `intervalMs` (the last call of a burst is dropped; callers send a final event). */
export function throttle(intervalMs: number, emit: (bytes: number) => void): (bytes: number) => void {
  let last = 0;
  return (bytes) => {
    const now = Date.now();
    if (now - last < intervalMs) return;
    last = now;
    emit(bytes);
  };
}

/** A pass-through that hashes and counts what flows through it. */
export function hashing(hash: Hash, onBytes: (bytes: number) => void): Transform {
  let bytes = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      onBytes(bytes);
      done(null, chunk);
    },
  });
}
