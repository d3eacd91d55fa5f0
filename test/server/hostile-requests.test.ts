/**
 * Requests as an attacker sends them (docs/hostile-input.md): bytes in flight past the cap are
 * answered 429 at once while probes still answer, a connection that never starts its TLS
 * handshake is closed, and a huge name from the input does not make a huge log line.
 */
import { connect as netConnect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MAX_IN_FLIGHT_BYTES } from '../../src/server/in-flight.js';
import { BODY_LIMIT } from '../../src/server/read-body.js';
import { aReview, type ReviewAnswer } from '../helpers/admission.js';
import { aPod, aPreset, catalogOf } from '../helpers/builders.js';
import { postJson, send } from '../helpers/https-client.js';
import { rawClient, type RawClient } from '../helpers/raw-client.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    catalog: catalogOf(aPreset('env', { selector: {}, env: [{ name: 'A', value: '1' }] })),
    timeouts: { handshakeMs: 300 },
  });
});
afterAll(() => server.close());

/** A /mutate body of exactly `size` bytes: a review whose pod carries padding in an annotation. */
function reviewOfSize(size: number): string {
  const review = aReview(aPod({ annotations: { pad: '' } }));
  const text = JSON.stringify(review);
  return text.replace('"pad":""', `"pad":"${'x'.repeat(size - text.length)}"`);
}

const postText = (body: string) =>
  send(server, { method: 'POST', path: '/mutate', headers: { 'Content-Type': 'application/json' }, body });

describe('bytes in flight', () => {
  it('past the cap a request is answered 429 before its body is read; probes still answer; freed bytes are usable again', async () => {
    const holders = Math.floor(MAX_IN_FLIGHT_BYTES / BODY_LIMIT);
    const held: RawClient[] = [];
    try {
      // Each holder declares a full-size body, is told to go on (so its request is being read),
      // and then stalls: together they hold all but less than one body's worth of the cap.
      for (let i = 0; i < holders; i++) {
        const client = await rawClient(
          server,
          `POST /mutate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${BODY_LIMIT}\r\nExpect: 100-continue\r\n\r\n`,
        );
        await vi.waitFor(() => expect(client.received()).toMatch(/^HTTP\/1\.1 100 Continue/));
        held.push(client);
      }
      const body = reviewOfSize(BODY_LIMIT - 1024);
      const refused = await postText(body);
      expect(refused.status).toBe(429);
      expect(refused.headers['retry-after']).toBe('1');
      expect(refused.json<{ error: string }>().error).toMatch(/^too many request bytes in flight/);
      expect((await send(server, { path: '/healthz' })).status).toBe(200);
      // A small review still fits beside them.
      expect((await postJson(server, '/mutate', aReview(aPod()))).status).toBe(200);

      for (const client of held) client.socket.destroy();
      await vi.waitFor(
        async () => {
          const answer = await postText(body);
          expect(answer.status).toBe(200);
          expect(answer.json<ReviewAnswer>().response.allowed).toBe(true);
        },
        { timeout: 5000, interval: 100 },
      );
    } finally {
      for (const client of held) client.socket.destroy();
    }
  });
});

describe('connections', () => {
  it('a TCP connection that never starts the TLS handshake is closed at the handshake timeout', async () => {
    const socket = netConnect({ host: '127.0.0.1', port: server.port });
    socket.on('error', () => undefined);
    await new Promise<void>((resolve) => socket.once('close', () => resolve()));
  });
});

describe('log fields from input', () => {
  it('a 2.9 MB pod name does not make a 2.9 MB decision line', async () => {
    const pod = aPod();
    pod.metadata!.name = 'a'.repeat(2_900_000);
    expect((await postJson(server, '/mutate', aReview(pod))).status).toBe(200);
    await server.settled();
    const line = server.log
      .text()
      .split('\n')
      .find((l) => l.includes('"admission decision"') && l.includes('"aaaa'));
    expect(line).toBeDefined();
    expect(line!.length).toBeLessThan(4096);
    expect(JSON.parse(line!)).toMatchObject({
      name: expect.stringMatching(/^a{512}… \(2900000 characters, truncated\)$/) as unknown,
    });
  });
});
