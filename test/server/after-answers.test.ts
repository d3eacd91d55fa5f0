/** The queue that runs an answer's bookkeeping once the answers of the same turn are written. */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { afterAnswers } from '../../src/server/after-answers.js';

describe('afterAnswers', () => {
  it('runs nothing in the turn that queues it, then everything in order with its duration', async () => {
    const ran: string[] = [];
    const later = afterAnswers((error) => ran.push(`failed: ${String(error)}`));
    later((ms) => ran.push(`first ${ms}`), 1.5);
    later((ms) => ran.push(`second ${ms}`), 0.25);
    expect(ran).toEqual([]);
    await nextTurn();
    expect(ran).toEqual(['first 1.5', 'second 0.25']);
  });

  it('reports what throws and still runs the rest', async () => {
    const ran: string[] = [];
    const failures: unknown[] = [];
    const later = afterAnswers((error) => failures.push(error));
    later(() => {
      throw new Error('observer broke');
    }, 1);
    later(() => ran.push('after the broken one'), 2);
    await nextTurn();
    expect(failures).toEqual([new Error('observer broke')]);
    expect(ran).toEqual(['after the broken one']);
  });

  it('work queued while the queue runs waits for the next turn, and nothing runs twice', async () => {
    const ran: string[] = [];
    const later = afterAnswers(() => {});
    later(() => {
      ran.push('a');
      later(() => ran.push('c'), 0);
    }, 0);
    later(() => ran.push('b'), 0);
    await nextTurn();
    expect(ran).toEqual(['a', 'b']);
    await nextTurn();
    expect(ran).toEqual(['a', 'b', 'c']);
    await nextTurn();
    expect(ran).toEqual(['a', 'b', 'c']);
  });
});
