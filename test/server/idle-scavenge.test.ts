/** Scavenges moved to the pauses between bursts of reviews. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  HEADROOM,
  IDLE_MS,
  IdleScavenger,
  idleScavenger,
  scavengeWhenIdle,
  youngGeneration,
  type YoungGeneration,
} from '../../src/server/idle-scavenge.js';

const MiB = 1024 * 1024;
const CAPACITY = 4 * MiB;

/** A young generation of CAPACITY bytes: requests allocate into it, a scavenge empties it but for `survivors`. */
function youngSpace(survivors = 0) {
  let used = 0;
  const space = {
    scavenges: 0,
    allocate: (bytes: number) => (used += bytes),
    scavenge: () => {
      space.scavenges++;
      used = survivors;
    },
    read: (): YoungGeneration => ({ used, available: CAPACITY - used }),
  };
  return space;
}

describe('IdleScavenger', () => {
  it('scavenges at an idle moment once the next burst, as large as the last, would not fit', () => {
    const space = youngSpace();
    const scavenger = new IdleScavenger(space.scavenge, space.read);
    const burst = 1.3 * MiB;
    const scavenged: boolean[] = [];
    for (let i = 0; i < 6; i++) {
      space.allocate(burst);
      // A burst never finds a full young generation: the scavenge came before it.
      expect(space.read().available).toBeGreaterThanOrEqual(0);
      scavenged.push(scavenger.idle());
    }
    // After two bursts 1.4 MiB is free, less than HEADROOM × 1.3 MiB: the third would not fit.
    expect(HEADROOM * burst).toBeGreaterThan(CAPACITY - 2 * burst);
    expect(scavenged).toEqual([false, true, false, true, false, true]);
    expect(space.scavenges).toBe(3);
  });

  it('measures the next burst from what survived the scavenge', () => {
    const space = youngSpace(0.5 * MiB);
    const scavenger = new IdleScavenger(space.scavenge, space.read);
    space.allocate(1.5 * MiB);
    expect(scavenger.idle()).toBe(false);
    space.allocate(1.5 * MiB);
    expect(scavenger.idle()).toBe(true);
    // 0.5 MiB survived; a burst of 1.5 MiB grows it to 2 MiB, leaving room for one more.
    space.allocate(1.5 * MiB);
    expect(scavenger.idle()).toBe(false);
  });

  it('does nothing while little is used, nor after a burst during which V8 scavenged by itself', () => {
    const space = youngSpace();
    const scavenger = new IdleScavenger(space.scavenge, space.read);
    space.allocate(64 * 1024);
    expect(scavenger.idle()).toBe(false);
    space.allocate(1 * MiB);
    expect(scavenger.idle()).toBe(false);
    space.allocate(1.5 * MiB);
    space.scavenge();
    space.allocate(0.5 * MiB);
    expect(scavenger.idle()).toBe(false);
    expect(space.scavenges).toBe(1);
  });
});

describe('youngGeneration', () => {
  it("reads V8's new space", () => {
    const young = youngGeneration();
    expect(young.used).toBeGreaterThan(0);
    expect(young.available).toBeGreaterThan(0);
    expect(Number.isFinite(young.available)).toBe(true);
  });
});

describe('idleScavenger', () => {
  it('is absent without gc (node without --expose-gc)', () => {
    expect(idleScavenger(undefined)).toBeUndefined();
  });

  it('asks gc for a minor collection, a scavenge', () => {
    const gc = vi.fn();
    const full = (): YoungGeneration => ({ used: CAPACITY, available: 0 });
    expect(idleScavenger(gc as unknown as NodeJS.GCFunction, full)!.idle()).toBe(true);
    expect(gc).toHaveBeenCalledExactlyOnceWith({ type: 'minor' });
  });
});

describe('scavengeWhenIdle', () => {
  afterEach(() => vi.useRealTimers());

  const request = {} as IncomingMessage;
  const response = {} as ServerResponse;

  it('returns the listener itself without a scavenger', () => {
    const listener = vi.fn();
    expect(scavengeWhenIdle(listener, undefined)).toBe(listener);
  });

  it('decides once no request has come for IDLE_MS, never in the middle of a burst', () => {
    vi.useFakeTimers();
    const idle = vi.fn(() => false);
    const listener = vi.fn();
    const served = scavengeWhenIdle(listener, { idle } as unknown as IdleScavenger);
    for (let i = 0; i < 25; i++) {
      served(request, response);
      vi.advanceTimersByTime(IDLE_MS / 5);
    }
    expect(listener).toHaveBeenCalledTimes(25);
    expect(listener).toHaveBeenCalledWith(request, response);
    expect(idle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(IDLE_MS);
    expect(idle).toHaveBeenCalledTimes(1);
    // Idle for longer: no further wake-ups until the next request.
    vi.advanceTimersByTime(100 * IDLE_MS);
    expect(idle).toHaveBeenCalledTimes(1);
    served(request, response);
    vi.advanceTimersByTime(IDLE_MS);
    expect(idle).toHaveBeenCalledTimes(2);
  });
});
