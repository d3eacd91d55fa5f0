/**
 * StatusWriter writes preset status (docs/SPEC.md §6) while this replica holds the leader lease: after
 * becoming leader, and after informer events (debounced), for every preset whose status differs
 * from what it should be. A merge patch on the /status subresource, so nothing else of the object
 * is touched. Errors are logged; the next pass retries.
 */
import { CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { GROUP, PRESET_RESOURCES, VERSION } from '../core/api.js';
import { presetIdentity } from '../core/preset-identity.js';
import type { Logger } from '../observability/logger.js';
import { MERGE_PATCH, describeKubeError, rfc3339 } from './client.js';
import type { KubePresetSource, PresetState } from './informers.js';
import { LeaderPasses } from './leader-passes.js';
import { desiredStatus, statusUpToDate, type PresetStatus } from './preset-status.js';

export interface StatusWriterOptions {
  readonly kubeConfig: KubeConfig;
  readonly source: KubePresetSource;
  readonly logger: Logger;
  /** Wait after an informer event before a pass, so a burst costs one pass. */
  readonly debounceMs?: number;
  /** A pass also runs this often while leading, to retry failed writes. */
  readonly resyncMs?: number;
  readonly now?: () => number;
}

export class StatusWriter {
  private readonly api: CustomObjectsApi;
  private readonly now: () => number;
  private readonly passes: LeaderPasses;
  /** What was last written per preset, so an event arriving before our own write's does not cause a second write. */
  private readonly written = new Map<string, string>();

  constructor(private readonly options: StatusWriterOptions) {
    this.api = options.kubeConfig.makeApiClient(CustomObjectsApi);
    this.now = options.now ?? Date.now;
    this.passes = new LeaderPasses(
      () => this.pass(),
      options.resyncMs ?? 60_000,
      () => this.written.clear(),
    );
    options.source.onChange(() => this.passes.schedule(options.debounceMs ?? 200));
  }

  /** setLeader turns writing on (with a full pass at once) or off. */
  setLeader(leading: boolean): void {
    this.passes.setLeader(leading);
  }

  async stop(): Promise<void> {
    await this.passes.stop();
  }

  private async pass(): Promise<void> {
    const now = rfc3339(this.now());
    const states = [...this.options.source.presetStates()];
    const present = new Set(states.map(presetIdentity));
    for (const key of this.written.keys()) if (!present.has(key)) this.written.delete(key);
    for (const state of states) {
      if (!this.passes.isLeading) return;
      const desired = desiredStatus(state.object, state.problems, now);
      if (statusUpToDate(state.object, desired)) continue;
      const key = presetIdentity(state);
      const fingerprint = JSON.stringify([state.object['metadata'], desired]);
      if (this.written.get(key) === fingerprint) continue;
      try {
        await this.write(state, desired);
        this.written.set(key, fingerprint);
        this.options.logger.info(
          {
            kind: state.kind,
            name: state.name,
            namespace: state.namespace,
            ready: desired.conditions[0]?.status,
          },
          'preset status written',
        );
      } catch (error) {
        this.options.logger.warn(
          { kind: state.kind, name: state.name, namespace: state.namespace, error: describeKubeError(error) },
          'preset status not written',
        );
      }
    }
  }

  private async write(state: PresetState, status: PresetStatus): Promise<void> {
    const resource = PRESET_RESOURCES[state.kind];
    const body = { status };
    if (state.namespace === undefined) {
      await this.api.patchClusterCustomObjectStatus(
        { group: GROUP, version: VERSION, plural: resource.plural, name: state.name, body },
        MERGE_PATCH,
      );
    } else {
      await this.api.patchNamespacedCustomObjectStatus(
        {
          group: GROUP,
          version: VERSION,
          namespace: state.namespace,
          plural: resource.plural,
          name: state.name,
          body,
        },
        MERGE_PATCH,
      );
    }
  }
}
