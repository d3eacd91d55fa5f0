/**
 * KubePresetSource: presets and namespace labels from the Kubernetes API through client-node
 * informers (list + watch) on podpresets, clusterpodpresets and namespaces, in all namespaces.
 * Admission reads only the catalog these feed; nothing here is called per request.
 *
 * Each informer is a ManagedInformer (managed-informer.ts), restarted with capped backoff after
 * an error. While disconnected the catalog keeps what it had: admissions are served from the
 * last synced state.
 */
import {
  CoreV1Api,
  CustomObjectsApi,
  makeInformer,
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
} from '@kubernetes/client-node';
import { API_VERSION, CLUSTER_POD_PRESET, GROUP, POD_PRESET, VERSION, type PresetKind } from '../core/api.js';
import { PresetCatalog } from '../core/catalog.js';
import { presetIdentity, type PresetIdentity } from '../core/preset-identity.js';
import { isPlainObject } from '../core/json.js';
import { parsePreset } from '../core/preset.js';
import type { JsonObject, Labels } from '../core/types.js';
import type { Logger } from '../observability/logger.js';
import type { PresetSource } from '../presets/source.js';
import type { SourceMetrics } from '../observability/metrics.js';
import {
  DEFAULT_INFORMER_TIMING,
  ManagedInformer,
  type InformerFactory,
  type InformerLike,
  type InformerTiming,
} from './managed-informer.js';

/** A preset as the cluster has it (plain JSON) and what parsing made of it. */
export interface PresetState extends PresetIdentity {
  /** The object as last seen, plain JSON with apiVersion and kind set. */
  readonly object: JsonObject;
  /** Why the preset is invalid (it is then not in the catalog); undefined when valid. */
  readonly problems: readonly string[] | undefined;
}

export interface KubePresetSourceOptions {
  readonly kubeConfig: KubeConfig;
  readonly logger: Logger;
  readonly metrics: SourceMetrics;
  readonly timing?: Partial<InformerTiming>;
  readonly informerFactory?: InformerFactory;
}

const RESOURCES = ['podpresets', 'clusterpodpresets', 'namespaces'] as const;
type Resource = (typeof RESOURCES)[number];

/**
 * toPlainObject turns what an informer hands out (a class instance with Date fields from a typed
 * list, or plain JSON from a watch event) into plain JSON with apiVersion and kind set.
 */
export function toPlainObject(object: unknown, apiVersion: string, kind: string): JsonObject {
  const plain: unknown = JSON.parse(JSON.stringify(object ?? {}));
  return { ...(isPlainObject(plain) ? plain : {}), apiVersion, kind };
}

export class KubePresetSource implements PresetSource {
  readonly catalog = new PresetCatalog();
  private readonly states = new Map<string, PresetState>();
  private readonly informers: ManagedInformer[];
  private readonly listeners: Array<() => void> = [];
  private readonly namespaceListeners: Array<() => void> = [];
  private readonly counts = { PodPreset: 0, ClusterPodPreset: 0, invalid: 0 };
  private readonly logger: Logger;
  private readonly metrics: SourceMetrics;
  private started: Promise<void> | undefined;
  private resolveSynced: (() => void) | undefined;
  private readonly synced: Promise<void>;
  private ready = false;

  constructor(options: KubePresetSourceOptions) {
    this.logger = options.logger;
    this.metrics = options.metrics;
    const timing = { ...DEFAULT_INFORMER_TIMING, ...options.timing };
    const kc = options.kubeConfig;
    const factory: InformerFactory =
      options.informerFactory ?? ((path, list) => makeInformer<KubernetesObject>(kc, path, list));
    const custom = kc.makeApiClient(CustomObjectsApi);
    const core = kc.makeApiClient(CoreV1Api);
    this.synced = new Promise((resolve) => (this.resolveSynced = resolve));

    const presetInformer = (resource: typeof POD_PRESET): InformerLike => {
      const informer = factory(
        `/apis/${GROUP}/${VERSION}/${resource.plural}`,
        () =>
          custom.listClusterCustomObject({
            group: GROUP,
            version: VERSION,
            plural: resource.plural,
          }) as Promise<KubernetesListObject<KubernetesObject>>,
      );
      informer.on(
        'add',
        this.handled(resource.plural, (o) => this.presetChanged(resource.kind, o)),
      );
      informer.on(
        'update',
        this.handled(resource.plural, (o) => this.presetChanged(resource.kind, o)),
      );
      informer.on(
        'delete',
        this.handled(resource.plural, (o) => this.presetDeleted(resource.kind, o)),
      );
      return informer;
    };
    const namespaceInformer = factory('/api/v1/namespaces', () => core.listNamespace());
    namespaceInformer.on(
      'add',
      this.handled('namespaces', (o) => this.namespaceChanged(o)),
    );
    namespaceInformer.on(
      'update',
      this.handled('namespaces', (o) => this.namespaceChanged(o)),
    );
    namespaceInformer.on(
      'delete',
      this.handled('namespaces', (o) => this.namespaceDeleted(o)),
    );

    const managed = (resource: Resource, informer: InformerLike): ManagedInformer =>
      new ManagedInformer({
        resource,
        informer,
        timing,
        logger: this.logger,
        metrics: this.metrics,
        onSynced: () => this.informerSynced(),
      });
    this.informers = [
      managed('podpresets', presetInformer(POD_PRESET)),
      managed('clusterpodpresets', presetInformer(CLUSTER_POD_PRESET)),
      managed('namespaces', namespaceInformer),
    ];
    for (const resource of RESOURCES) this.metrics.sourceSynced.set({ resource }, 0);
  }

