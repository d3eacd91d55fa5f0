/**
 * Which conflict Events to write, and when: aggregation the way client-go's EventCorrelator does
 * it, so a controller re-creating a conflicting Pod in a loop cannot flood the API server. The
 * first occurrence of a (preset, message) creates an Event with count 1; repeats within
 * `windowMs` only raise the count, written to that same Event at most once per `minIntervalMs`;
 * all writes share a budget of `writesPerSecond`; at most `maxKeys` aggregates are remembered.
 *
 * Pure: the caller passes the time and does the writing (event-recorder.ts).
 */
import { presetIdentity, type PresetIdentity } from '../core/preset-identity.js';

/** Events about cluster-scoped objects live in `default` (docs/KUBERNETES.md: elsewhere is a 422). */
export const CLUSTER_EVENT_NAMESPACE = 'default';

export interface EventTiming {
  /** At most one write per aggregated Event per interval. */
  readonly minIntervalMs: number;
  /** Repeats within this window raise the count of the same Event; later ones start a new Event. */
  readonly windowMs: number;
  /** Budget of Event writes per second, across all presets. */
  readonly writesPerSecond: number;
  /** Aggregates remembered at once; the oldest is forgotten first. */
  readonly maxKeys: number;
}

export const DEFAULT_EVENT_TIMING: EventTiming = {
  minIntervalMs: 30_000,
  windowMs: 10 * 60_000,
  writesPerSecond: 5,
  maxKeys: 1000,
};

/** One Event in the making: a preset, a message, and how many times it happened. */
export interface Aggregate {
  readonly preset: PresetIdentity;
  readonly eventNamespace: string;
  readonly message: string;
  readonly firstAt: number;
  lastAt: number;
  /** Occurrences seen, and how many of them the Event in the API already says. */
  count: number;
  written: number;
  /** The Event's name once created (the writer sets it). */
  eventName: string | undefined;
  lastWriteAt: number;
  inflight: boolean;
}

export interface DueWrites {
  /** Aggregates to write now, each marked in flight until settled(). */
  readonly due: readonly Aggregate[];
  /** When to look again for writes not due yet (ms from now), if any. */
  readonly nextInMs: number | undefined;
}

export class EventAggregator {
  private readonly aggregates = new Map<string, Aggregate>();
  private tokens: number;
  private tokensAt: number;

  constructor(
    private readonly timing: EventTiming,
    now: number,
  ) {
    this.tokens = timing.writesPerSecond;
    this.tokensAt = now;
  }

  /** record counts one occurrence; it returns an aggregate forgotten with occurrences never written. */
  record(preset: PresetIdentity, message: string, now: number): Aggregate | undefined {
    const key = `${presetIdentity(preset)}\u0000${message}`;
    let aggregate = this.aggregates.get(key);
    let dropped: Aggregate | undefined;
    if (aggregate && now - aggregate.firstAt > this.timing.windowMs && !aggregate.inflight) {
      this.aggregates.delete(key);
      aggregate = undefined;
    }
    if (!aggregate) {
      dropped = this.evictIfFull();
      aggregate = {
        preset,
        eventNamespace: preset.namespace ?? CLUSTER_EVENT_NAMESPACE,
        message,
        firstAt: now,
        lastAt: now,
        count: 0,
        written: 0,
        eventName: undefined,
        lastWriteAt: 0,
        inflight: false,
      };
      this.aggregates.set(key, aggregate);
    }
    aggregate.count += 1;
    aggregate.lastAt = now;
    return dropped;
  }

  /** takeDue picks what to write now within the write budget, and forgets what is written and old. */
  takeDue(now: number): DueWrites {
    const due: Aggregate[] = [];
    let nextDue = Number.POSITIVE_INFINITY;
    for (const [key, aggregate] of this.aggregates) {
      if (aggregate.inflight) continue;
      if (aggregate.count === aggregate.written) {
        if (now - aggregate.lastAt > this.timing.windowMs) this.aggregates.delete(key);
        continue;
      }
      const dueAt = aggregate.lastWriteAt === 0 ? now : aggregate.lastWriteAt + this.timing.minIntervalMs;
      if (dueAt > now) {
        nextDue = Math.min(nextDue, dueAt);
        continue;
      }
      if (!this.takeToken(now)) {
        nextDue = Math.min(nextDue, now + Math.ceil(1000 / this.timing.writesPerSecond));
        break;
      }
      aggregate.inflight = true;
      aggregate.lastWriteAt = now;
      due.push(aggregate);
    }
    return { due, nextInMs: Number.isFinite(nextDue) ? Math.max(0, nextDue - now) : undefined };
  }

  /**
   * settled ends a write of `count` occurrences (`undefined`: it failed). It returns in how many ms
   * the aggregate is due again when occurrences came meanwhile, else undefined.
   */
  settled(aggregate: Aggregate, count: number | undefined, now: number): number | undefined {
    if (count !== undefined) aggregate.written = count;
    aggregate.inflight = false;
    if (aggregate.count <= aggregate.written) return undefined;
    return Math.max(0, aggregate.lastWriteAt + this.timing.minIntervalMs - now);
  }

  private takeToken(now: number): boolean {
    const rate = this.timing.writesPerSecond;
    this.tokens = Math.min(rate, this.tokens + ((now - this.tokensAt) * rate) / 1000);
    this.tokensAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  private evictIfFull(): Aggregate | undefined {
    if (this.aggregates.size < this.timing.maxKeys) return undefined;
    for (const [key, aggregate] of this.aggregates) {
      if (aggregate.inflight) continue;
      this.aggregates.delete(key);
      return aggregate.count > aggregate.written ? aggregate : undefined;
    }
    return undefined;
  }
}
