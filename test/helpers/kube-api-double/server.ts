/**
 * A Kubernetes API server double on loopback HTTPS that speaks the protocol @kubernetes/client-node
 * uses: list with a resourceVersion (paged with limit/continue, filtered by labelSelector), chunked watch streams of ADDED/MODIFIED/DELETED from a
 * resourceVersion (410 Gone once compacted), create/get/update/patch/delete, the /status
 * subresource, Status bodies for errors. Test controls drop watches, take the server down and
 * bring it back on the same port, fail every request, and record every request.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { issueCertificates } from '../../../src/tls/authority.js';
import { listPage } from './list.js';
import { applyPatch } from './patch.js';
import { apiVersionOf, findResourceType, type ResourceType } from './resources.js';
import { ApiError, ObjectStore, type StoredObject, type WatchEvent } from './store.js';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly contentType: string | undefined;
  readonly watch: boolean;
  readonly resource: string | undefined;
  readonly subresource: string | undefined;
  readonly namespace: string | undefined;
  readonly name: string | undefined;
  readonly body: unknown;
  /** The bearer token the request carried: tells two clients of one double apart. */
  readonly token: string | undefined;
}

interface Route {
  readonly type: ResourceType;
  readonly namespace: string | undefined;
  readonly name: string | undefined;
  readonly subresource: string | undefined;
}

const MICRO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}(Z|[+-]\d{2}:\d{2})$/;

function statusBody(code: number, reason: string, message: string): object {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

function parseRoute(pathname: string): Route | undefined {
  const parts = pathname.split('/').filter(Boolean);
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 2) [group, version, rest] = ['', parts[1]!, parts.slice(2)];
  else if (parts[0] === 'apis' && parts.length >= 3)
    [group, version, rest] = [parts[1]!, parts[2]!, parts.slice(3)];
  else return undefined;
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const type = findResourceType(group, version, rest[0] ?? '');
  if (!type || rest.length > 3) return undefined;
  return { type, namespace, name: rest[1], subresource: rest[2] };
}

/** Validation a real API server does that clients get wrong (docs/KUBERNETES.md). */
function validate(type: ResourceType, namespace: string | undefined, object: StoredObject): void {
  if (type.kind === 'Lease') {
    const spec = (object['spec'] ?? {}) as Record<string, unknown>;
    for (const field of ['renewTime', 'acquireTime']) {
      const value = spec[field];
      if (value !== undefined && value !== null && (typeof value !== 'string' || !MICRO_TIME.test(value))) {
        throw new ApiError(
          400,
          'BadRequest',
          `Lease in version "v1" cannot be handled as a Lease: spec.${field}: ${JSON.stringify(value)} is not a MicroTime`,
        );
      }
    }
  }
  if (type.kind === 'Event') {
    const involved = (object['involvedObject'] ?? {}) as Record<string, unknown>;
    const involvedNamespace = typeof involved['namespace'] === 'string' ? involved['namespace'] : '';
    const expected = involvedNamespace === '' ? 'default' : involvedNamespace;
    if (namespace !== expected) {
      throw new ApiError(
        422,
        'Invalid',
        `Event "${object.metadata?.name ?? ''}" is invalid: involvedObject.namespace: Invalid value: "${involvedNamespace}": does not match event.namespace`,
      );
    }
  }
}

export interface KubeApiDoubleOptions {
  /** How a watch from a compacted resourceVersion is refused: an ERROR event (as the watch cache does) or HTTP 410. */
  readonly goneAs?: 'event' | 'status';
}

export class KubeApiDouble {
  readonly store = new ObjectStore();
  readonly requests: RecordedRequest[] = [];
  private server: Server | undefined;
  private port = 0;
  private readonly sockets = new Set<Socket>();
  private readonly watches = new Set<ServerResponse>();
  private failing: number | undefined;
  private refusal: ((request: RecordedRequest) => number | undefined) | undefined;

  private constructor(
    readonly ca: string,
    private readonly tls: { cert: string; key: string },
    private readonly options: KubeApiDoubleOptions,
  ) {}

