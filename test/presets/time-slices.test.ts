/** Loading in slices: a pause lets the event loop in only once the slice is spent. */
import { describe, expect, it } from 'vitest';
import { timeSlices } from '../../src/presets/time-slices.js';

/** ranBefore says whether a callback queued for the next turn ran before `pause` resolved. */
async function ranBefore(pause: () => Promise<void>): Promise<boolean> {
  let ran = false;
  setImmediate(() => (ran = true));
  await pause();
  return ran;
}

describe('timeSlices', () => {
  it('resolves within the slice without giving up the turn', async () => {
    const pause = timeSlices(Number.POSITIVE_INFINITY);
    for (let i = 0; i < 3; i++) expect(await ranBefore(pause)).toBe(false);
  });

  it('lets the next turn run once the slice is spent', async () => {
    const pause = timeSlices(0);
    for (let i = 0; i < 3; i++) expect(await ranBefore(pause)).toBe(true);
  });
});
