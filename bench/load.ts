/**
 * Load as an API server produces it: HTTP/1.1 keep-alive over TLS, one request in flight per
 * connection. Two modes: closed loop for throughput, and an open-loop fixed rate for latency,
 * timed from each request's scheduled start so that a slow answer cannot hide the requests
 * queued behind it (coordinated omission). At a fixed rate the pool behaves like the API
 * server's transport (Go's http.Transport with 25 idle connections per host): a request due
 * while every pooled connection is busy opens a new TLS connection, which is closed after its
 * answer when the pool already holds 25 idle ones.
 *
 * The client is a few lines over `node:tls`, not `https.request`: on two cores it shares the
 * machine with the server under test, and https.request spent ~42 µs per review, nearly a core
 * at the floor's rate, so the floor measured the client as much as itself. This one spends
 * ~25 µs and stays well below a core for both servers (docs/performance.md).
 */
import { request as httpsRequest } from 'node:https';
import { connect, type TLSSocket } from 'node:tls';

export interface Target {
  readonly port: number;
  readonly ca: string;
  readonly path: string;
}

export interface LoadResult {
  readonly requests: number;
  readonly errors: number;
  readonly seconds: number;
  /** Latencies in milliseconds, sorted. */
  readonly latencies: Float64Array;
}

export const percentile = (sorted: Float64Array, p: number): number =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

export const throughput = (result: LoadResult): number => result.requests / result.seconds;

const HEADER_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\r\ncontent-length: *(\d+)/i;

/** requestBytes is one whole POST, head and body, written with one call. */
const requestBytes = (path: string, body: Buffer): Buffer =>
  Buffer.concat([
    Buffer.from(
      `POST ${path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
    ),
    body,
  ]);

/**
 * One keep-alive connection. An answer counts when it is a 200 with a Content-Length body that
 * allows the request; anything else (another status, no length, a reset) is an error, and a
 * broken connection fails every later request on it.
 */
class Connection {
  private readonly socket: TLSSocket;
  private received: Buffer = Buffer.alloc(0);
  private waiting: ((ok: boolean) => void) | undefined;
  private broken = false;
  readonly ready: Promise<void>;

  constructor(target: Target) {
    this.socket = connect({ host: '127.0.0.1', port: target.port, ca: target.ca, servername: 'localhost' });
    this.socket.setNoDelay(true);
    this.ready = new Promise((resolve, reject) => {
      this.socket.once('secureConnect', () => resolve());
      this.socket.once('error', reject);
    });
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    const fail = (): void => {
      this.broken = true;
      this.answer(false);
    };
    this.socket.on('error', fail);
    this.socket.on('close', fail);
  }

  send(request: Buffer): Promise<boolean> {
    if (this.broken) return Promise.resolve(false);
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.socket.write(request);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.received = this.received.length === 0 ? chunk : Buffer.concat([this.received, chunk]);
    const headEnd = this.received.indexOf(HEADER_END);
    if (headEnd < 0) return;
    const head = this.received.toString('latin1', 0, headEnd);
    const length = CONTENT_LENGTH.exec(head)?.[1];
    if (length === undefined) {
      this.broken = true;
      this.socket.destroy();
      return this.answer(false);
    }
    const end = headEnd + HEADER_END.length + Number(length);
    if (this.received.length < end) return;
    const body = this.received.toString('utf8', headEnd + HEADER_END.length, end);
    this.received = this.received.subarray(end);
    this.answer(head.startsWith('HTTP/1.1 200 ') && body.includes('"allowed":true'));
  }

  private answer(ok: boolean): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.(ok);
  }
}

async function open(target: Target, connections: number): Promise<Connection[]> {
  const opened = Array.from({ length: connections }, () => new Connection(target));
  await Promise.all(opened.map((c) => c.ready));
  return opened;
}

/** finish closes the run's connections and summarises it. */
function finish(opened: Connection[], start: number, latencies: number[], errors: number): LoadResult {
  const seconds = (performance.now() - start) / 1000;
  for (const connection of opened) connection.close();
  return { requests: latencies.length, errors, seconds, latencies: Float64Array.from(latencies).sort() };
}

/** closedLoop keeps `connections` requests in flight for `seconds` and counts answers. */
export async function closedLoop(
  target: Target,
  bodies: readonly Buffer[],
  connections: number,
  seconds: number,
): Promise<LoadResult> {
  const requests = bodies.map((body) => requestBytes(target.path, body));
  const opened = await open(target, connections);
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const start = performance.now();
  const deadline = start + seconds * 1000;
  const worker = async (connection: Connection): Promise<void> => {
    while (performance.now() < deadline) {
      const sent = performance.now();
      if (await connection.send(requests[next++ % requests.length]!))
        latencies.push(performance.now() - sent);
      else errors++;
    }
  };
  await Promise.all(opened.map(worker));
  return finish(opened, start, latencies, errors);
}

/** fixedRate starts `rate` requests per second for `seconds`, keeping up to `pooled` idle connections. */
export async function fixedRate(
  target: Target,
  bodies: readonly Buffer[],
  pooled: number,
  rate: number,
  seconds: number,
): Promise<LoadResult & { readonly extraConnections: number }> {
  const requests = bodies.map((body) => requestBytes(target.path, body));
  const opened = await open(target, pooled);
  const idle = [...opened];
  let extraConnections = 0;
  const acquire = async (): Promise<Connection> => {
    const pooledConnection = idle.pop();
    if (pooledConnection) return pooledConnection;
    extraConnections++;
    const connection = new Connection(target);
    opened.push(connection);
    await connection.ready;
    return connection;
  };
  const release = (connection: Connection): void => {
    if (idle.length < pooled) idle.push(connection);
    else connection.close();
  };

  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const latencies: number[] = [];
  let errors = 0;
  const pending: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    // Sleep until just before the request is due; the event loop stays free for answers meanwhile.
    while (performance.now() < due)
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now() - 0.5)));
    const request = requests[i % requests.length]!;
    pending.push(
      acquire().then(
        async (connection) => {
          const ok = await connection.send(request);
          release(connection);
          if (ok) latencies.push(performance.now() - due);
          else errors++;
        },
        () => void errors++,
      ),
    );
  }
  await Promise.all(pending);
  return { ...finish(opened, start, latencies, errors), extraConnections };
}

/** answerBody sends one request and resolves with the answer's body, for the same-size floor. */
export function answerBody(target: Target, body: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port: target.port,
        path: target.path,
        method: 'POST',
        ca: target.ca,
        servername: 'localhost',
        headers: { 'content-type': 'application/json', 'content-length': body.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
