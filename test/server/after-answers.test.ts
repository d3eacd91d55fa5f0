/** The queue that runs an answer's bookkeeping once the answers stop coming. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MOST_QUEUED, afterAnswers } from '../../src/server/after-answers.js';

/** Fake timers count whole milliseconds: a quiet time of 10 leaves room for answers in between. */
const QUIET_MS = 10;

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('afterAnswers', () => {
  it('runs nothing while answers keep coming, then everything in order with its duration', () => {
    const ran: string[] = [];
    const later = afterAnswers((error) => ran.push(`failed: ${String(error)}`), QUIET_MS);
    // A burst: an answer every half QUIET_MS, across several turns of the event loop.
    for (let i = 0; i < 10; i++) {
      later((ms) => ran.push(`answer ${i} took ${ms}`), i / 4);
      vi.advanceTimersByTime(QUIET_MS / 2);
    }
    expect(ran).toEqual([]);
    vi.advanceTimersByTime(QUIET_MS);
    expect(ran).toEqual(Array.from({ length: 10 }, (_, i) => `answer ${i} took ${i / 4}`));
  });

  it('reports what throws and still runs the rest', () => {
    const ran: string[] = [];
    const failures: unknown[] = [];
    const later = afterAnswers((error) => failures.push(error), QUIET_MS);
    later(() => {
      throw new Error('observer broke');
    }, 1);
    later(() => ran.push('after the broken one'), 2);
    vi.advanceTimersByTime(QUIET_MS);
    expect(failures).toEqual([new Error('observer broke')]);
    expect(ran).toEqual(['after the broken one']);
  });

  it('work queued while the queue runs waits for the next run, and nothing runs twice', () => {
    const ran: string[] = [];
    const later = afterAnswers(() => {}, QUIET_MS);
    later(() => {
      ran.push('a');
      later(() => ran.push('c'), 0);
    }, 0);
    later(() => ran.push('b'), 0);
    vi.advanceTimersByTime(QUIET_MS);
    expect(ran).toEqual(['a', 'b']);
    vi.advanceTimersByTime(QUIET_MS);
    expect(ran).toEqual(['a', 'b', 'c']);
    vi.advanceTimersByTime(10 * QUIET_MS);
    expect(ran).toEqual(['a', 'b', 'c']);
  });

  it('without a pause, runs at the end of the turn that queues the MOST_QUEUEDth answer', () => {
    let ran = 0;
    const later = afterAnswers(() => {}, QUIET_MS);
    for (let i = 1; i < MOST_QUEUED; i++) later(() => ran++, 0);
    vi.advanceTimersByTime(0); // the turn ends: a setImmediate would run here
    expect(ran).toBe(0);
    for (let i = 0; i < MOST_QUEUED - 1; i++) later(() => ran++, 0);
    expect(ran).toBe(0);
    vi.advanceTimersByTime(0);
    expect(ran).toBe(2 * MOST_QUEUED - 2);
  });

  it('while the server drains, runs at the end of the turn', () => {
    const ran: string[] = [];
    const later = afterAnswers(() => {}, QUIET_MS);
    later(() => ran.push('before the signal'), 0);
    later(() => ran.push('while draining'), 0, true);
    expect(ran).toEqual([]);
    vi.advanceTimersByTime(0);
    expect(ran).toEqual(['before the signal', 'while draining']);
  });
});
