/**
 * Loading presets in slices of the event loop. Parsing and compiling a preset file is
 * synchronous work; in one piece, a 4 MiB file of 11,000 presets held every admission review for
 * 1.5 s, and a ConfigMap's 1 MiB for about 0.4 s. In slices, a review that arrives during a
 * reload waits at most one slice, and is answered with the presets being replaced (the new
 * catalog is swapped in whole, at the end).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

/** The longest a load runs before it lets requests in. */
export const SLICE_MS = 10;

/**
 * timeSlices gives a `pause` to await between units of work (a document): it resolves at once
 * within the slice, and once the slice is spent, after a turn of the event loop.
 */
export function timeSlices(sliceMs = SLICE_MS): () => Promise<void> {
  let sliceStarted = performance.now();
  return async () => {
    if (performance.now() - sliceStarted < sliceMs) return;
    await nextTurn();
    sliceStarted = performance.now();
  };
}