  /** start creates the double and listens on 127.0.0.1 on a free port. */
  static async start(options: KubeApiDoubleOptions = {}): Promise<KubeApiDouble> {
    const issued = await issueCertificates({ dnsNames: ['127.0.0.1', 'localhost'], validityDays: 1 });
    const double = new KubeApiDouble(issued.ca, { cert: issued.cert, key: issued.key }, options);
    await double.listen();
    return double;
  }

  get url(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  /** listen (again) on the port chosen at start. */
  async listen(): Promise<void> {
    if (this.server) return;
    const server = createServer({ ...this.tls, keepAliveTimeout: 1000 }, (req, res) => {
      void this.handle(req, res);
    });
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (address && typeof address === 'object') this.port = address.port;
    this.server = server;
  }

  /** down stops listening and cuts every connection: clients see refused connections. */
  async down(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    this.dropWatches();
    for (const socket of this.sockets) socket.destroy();
    server.closeAllConnections();
    await closed;
  }

  /** dropWatches cuts every open watch connection abruptly, as a network failure would. */
  dropWatches(): void {
    for (const watch of this.watches) watch.socket?.destroy();
    this.watches.clear();
  }

  /** endWatches closes every open watch stream cleanly, as a server-side timeout would. */
  endWatches(): void {
    for (const watch of this.watches) watch.end();
    this.watches.clear();
  }

  /** failWith answers every request with this HTTP code (a Status body) until called with undefined. */
  failWith(code: number | undefined): void {
    this.failing = code;
    if (code !== undefined) this.dropWatches();
  }

  /** refuseWhen answers the requests `refuse` gives a code for with that code (403, 409, …), the others as usual. */
  refuseWhen(refuse: ((request: RecordedRequest) => number | undefined) | undefined): void {
    this.refusal = refuse;
  }

  get openWatches(): number {
    return this.watches.size;
  }

  async close(): Promise<void> {
    await this.down();
  }

  /** requestsTo filters the request log, e.g. `requestsTo('PATCH', 'podpresets', 'status')`. */
  requestsTo(method: string, resource?: string, subresource?: string): RecordedRequest[] {
    return this.requests.filter(
      (r) =>
        r.method === method &&
        (resource === undefined || r.resource === resource) &&
        (subresource === undefined || r.subresource === subresource),
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://double');
    const route = parseRoute(url.pathname);
    const contentType = req.headers['content-type']?.split(';')[0]?.trim();
    const text = await readBody(req);
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      this.requests.push(this.record(req, url, route, contentType, text));
      return send(res, 400, statusBody(400, 'BadRequest', 'the request body is not JSON'));
    }
    const recorded = this.record(req, url, route, contentType, body);
    this.requests.push(recorded);
    const refused = this.refusal?.(recorded);
    if (refused !== undefined)
      return send(
        res,
        refused,
        statusBody(refused, 'Forbidden', 'the API double refuses this request on purpose'),
      );
    if (this.failing !== undefined) {
      return send(
        res,
        this.failing,
        statusBody(this.failing, 'InternalError', 'the API double is failing on purpose'),
      );
    }
    if (!route)
      return send(res, 404, statusBody(404, 'NotFound', 'the server could not find the requested resource'));
    try {
      if (req.method === 'GET' && route.name === undefined && url.searchParams.get('watch') === 'true') {
        return this.watch(route, url.searchParams.get('resourceVersion'), res);
      }
      const [code, answer] = this.dispatch(req.method ?? 'GET', route, url.searchParams, contentType, body);
      send(res, code, answer);
    } catch (error) {
      if (error instanceof ApiError)
        return send(res, error.code, statusBody(error.code, error.reason, error.message));
      const message = error instanceof Error ? error.message : String(error);
      send(res, 500, statusBody(500, 'InternalError', message));
    }
  }

  private record(
    req: IncomingMessage,
    url: URL,
    route: Route | undefined,
    contentType: string | undefined,
    body: unknown,
  ): RecordedRequest {
    return {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      contentType,
      watch: url.searchParams.get('watch') === 'true',
      resource: route?.type.resource,
      subresource: route?.subresource,
      namespace: route?.namespace,
      name: route?.name,
      body,
      token: req.headers.authorization?.replace(/^Bearer /, ''),
    };
  }

  private dispatch(
    method: string,
    route: Route,
    query: URLSearchParams,
    contentType: string | undefined,
    body: unknown,
  ): [number, unknown] {
    const { type, namespace, name, subresource } = route;
    if (subresource !== undefined && !(subresource === 'status' && type.statusSubresource)) {
      throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
    }
    if (type.namespaced && name !== undefined && namespace === undefined) {
      throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
    }
    const store = this.store;
    if (name === undefined) {
      if (method === 'GET') {
        const page = listPage(store.list(type, namespace), query);
        const items = page.items;
        if (!type.custom) for (const item of items) [item.apiVersion, item.kind] = [undefined, undefined];
        return [
          200,
          {
            kind: `${type.kind}List`,
            apiVersion: apiVersionOf(type),
            metadata: {
              resourceVersion: String(store.resourceVersion),
              ...(page.continue === undefined
                ? {}
                : { continue: page.continue, remainingItemCount: page.remainingItemCount }),
            },
            items: items.map((item) => JSON.parse(JSON.stringify(item)) as unknown),
          },
        ];
      }
      if (method === 'POST') {
        const object = asObject(body);
        if (type.namespaced && object.metadata?.namespace && object.metadata.namespace !== namespace) {
          throw new ApiError(
            400,
            'BadRequest',
            'the namespace of the provided object does not match the namespace sent on the request',
          );
        }
        validate(type, namespace, object);
        return [201, store.create(type, namespace, object)];
      }
      throw new ApiError(405, 'MethodNotAllowed', `${method} is not supported on a collection`);
    }
    const status = subresource === 'status' ? 'status' : undefined;
    switch (method) {
      case 'GET':
        return [200, store.get(type, namespace, name)];
      case 'PUT': {
        const object = asObject(body);
        validate(type, namespace, object);
        return [200, store.update(type, namespace, name, object, status)];
      }
      case 'PATCH': {
        const current = store.get(type, namespace, name);
        const patched = applyPatch(type, current, contentType ?? '', body);
        validate(type, namespace, patched);
        return [200, store.update(type, namespace, name, patched, status)];
      }
      case 'DELETE':
        return [200, store.delete(type, namespace, name)];
      default:
        throw new ApiError(405, 'MethodNotAllowed', `${method} is not supported`);
    }
  }

  private watch(route: Route, from: string | null, res: ServerResponse): void {
    const matches = (event: WatchEvent): boolean =>
      event.resource === route.type &&
      (route.namespace === undefined || event.object.metadata.namespace === route.namespace);
    const since = from === null || from === '' || from === '0' ? undefined : Number(from);
    if (since !== undefined && this.store.isCompacted(since)) {
      const gone = statusBody(
        410,
        'Expired',
        `too old resource version: ${since} (${this.store.resourceVersion})`,
      );
      if (this.options.goneAs === 'status') return send(res, 410, gone);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(`${JSON.stringify({ type: 'ERROR', object: gone })}\n`);
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    // A real API server sends the headers at once: the client's watch() resolves on them.
    res.flushHeaders();
    const write = (type: string, object: StoredObject): void => {
      if (!res.writableEnded) res.write(`${JSON.stringify({ type, object })}\n`);
    };
    if (since === undefined) {
      for (const object of this.store.list(route.type, route.namespace)) write('ADDED', object);
    } else {
      for (const event of this.store.eventsSince(route.type, since))
        if (matches(event)) write(event.type, event.object);
    }
    const listener = (event: WatchEvent): void => {
      if (matches(event)) write(event.type, event.object);
    };
    this.store.events.on('event', listener);
    this.watches.add(res);
    res.on('close', () => {
      this.store.events.off('event', listener);
      this.watches.delete(res);
    });
  }
}

function asObject(body: unknown): StoredObject {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ApiError(400, 'BadRequest', 'the request body must be an object');
  }
  return body as StoredObject;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}
