/**
 * ConflictEventRecorder: a Warning Event on each preset involved in a conflict (docs/SPEC.md,
 * Observability), never for a dryRun request. Which Events to write and when is the aggregator's
 * (event-aggregator.ts); this file turns its decisions into API writes.
 *
 * observe() only updates memory and schedules a flush: it never waits for, or fails because of,
 * the API. Write errors are logged.
 */
import { randomBytes } from 'node:crypto';
import { CoreV1Api, type CoreV1Event, type KubeConfig } from '@kubernetes/client-node';
import type { MutationDecision } from '../admission/mutate-pod.js';
import type { AdmissionObserver } from '../admission/observer.js';
import type { AdmissionRequest } from '../admission/review.js';
import { API_VERSION } from '../core/api.js';
import type { PresetCatalog } from '../core/catalog.js';
import type { Conflict } from '../core/conflicts.js';
import { isPlainObject } from '../core/json.js';
import { describePodName, podName } from '../core/pod-name.js';
import type { Logger } from '../observability/logger.js';
import { MERGE_PATCH, describeKubeError, httpStatusOf } from './client.js';
import {
  DEFAULT_EVENT_TIMING,
  EventAggregator,
  type Aggregate,
  type EventTiming,
} from './event-aggregator.js';

export const CONFLICT_REASON = 'PresetConflict';

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

/** describePod names the Pod of a request: `namespace/name`, or `namespace/generateName*` for controller-made Pods. */
function describePod(request: AdmissionRequest, namespace: string): string {
  const pod = request.object;
  const name = podName(isPlainObject(pod) ? pod['metadata'] : undefined, request.name);
  return `${namespace}/${describePodName(name)}`;
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
  private readonly now: () => number;
  private readonly aggregator: EventAggregator;
  private readonly writes = new Set<Promise<void>>();
  private flushTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: ConflictEventRecorderOptions) {
    this.api = options.kubeConfig.makeApiClient(CoreV1Api);
    this.now = options.now ?? Date.now;
    this.aggregator = new EventAggregator({ ...DEFAULT_EVENT_TIMING, ...options.timing }, this.now());
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
          const dropped = this.aggregator.record(
            { kind: preset.kind, name: preset.name, namespace },
            conflictEventMessage(pod, conflict),
            this.now(),
          );
          if (dropped) {
            this.options.logger.debug(
              { preset: dropped.preset.name },
              'conflict event dropped: too many aggregates',
            );
          }
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

  private scheduleFlush(delayMs: number): void {
    if (this.stopped || this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.flush();
    }, delayMs);
    this.flushTimer.unref();
  }

  private flush(): void {
    const now = this.now();
    const { due, nextInMs } = this.aggregator.takeDue(now);
    for (const aggregate of due) {
      const count = aggregate.count;
      const write = this.write(aggregate, now, count).then((written) => {
        this.writes.delete(write);
        const againInMs = this.aggregator.settled(aggregate, written ? count : undefined, this.now());
        if (againInMs !== undefined) this.scheduleFlush(againInMs);
      });
      this.writes.add(write);
    }
    if (nextInMs !== undefined) this.scheduleFlush(nextInMs);
  }

  /** write creates the Event or raises its count; it resolves true when the API has `count`. */
  private async write(aggregate: Aggregate, now: number, count: number): Promise<boolean> {
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
      return true;
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
      return false;
    }
  }

  private event(aggregate: Aggregate, name: string, count: number): CoreV1Event {
    const { preset, eventNamespace } = aggregate;
    const uid = this.options.catalog.get(preset.kind, preset.name, preset.namespace)?.uid;
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
