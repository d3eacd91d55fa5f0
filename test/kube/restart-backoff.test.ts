import { describe, expect, it } from 'vitest';
import { backoffDelay, RestartBackoff } from '../../src/kube/restart-backoff.js';

describe('backoffDelay', () => {
  it.each([
    [0, 1000],
    [1, 2000],
    [4, 16_000],
    [5, 30_000],
    [1000, 30_000],
  ])('attempt %i waits %i ms (initial 1 s, cap 30 s)', (attempt, delayMs) => {
    expect(backoffDelay(attempt, 1000, 30_000)).toBe(delayMs);
  });
});

describe('RestartBackoff', () => {
  type Step = 'failed' | 'restarting' | 'synced';
  // Each row: what happens to the watch, in order, and the delays the failures schedule
  // (null: a restart is already pending, nothing new to schedule).
  it.each<{ name: string; steps: Step[]; delays: (number | null)[] }>([
    {
      name: 'consecutive failures double the delay up to the cap',
      steps: ['failed', 'restarting', 'failed', 'restarting', 'failed', 'restarting', 'failed'],
      delays: [100, 200, 400, 500],
    },
    {
      name: 'a failure while a restart is pending schedules nothing more',
      steps: ['failed', 'failed', 'failed', 'restarting', 'failed'],
      delays: [100, null, null, 200],
    },
    {
      name: 'a sync starts the count again',
      steps: ['failed', 'restarting', 'failed', 'restarting', 'synced', 'failed'],
      delays: [100, 200, 100],
    },
    {
      name: 'at the cap, a sync still starts again from the initial delay',
      steps: [
        ...Array<Step>(5)
          .fill('failed')
          .flatMap((f): Step[] => [f, 'restarting']),
        'synced',
        'failed',
      ],
      delays: [100, 200, 400, 500, 500, 100],
    },
  ])('$name', ({ steps, delays }) => {
    const backoff = new RestartBackoff(100, 500);
    const scheduled: (number | null)[] = [];
    for (const step of steps) {
      if (step === 'failed') scheduled.push(backoff.failed() ?? null);
      else backoff[step]();
    }
    expect(scheduled).toEqual(delays);
  });
});