  /** isReady is true once all three informers have synced once; it stays true while reconnecting. */
  isReady(): boolean {
    return this.ready;
  }

  /** isSynced is true while every informer is connected (false while any is reconnecting). */
  isSynced(): boolean {
    return this.informers.every((i) => i.synced);
  }

  /**
   * start starts the informers (once; later calls return the same promise) and resolves after the
   * first sync of all three. It never rejects: failures are retried, and logged.
   */
  start(): Promise<void> {
    this.started ??= (async () => {
      for (const informer of this.informers) informer.run().catch(() => undefined);
      await this.synced;
    })();
    return this.started;
  }

  async stop(): Promise<void> {
    await Promise.all(this.informers.map((i) => i.stop()));
  }

  /**
   * handled runs the handler of one informer event. An exception thrown into client-node's list or
   * watch stops that informer, and the same object stops it again after every restart: one bad
   * object (or one failing listener) would keep the source from ever syncing. It is logged, and
   * the event's effect on the catalog up to that point stands.
   */
  private handled(
    resource: string,
    handle: (object: KubernetesObject) => void,
  ): (object: KubernetesObject) => void {
    return (object) => {
      try {
        handle(object);
      } catch (error) {
        const { name, namespace } = object.metadata ?? {};
        this.logger.error({ err: error, resource, name, namespace }, 'informer event not fully applied');
      }
    };
  }

  /** onChange calls `listener` after every change to a preset (valid or not). */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** onNamespaceChange calls `listener` after every Namespace added, relabelled or deleted. */
  onNamespaceChange(listener: () => void): void {
    this.namespaceListeners.push(listener);
  }

  /** presetStates lists every preset the informers hold, valid or invalid. */
  presetStates(): IterableIterator<PresetState> {
    return this.states.values();
  }

  presetState(kind: PresetKind, name: string, namespace?: string): PresetState | undefined {
    return this.states.get(
      presetIdentity({ kind, name, namespace: kind === 'PodPreset' ? namespace : undefined }),
    );
  }

  private informerSynced(): void {
    if (this.ready || !this.informers.every((i) => i.everSynced)) return;
    this.ready = true;
    this.logger.info(
      { presets: this.catalog.size, invalid: this.counts.invalid },
      'presets synced from the Kubernetes API',
    );
    this.resolveSynced?.();
  }

  private presetChanged(kind: PresetKind, raw: KubernetesObject): void {
    const object = toPlainObject(raw, API_VERSION, kind);
    const parsed = parsePreset(object);
    const metadata = isPlainObject(object['metadata']) ? object['metadata'] : {};
    const name = typeof metadata['name'] === 'string' ? metadata['name'] : '';
    const namespace =
      kind === 'PodPreset' && typeof metadata['namespace'] === 'string' ? metadata['namespace'] : undefined;
    const key = presetIdentity({ kind, name, namespace });
    const previous = this.states.get(key);
    const problems = parsed.ok ? undefined : parsed.error;
    if (parsed.ok) {
      this.catalog.upsert(parsed.value);
    } else {
      // An update that made a preset invalid must stop it applying.
      this.catalog.remove(kind, name, namespace);
      // Logged once per change of the spec or of the problems, not again for a status write.
      if (!previous?.problems || !sameProblems(previous, object, parsed.error)) {
        this.logger.warn(
          { kind, name, namespace, resourceVersion: metadata['resourceVersion'], problems },
          'invalid preset skipped',
        );
      }
    }
    this.count(previous, -1);
    const state: PresetState = { kind, name, namespace, object, problems };
    this.states.set(key, state);
    this.count(state, 1);
    this.changed();
  }

  private presetDeleted(kind: PresetKind, raw: KubernetesObject): void {
    const name = raw.metadata?.name ?? '';
    const namespace = kind === 'PodPreset' ? raw.metadata?.namespace : undefined;
    const key = presetIdentity({ kind, name, namespace });
    this.catalog.remove(kind, name, namespace);
    this.count(this.states.get(key), -1);
    this.states.delete(key);
    this.changed();
  }

  private namespaceChanged(raw: KubernetesObject): void {
    const name = raw.metadata?.name;
    if (!name) return;
    const labels = raw.metadata?.labels ?? {};
    this.catalog.setNamespace(name, { ...labels } as Labels);
    for (const listener of this.namespaceListeners) listener();
  }

  private namespaceDeleted(raw: KubernetesObject): void {
    if (!raw.metadata?.name) return;
    this.catalog.removeNamespace(raw.metadata.name);
    for (const listener of this.namespaceListeners) listener();
  }

  private count(state: PresetState | undefined, delta: 1 | -1): void {
    if (!state) return;
    if (state.problems) this.counts.invalid += delta;
    else this.counts[state.kind] += delta;
  }

  private changed(): void {
    this.metrics.presetsLoaded.set({ kind: 'PodPreset' }, this.counts.PodPreset);
    this.metrics.presetsLoaded.set({ kind: 'ClusterPodPreset' }, this.counts.ClusterPodPreset);
    this.metrics.presetsInvalid.set(this.counts.invalid);
    for (const listener of this.listeners) listener();
  }
}

function sameProblems(previous: PresetState, object: JsonObject, problems: readonly string[]): boolean {
  const generation = (o: JsonObject): unknown =>
    isPlainObject(o['metadata']) ? o['metadata']['generation'] : undefined;
  return (
    generation(previous.object) === generation(object) &&
    JSON.stringify(previous.problems) === JSON.stringify(problems)
  );
}
