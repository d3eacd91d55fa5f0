/**
 * The API double's storage: objects per resource, one global resourceVersion counter (as etcd's
 * revision), a history of watch events that a compaction can cut, and the write semantics a real
 * API server applies (uid, generation, status subresource, optimistic concurrency).
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { apiVersionOf, type ResourceType } from './resources.js';

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  [field: string]: unknown;
}

export interface StoredObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent {
  readonly type: WatchEventType;
  readonly resourceVersion: number;
  readonly resource: ResourceType;
  readonly object: StoredObject;
}

/** An API error as the server answers it: an HTTP code and a Status reason. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

const clone = <T>(value: T): T => structuredClone(value);
const keyOf = (namespace: string | undefined, name: string): string => `${namespace ?? ''}/${name}`;
const nowSeconds = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
/** JSON with sorted keys, so two equal objects compare equal whatever their key order. */
const json = (value: unknown): string =>
  JSON.stringify(value ?? null, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );

/** The fields that are not spec: a change elsewhere bumps metadata.generation. */
function specOf(object: StoredObject): string {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = object;
  return json(rest);
}

export class ObjectStore {
  private revision = 0;
  private compactedRevision = 0;
  private readonly objects = new Map<ResourceType, Map<string, StoredObject>>();
  private readonly history: WatchEvent[] = [];
  readonly events = new EventEmitter<{ event: [WatchEvent] }>();

  get resourceVersion(): number {
    return this.revision;
  }

  /** compact forgets the history so far: a watch from an older resourceVersion gets 410 Gone. */
  compact(): void {
    this.compactedRevision = this.revision;
    this.history.length = 0;
  }

  isCompacted(resourceVersion: number): boolean {
    return resourceVersion < this.compactedRevision;
  }

  /** eventsSince returns the history of one resource after `resourceVersion`. */
  eventsSince(resource: ResourceType, resourceVersion: number): WatchEvent[] {
    return this.history.filter((e) => e.resource === resource && e.resourceVersion > resourceVersion);
  }

  list(resource: ResourceType, namespace?: string): StoredObject[] {
    const all = [...(this.objects.get(resource)?.values() ?? [])];
    return clone(namespace === undefined ? all : all.filter((o) => o.metadata.namespace === namespace));
  }

  get(resource: ResourceType, namespace: string | undefined, name: string): StoredObject {
    const found = this.objects.get(resource)?.get(keyOf(namespace, name));
    if (!found) throw notFound(resource, name);
    return clone(found);
  }

  find(resource: ResourceType, namespace: string | undefined, name: string): StoredObject | undefined {
    const found = this.objects.get(resource)?.get(keyOf(namespace, name));
    return found && clone(found);
  }

  create(resource: ResourceType, namespace: string | undefined, input: StoredObject): StoredObject {
    const object = clone(input);
    const metadata = (object.metadata ??= {});
    if (!metadata.name && metadata.generateName)
      metadata.name = metadata.generateName + randomUUID().slice(0, 5);
    const name = metadata.name;
    if (!name) throw new ApiError(422, 'Invalid', `${resource.kind} "": metadata.name: Required value`);
    if (resource.namespaced && !namespace) throw new ApiError(400, 'BadRequest', 'the namespace is required');
    const objects = this.objectsOf(resource);
    if (objects.has(keyOf(namespace, name))) {
      throw new ApiError(409, 'AlreadyExists', `${resource.resource} "${name}" already exists`);
    }
    object.apiVersion = apiVersionOf(resource);
    object.kind = resource.kind;
    if (resource.statusSubresource) delete object['status'];
    Object.assign(metadata, {
      uid: randomUUID(),
      generation: 1,
      creationTimestamp: nowSeconds(),
      ...(resource.namespaced ? { namespace } : {}),
    });
    if (!resource.namespaced) delete metadata.namespace;
    return this.commit(resource, 'ADDED', object);
  }

  /**
   * update replaces an object (or only its status, `subresource: 'status'`). A resourceVersion in
   * the input must be the current one, else 409 Conflict.
   */
  update(
    resource: ResourceType,
    namespace: string | undefined,
    name: string,
    input: StoredObject,
    subresource?: 'status',
  ): StoredObject {
    const current = this.get(resource, namespace, name);
    const given = input.metadata?.resourceVersion;
    if (given !== undefined && given !== '' && given !== current.metadata.resourceVersion) {
      throw new ApiError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${resource.resource} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      );
    }
    if (input.metadata?.name !== undefined && input.metadata.name !== name) {
      throw new ApiError(400, 'BadRequest', 'the name of the object does not match the name in the URL');
    }
    let next: StoredObject;
    if (subresource === 'status') {
      next = { ...current, status: clone(input['status']) };
      if (input['status'] === undefined) delete next['status'];
    } else {
      next = clone(input);
      next.apiVersion = current.apiVersion;
      next.kind = current.kind;
      next.metadata = {
        ...clone(input.metadata ?? {}),
        name,
        uid: current.metadata.uid,
        creationTimestamp: current.metadata.creationTimestamp,
        generation: current.metadata.generation,
        resourceVersion: current.metadata.resourceVersion,
        ...(resource.namespaced ? { namespace } : {}),
      };
      if (resource.statusSubresource) {
        if (current['status'] === undefined) delete next['status'];
        else next['status'] = current['status'];
      }
      if (specOf(next) !== specOf(current)) next.metadata.generation = (current.metadata.generation ?? 0) + 1;
    }
    if (json(next) === json(current)) return current; // a no-op write keeps the resourceVersion
    return this.commit(resource, 'MODIFIED', next);
  }

  delete(resource: ResourceType, namespace: string | undefined, name: string): StoredObject {
    const current = this.get(resource, namespace, name);
    this.objectsOf(resource).delete(keyOf(namespace, name));
    this.revision += 1;
    current.metadata.resourceVersion = String(this.revision);
    this.record('DELETED', resource, current);
    return current;
  }

  private commit(resource: ResourceType, type: WatchEventType, object: StoredObject): StoredObject {
    this.revision += 1;
    object.metadata.resourceVersion = String(this.revision);
    this.objectsOf(resource).set(keyOf(object.metadata.namespace, object.metadata.name!), clone(object));
    this.record(type, resource, object);
    return clone(object);
  }

  private record(type: WatchEventType, resource: ResourceType, object: StoredObject): void {
    const event: WatchEvent = { type, resourceVersion: this.revision, resource, object: clone(object) };
    this.history.push(event);
    this.events.emit('event', event);
  }

  private objectsOf(resource: ResourceType): Map<string, StoredObject> {
    let objects = this.objects.get(resource);
    if (!objects) {
      objects = new Map();
      this.objects.set(resource, objects);
    }
    return objects;
  }
}

export function notFound(resource: ResourceType, name: string): ApiError {
  const group = resource.group === '' ? '' : `.${resource.group}`;
  return new ApiError(404, 'NotFound', `${resource.resource}${group} "${name}" not found`);
}
