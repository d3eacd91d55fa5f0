import { describe, expect, it } from 'vitest';
import { EventAggregator, type EventTiming } from '../../src/kube/event-aggregator.js';

const TIMING: EventTiming = { minIntervalMs: 30_000, windowMs: 600_000, writesPerSecond: 2, maxKeys: 3 };
const db = { kind: 'PodPreset', name: 'db', namespace: 'team-a' } as const;
const shared = { kind: 'ClusterPodPreset', name: 'shared', namespace: undefined } as const;

/**
 * A step at a time (ms): `record` an occurrence, `flush` (write what is due; every write succeeds
 * unless `fail`), and what the step saw: the writes as `name:count@eventNamespace` and when the
 * aggregator asked to look again.
 */
type Step =
  | { at: number; record: typeof db | typeof shared; message?: string }
  | { at: number; flush: true; fail?: boolean };

/** Times in the steps are from here: a real clock never reads 0. */
const T0 = Date.UTC(2026, 0, 1);

function run(steps: Step[], timing = TIMING): string[] {
  const aggregator = new EventAggregator(timing, T0);
  const seen: string[] = [];
  for (const step of steps) {
    if ('record' in step) {
      const dropped = aggregator.record(step.record, step.message ?? 'conflict', T0 + step.at);
      if (dropped) seen.push(`dropped ${dropped.preset.name}(${dropped.message})`);
      continue;
    }
    const { due, nextInMs } = aggregator.takeDue(T0 + step.at);
    const writes = due.map((a) => `${a.preset.name}(${a.message}):${a.count}@${a.eventNamespace}`);
    const again = due
      .map((a) => aggregator.settled(a, step.fail ? undefined : a.count, T0 + step.at))
      .filter((ms) => ms !== undefined);
    seen.push(`${step.at}: [${writes.join(' ')}] next=${nextInMs ?? '-'} again=${again.join(',') || '-'}`);
  }
  return seen;
}

describe('EventAggregator', () => {
  it.each<{ name: string; steps: Step[]; seen: string[] }>([
    {
      name: 'the first occurrence is written at once, cluster presets into default',
      steps: [
        { at: 0, record: db },
        { at: 0, record: shared },
        { at: 0, flush: true },
      ],
      seen: ['0: [db(conflict):1@team-a shared(conflict):1@default] next=- again=-'],
    },
    {
      name: 'repeats raise the count, written at most once per minIntervalMs',
      steps: [
        { at: 0, record: db },
        { at: 0, flush: true },
        { at: 1000, record: db },
        { at: 2000, record: db },
        { at: 2000, flush: true },
        { at: 30_000, flush: true },
        { at: 30_000, flush: true },
      ],
      seen: [
        '0: [db(conflict):1@team-a] next=- again=-',
        '2000: [] next=28000 again=-',
        '30000: [db(conflict):3@team-a] next=- again=-',
        '30000: [] next=- again=-',
      ],
    },
    {
      name: 'a failed write is retried after minIntervalMs with the count so far',
      steps: [
        { at: 0, record: db },
        { at: 0, flush: true, fail: true },
        { at: 5000, record: db },
        { at: 30_000, flush: true },
      ],
      seen: [
        '0: [db(conflict):1@team-a] next=- again=30000',
        '30000: [db(conflict):2@team-a] next=- again=-',
      ],
    },
    {
      name: 'writes share a budget of writesPerSecond; the rest wait for a token',
      steps: [
        { at: 0, record: db, message: 'a' },
        { at: 0, record: db, message: 'b' },
        { at: 0, record: db, message: 'c' },
        { at: 0, flush: true },
        { at: 500, flush: true },
      ],
      seen: ['0: [db(a):1@team-a db(b):1@team-a] next=500 again=-', '500: [db(c):1@team-a] next=- again=-'],
    },
    {
      name: 'after windowMs an occurrence starts a new Event',
      steps: [
        { at: 0, record: db },
        { at: 0, flush: true },
        { at: 600_001, record: db },
        { at: 600_001, flush: true },
      ],
      seen: ['0: [db(conflict):1@team-a] next=- again=-', '600001: [db(conflict):1@team-a] next=- again=-'],
    },
    {
      name: 'beyond maxKeys the oldest aggregate is forgotten, said when it had unwritten occurrences',
      steps: [
        { at: 0, record: db, message: 'a' },
        { at: 0, record: db, message: 'b' },
        { at: 0, record: db, message: 'c' },
        { at: 0, record: shared, message: 'd' },
        { at: 2000, flush: true },
        { at: 2500, flush: true },
      ],
      seen: [
        'dropped db(a)',
        '2000: [db(b):1@team-a db(c):1@team-a] next=500 again=-',
        '2500: [shared(d):1@default] next=- again=-',
      ],
    },
    {
      name: 'an aggregate forgotten after its Event was written is not reported',
      steps: [
        { at: 0, record: db, message: 'a' },
        { at: 0, record: db, message: 'b' },
        { at: 0, flush: true },
        { at: 0, record: db, message: 'c' },
        { at: 0, record: db, message: 'd' },
      ],
      seen: ['0: [db(a):1@team-a db(b):1@team-a] next=- again=-'],
    },
  ])('$name', ({ steps, seen }) => {
    expect(run(steps)).toEqual(seen);
  });
});
