/**
 * ConflictEventRecorder: a Warning Event on each preset involved in a conflict (PRODUCT §3), never
 * for a dryRun request. Events are aggregated the way client-go's EventCorrelator does it, so a
 * controller re-creating a conflicting Pod in a loop cannot flood the API server: the first
 * occurrence of a (preset, message) creates an Event with count 1; repeats within `windowMs` only
 * raise the count, written to that same Event at most once per `minIntervalMs`; all writes share
 * a budget of `writesPerSecond`; at most `maxKeys` aggregates are remembered.
 *
 * observe() only updates memory and schedules a flush: it never waits for, or fails because of,
 * the API. Write errors are logged.
 */
import { randomBytes } from 'node:crypto';
import { CoreV1Api, type CoreV1Event, type KubeConfig } from '@kubernetes/client-node';
import type { MutationDecision } from '../admission/mutate-pod.js';
import type { AdmissionObserver } from '../admission/observer.js';
import type { AdmissionRequest } from '../admission/review.js';
import { API_VERSION, type PresetKind } from '../core/api.js';
import type { PresetCatalog } from '../core/catalog.js';
import type { Conflict, ConflictPreset } from '../core/conflicts.js';
import { isPlainObject } from '../core/json.js';
import type { Logger } from '../observability/logger.js';
import { MERGE_PATCH, describeKubeError, httpStatusOf } from './client.js';

export const CONFLICT_REASON = 'PresetConflict';

/** Events about cluster-scoped objects live in `default` (KUBERNETES-NOTES: elsewhere is a 422). */
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

export interface ConflictEventRecorderOptions {
  readonly kubeConfig: KubeConfig;
  /** Where the presets' uids come from (the informers' catalog). */
  readonly catalog: PresetCatalog;
  readonly logger: Logger;
  /** reportingInstance of the Events: this replica. */
  readonly identity: string;
  readonly timing?: Partial<EventTiming>;
  readonly now?: () => number;
}

interface Aggregate {
  readonly preset: ConflictPreset & { readonly namespace: string | undefined };
  readonly eventNamespace: string;
  readonly message: string;
  readonly firstAt: number;
  lastAt: number;
  /** Occurrences seen, and how many of them the Event in the API already says. */
  count: number;
  written: number;
  /** The Event's name once created. */
  eventName: string | undefined;
  lastWriteAt: number;
  inflight: boolean;
}

/** describePod names the Pod of a request: `namespace/name`, or `namespace/generateName*` for controller-made Pods. */
function describePod(request: AdmissionRequest, namespace: string): string {
  const pod = request.object;
  const metadata = isPlainObject(pod) && isPlainObject(pod['metadata']) ? pod['metadata'] : {};
  const name =
    typeof metadata['name'] === 'string' && metadata['name'] !== '' ? metadata['name'] : request.name;
  if (typeof name === 'string' && name !== '') return `${namespace}/${name}`;
  const generateName = typeof metadata['generateName'] === 'string' ? metadata['generateName'] : '';
  return `${namespace}/${generateName}* (generateName)`;
}

const RESOLVED: Readonly<Record<Conflict['resolution'], string>> = {
  abort: 'no preset was applied to it',
  'skip-preset': 'the preset was skipped for it (conflictPolicy SkipPreset)',
  'keep-existing': 'the item already there was kept (conflictPolicy KeepExisting)',
};

/** conflictEventMessage is the Event text: the Pod, then the conflict (presets, container, field, key; never values). */
export function conflictEventMessage(pod: string, conflict: Conflict): string {
  const where = conflict.container === undefined ? '' : `, container ${conflict.container}`;
  return `Pod ${pod}: ${conflict.message} (field ${conflict.field}, key ${conflict.key}${where}); ${RESOLVED[conflict.resolution]}`;
}

