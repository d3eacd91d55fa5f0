/**
 * Load as an API server produces it: HTTP/1.1 keep-alive over TLS, at most 25 pooled
 * connections (KUBERNETES-NOTES). Two modes: closed loop for throughput, and an open-loop fixed
 * rate for latency, timed from each request's scheduled start so that a slow answer cannot hide
 * the requests queued behind it (coordinated omission).
 */
import { Agent, request } from 'node:https';

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

function send(agent: Agent, target: Target, body: Buffer): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: target.port,
        path: target.path,
        method: 'POST',
        agent,
        ca: target.ca,
        servername: 'localhost',
        headers: { 'content-type': 'application/json', 'content-length': body.length },
      },
      (res) => {
        const ok = res.statusCode === 200;
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        // The client must not be the bottleneck: on two cores it shares the machine with the
        // server, so it checks the answer allows the request without decoding all of it.
        res.on('end', () => resolve(ok && body.includes('"allowed":true')));
      },
    );
    req.on('error', () => resolve(false));
    req.end(body);
  });
}

const newAgent = (connections: number): Agent =>
  new Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });

/** finish closes the run's connections and summarises it. */
function finish(agent: Agent, start: number, latencies: number[], errors: number): LoadResult {
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  return { requests: latencies.length, errors, seconds, latencies: Float64Array.from(latencies).sort() };
}

/** closedLoop keeps `connections` requests in flight for `seconds` and counts answers. */
export async function closedLoop(
  target: Target,
  bodies: readonly Buffer[],
  connections: number,
  seconds: number,
): Promise<LoadResult> {
  const agent = newAgent(connections);
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const start = performance.now();
  const deadline = start + seconds * 1000;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const sent = performance.now();
      if (await send(agent, target, bodies[next++ % bodies.length]!))
        latencies.push(performance.now() - sent);
      else errors++;
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  return finish(agent, start, latencies, errors);
}

/** fixedRate starts `rate` requests per second for `seconds`, on up to `connections` connections. */
export async function fixedRate(
  target: Target,
  bodies: readonly Buffer[],
  connections: number,
  rate: number,
  seconds: number,
): Promise<LoadResult> {
  const agent = newAgent(connections);
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
    pending.push(
      send(agent, target, bodies[i % bodies.length]!).then((ok) => {
        if (ok) latencies.push(performance.now() - due);
        else errors++;
      }),
    );
  }
  await Promise.all(pending);
  return finish(agent, start, latencies, errors);
}