export class ConflictEventRecorder implements AdmissionObserver {
  private readonly api: CoreV1Api;
  private readonly timing: EventTiming;
  private readonly now: () => number;
  private readonly aggregates = new Map<string, Aggregate>();
  private readonly writes = new Set<Promise<void>>();
  private tokens: number;
  private tokensAt: number;
  private flushTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: ConflictEventRecorderOptions) {
    this.api = options.kubeConfig.makeApiClient(CoreV1Api);
    this.timing = { ...DEFAULT_EVENT_TIMING, ...options.timing };
    this.now = options.now ?? Date.now;
    this.tokens = this.timing.writesPerSecond;
    this.tokensAt = this.now();
  }

  observe(request: AdmissionRequest, decision: MutationDecision): void {
    // The server skips observers for dryRun already; a side effect on a dry run must never happen.
    if (request.dryRun === true || this.stopped) return;
    try {
      const conflicts = decision.evaluation.conflicts;
      if (conflicts.length === 0) return;
      const pod = describePod(request, decision.namespace);
      for (const conflict of conflicts) {
        for (const preset of conflict.presets) {
          // A conflict names presets by kind and name; PodPresets come from the request's namespace.
          const namespace = preset.kind === 'PodPreset' ? decision.namespace : undefined;
          this.record({ ...preset, namespace }, conflictEventMessage(pod, conflict));
        }
      }
      this.scheduleFlush(0);
    } catch (error) {
      this.options.logger.error({ error: describeKubeError(error) }, 'conflict event not recorded');
    }
  }

  /** stop waits for the writes in flight; counts not yet written are dropped. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    await Promise.allSettled([...this.writes]);
  }

  private record(preset: Aggregate['preset'], message: string): void {
    const now = this.now();
    const key = `${preset.kind}/${preset.namespace ?? ''}/${preset.name}\u0000${message}`;
    let aggregate = this.aggregates.get(key);
    if (aggregate && now - aggregate.firstAt > this.timing.windowMs && !aggregate.inflight) {
      this.aggregates.delete(key);
      aggregate = undefined;
    }
    if (!aggregate) {
      this.evictIfFull();
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
  }

  private evictIfFull(): void {
    if (this.aggregates.size < this.timing.maxKeys) return;
    for (const [key, aggregate] of this.aggregates) {
      if (aggregate.inflight) continue;
      this.aggregates.delete(key);
      if (aggregate.count > aggregate.written) {
        this.options.logger.debug(
          { preset: aggregate.preset.name },
          'conflict event dropped: too many aggregates',
        );
      }
      return;
    }
  }

  private scheduleFlush(delayMs: number): void {
    if (this.stopped || this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.flush();
    }, delayMs);
    this.flushTimer.unref();
  }

  private takeToken(now: number): boolean {
    const rate = this.timing.writesPerSecond;
    this.tokens = Math.min(rate, this.tokens + ((now - this.tokensAt) * rate) / 1000);
    this.tokensAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  private flush(): void {
    const now = this.now();
    let nextDue = Number.POSITIVE_INFINITY;
    for (const [key, aggregate] of this.aggregates) {
      if (aggregate.inflight) continue;
      if (aggregate.count === aggregate.written) {
        if (now - aggregate.lastAt > this.timing.windowMs) this.aggregates.delete(key);
        continue;
      }
      const due = aggregate.lastWriteAt === 0 ? now : aggregate.lastWriteAt + this.timing.minIntervalMs;
      if (due > now) {
        nextDue = Math.min(nextDue, due);
        continue;
      }
      if (!this.takeToken(now)) {
        nextDue = Math.min(nextDue, now + Math.ceil(1000 / this.timing.writesPerSecond));
        break;
      }
      const write = this.write(aggregate, now).finally(() => {
        this.writes.delete(write);
        if (aggregate.count > aggregate.written) {
          this.scheduleFlush(Math.max(0, aggregate.lastWriteAt + this.timing.minIntervalMs - this.now()));
        }
      });
      this.writes.add(write);
    }
    if (Number.isFinite(nextDue)) this.scheduleFlush(Math.max(0, nextDue - now));
  }

  private async write(aggregate: Aggregate, now: number): Promise<void> {
    aggregate.inflight = true;
    aggregate.lastWriteAt = now;
    const count = aggregate.count;
    const { preset, eventNamespace: namespace } = aggregate;
    try {
      if (aggregate.eventName !== undefined) {
        try {
          await this.api.patchNamespacedEvent(
            {
              name: aggregate.eventName,
              namespace,
              body: { count, lastTimestamp: new Date(aggregate.lastAt) },
            },
            MERGE_PATCH,
          );
        } catch (error) {
          if (httpStatusOf(error) !== 404) throw error;
          aggregate.eventName = undefined; // expired (events live an hour): start a new one
        }
      }
      if (aggregate.eventName === undefined) {
        const name = `${preset.name.slice(0, 200)}.${now.toString(16)}${randomBytes(3).toString('hex')}`;
        await this.api.createNamespacedEvent({ namespace, body: this.event(aggregate, name, count) });
        aggregate.eventName = name;
      }
      aggregate.written = count;
    } catch (error) {
      this.options.logger.warn(
        {
          kind: preset.kind,
          name: preset.name,
          namespace: preset.namespace,
          error: describeKubeError(error),
        },
        'conflict event not written',
      );
    } finally {
      aggregate.inflight = false;
    }
  }

  private event(aggregate: Aggregate, name: string, count: number): CoreV1Event {
    const { preset, eventNamespace } = aggregate;
    const uid = this.options.catalog.get(preset.kind as PresetKind, preset.name, preset.namespace)?.uid;
    return {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: eventNamespace },
      involvedObject: {
        apiVersion: API_VERSION,
        kind: preset.kind,
        name: preset.name,
        ...(preset.namespace === undefined ? {} : { namespace: preset.namespace }),
        ...(uid === undefined ? {} : { uid }),
      },
      type: 'Warning',
      reason: CONFLICT_REASON,
      message: aggregate.message,
      count,
      firstTimestamp: new Date(aggregate.firstAt),
      lastTimestamp: new Date(aggregate.lastAt),
      source: { component: 'podpreset-webhook' },
      reportingComponent: 'podpreset.dev/webhook',
      reportingInstance: this.options.identity,
    };
  }
}
