/**
 * docs/SPEC.md §5 at the HTTP boundary: malformed requests get a 4xx that says what is wrong, large
 * bodies 413, stalled clients are cut off without starving others, an unexpected error still
 * answers the uid, and hundreds of concurrent reviews are all answered.
 */
import { Agent } from 'node:https';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PresetCatalog } from '../../src/core/catalog.js';
import type { PresetSource } from '../../src/presets/source.js';
import { aReview, decodePatch, type ReviewAnswer, uidOf } from '../helpers/admission.js';
import { aPod, aPreset, catalogOf } from '../helpers/builders.js';
import { postJson, send } from '../helpers/https-client.js';
import { rawClient } from '../helpers/raw-client.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

const preset = aPreset('web-env', {
  selector: { matchLabels: { app: 'web' } },
  env: [{ name: 'A', value: '1' }],
});
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    catalog: catalogOf(preset),
    timeouts: { headersMs: 300, requestMs: 600, checkIntervalMs: 50 },
  });
});
afterAll(() => server.close());

const post = (path: string, body: string | Buffer | undefined, contentType?: string) =>
  send(server, {
    method: 'POST',
    path,
    headers: contentType ? { 'Content-Type': contentType } : {},
    ...(body === undefined ? {} : { body }),
  });

describe('malformed requests to /mutate and /validate', () => {
  it.each([
    { name: 'empty body', body: '', type: 'application/json', status: 400, error: 'request body is empty' },
    {
      name: 'no body, no type',
      body: undefined,
      type: undefined,
      status: 400,
      error: 'request body is empty',
    },
    {
      name: 'not JSON',
      body: '{"apiVersion":',
      type: 'application/json',
      status: 400,
      error: 'not valid JSON',
    },
    { name: 'wrong content type', body: '{}', type: 'text/plain', status: 415, error: 'application/json' },
    {
      name: 'another charset',
      body: '{}',
      type: 'application/json; charset=iso-8859-1',
      status: 415,
      error: 'Content-Type declares a charset other than UTF-8: send the body as UTF-8',
    },
    {
      name: 'a JSON array',
      body: '[]',
      type: 'application/json',
      status: 400,
      error: 'JSON AdmissionReview object',
    },
    {
      name: 'a JSON string',
      body: '"x"',
      type: 'application/json',
      status: 400,
      error: 'request body is not an AdmissionReview: expected a JSON object, found a string',
    },
    {
      name: 'a JSON number',
      body: ' 42 ',
      type: 'application/json',
      status: 400,
      error: 'request body is not an AdmissionReview: expected a JSON object, found a number',
    },
    {
      name: 'a JSON null',
      body: 'null',
      type: 'application/json',
      status: 400,
      error: 'request body is not an AdmissionReview: expected a JSON object, found null',
    },
    {
      name: 'a word',
      body: 'hello',
      type: 'application/json',
      status: 400,
      error: 'request body is not valid JSON',
    },
    {
      name: 'no request',
      body: JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' }),
      type: 'application/json',
      status: 400,
      error: 'AdmissionReview has no request',
    },
    {
      name: 'no uid',
      body: JSON.stringify({
        apiVersion: 'admission.k8s.io/v1',
        kind: 'AdmissionReview',
        request: { operation: 'CREATE' },
      }),
      type: 'application/json',
      status: 400,
      error: 'request.uid is required',
    },
    {
      name: 'wrong kind',
      body: JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'Pod', request: { uid: 'u' } }),
      type: 'application/json',
      status: 400,
      error: 'kind must be AdmissionReview',
    },
    {
      name: 'wrong apiVersion',
      body: JSON.stringify({
        apiVersion: 'admission.k8s.io/v2',
        kind: 'AdmissionReview',
        request: { uid: 'u' },
      }),
      type: 'application/json',
      status: 400,
      error: 'apiVersion must be one of admission.k8s.io/v1, admission.k8s.io/v1beta1',
    },
    {
      name: 'a kind that is not a name, never quoted back',
      body: JSON.stringify({
        apiVersion: 'admission.k8s.io/v1',
        kind: { token: 'hunter2-SECRET' },
        request: { uid: 'u' },
      }),
      type: 'application/json',
      status: 400,
      error: 'kind must be AdmissionReview, not an object',
    },
    {
      name: 'a namespace that is not a string',
      body: JSON.stringify({
        apiVersion: 'admission.k8s.io/v1',
        kind: 'AdmissionReview',
        request: { uid: 'u', namespace: { a: { b: { c: { value: 'hunter2-SECRET' } } } } },
      }),
      type: 'application/json',
      status: 400,
      error: 'request.namespace must be a string, not an object',
    },
    {
      name: 'an operation that is not a string',
      body: JSON.stringify({
        apiVersion: 'admission.k8s.io/v1',
        kind: 'AdmissionReview',
        request: { uid: 'u', operation: ['CREATE'] },
      }),
      type: 'application/json',
      status: 400,
      error: 'request.operation must be a string, not an array',
    },
    {
      name: 'a kind whose kind is not a string',
      body: JSON.stringify({
        apiVersion: 'admission.k8s.io/v1',
        kind: 'AdmissionReview',
        request: { uid: 'u', kind: { group: '', version: 'v1', kind: { a: 1 } } },
      }),
      type: 'application/json',
      status: 400,
      error: 'request.kind.kind must be a string, not an object',
    },
  ])('$name → $status with a message', async ({ body, type, status, error }) => {
    for (const path of ['/mutate', '/validate']) {
      const answer = await post(path, body, type);
      expect(answer.status).toBe(status);
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
      expect(answer.json<{ error: string }>().error).toContain(error);
      expect(JSON.stringify(answer.json())).not.toContain('hunter2');
    }
  });

  it('a review declared as US-ASCII, a part of UTF-8, is answered as /preview answers it', async () => {
    const review = aReview(aPod({ labels: { app: 'web' } }));
    const answer = await post('/mutate', JSON.stringify(review), 'application/json; charset=us-ascii');
    expect(answer.status).toBe(200);
    expect(answer.json<ReviewAnswer>().response.uid).toBe(uidOf(review));
  });

  it('a body over 3 MiB is 413', async () => {
    const review = aReview({ ...aPod(), padding: 'x'.repeat(3 * 1024 * 1024) });
    const answer = await postJson(server, '/mutate', review);
    expect(answer.status).toBe(413);
    expect(answer.json<{ error: string }>().error).toBe('request body is larger than 3 MiB');
  });

  it('a 20 MB body is 413 and the server still answers afterwards', async () => {
    const answer = await post('/mutate', Buffer.alloc(20 * 1024 * 1024, 0x20), 'application/json');
    expect(answer.status).toBe(413);
    const after = await postJson(server, '/mutate', aReview(aPod()));
    expect(after.status).toBe(200);
    expect(decodePatch(after.json<ReviewAnswer>().response)).toHaveLength(2); // env + annotation
  });

  it('unknown paths and methods are a JSON 404', async () => {
    for (const [method, path] of [
      ['GET', '/mutate'],
      ['POST', '/nothing'],
    ] as const) {
      const answer = await send(server, { method, path });
      expect(answer.status).toBe(404);
      expect(answer.json<{ error: string }>().error).toBe(`no route for ${method} ${path}`);
    }
  });

  it('rejections are counted and logged, without the body', async () => {
    await post('/mutate', '{"secret-ish": "SENSITIVE_BODY_VALUE"', 'application/json');
    const metrics = await server.metrics.registry.getSingleMetricAsString(
      'podpreset_admission_requests_total',
    );
    expect(metrics).toMatch(/endpoint="mutate",outcome="rejected"\} [1-9]/);
    expect(server.log.lines().some((l) => l['msg'] === 'request rejected' && l['status'] === 400)).toBe(true);
    expect(server.log.text()).not.toContain('SENSITIVE_BODY_VALUE');
  });
});

describe('malformed JSON is described, never quoted', () => {
  // V8's own message for these quotes the body: `Unexpected token 'h', "{"password": hunter2}" ...`
  it.each([
    { name: 'a bare word where a value goes', body: '{"password": Xy9-hunter2-TOPSECRET}' },
    { name: 'a bare word', body: 'Xy9-hunter2-TOPSECRET' },
    { name: 'a word after the object', body: '{"a": 1} Xy9-hunter2-TOPSECRET' },
    { name: 'a bad escape', body: '{"a": "Xy9-hunter2\\qTOPSECRET"}' },
  ])('$name: 400, and neither the answer nor the log holds the value', async ({ body }) => {
    for (const path of ['/mutate', '/validate']) {
      const answer = await post(path, body, 'application/json');
      expect(answer.status).toBe(400);
      expect(answer.json<{ error: string }>().error).toMatch(/^request body is not valid JSON/);
      expect(answer.text).not.toContain('hunter2');
    }
    expect(server.log.text()).not.toContain('hunter2');
  });
});

describe('slow and stalled clients', () => {
  it('a client that stops halfway through its headers is cut off while others are served', async () => {
    const stalled = await rawClient(server, 'POST /mutate HTTP/1.1\r\nHost: localhost\r\nContent-Type: app');
    const others = await Promise.all(
      Array.from({ length: 5 }, () => postJson(server, '/mutate', aReview(aPod()))),
    );
    for (const answer of others) expect(answer.status).toBe(200);

    await vi.waitFor(() => expect(stalled.closed()).toBe(true), { timeout: 5000, interval: 50 });
    expect(stalled.received()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('a client that sends headers but stalls in the body is cut off at the request timeout', async () => {
    const stalled = await rawClient(
      server,
      'POST /mutate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"api',
    );
    await vi.waitFor(() => expect(stalled.closed()).toBe(true), { timeout: 5000, interval: 50 });
    expect((await send(server, { path: '/healthz' })).status).toBe(200);
  });
});

describe('load', () => {
  it('300 concurrent reviews over a keep-alive pool are all answered, each for its own uid', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 50, ca: server.ca });
    try {
      const reviews = Array.from({ length: 300 }, (_, i) =>
        aReview(aPod({ labels: i % 2 === 0 ? { app: 'web' } : { app: 'other' } })),
      );
      const answers = await Promise.all(reviews.map((review) => postJson(server, '/mutate', review, agent)));
      answers.forEach((answer, i) => {
        expect(answer.status).toBe(200);
        const { response } = answer.json<ReviewAnswer>();
        expect(response.uid).toBe(uidOf(reviews[i]!));
        expect(decodePatch(response)).toHaveLength(i % 2 === 0 ? 2 : 0); // env + annotation, or nothing
      });
    } finally {
      agent.destroy();
    }
  });

  it('the keep-alive idle timeout is above the API server 90 s', () => {
    expect(server.running.server.keepAliveTimeout).toBeGreaterThan(90_000);
  });
});

describe('an unexpected error inside the handler', () => {
  it('still answers an AdmissionReview for that uid, allowed, with a warning, and keeps serving', async () => {
    const broken: PresetSource = {
      get catalog(): PresetCatalog {
        throw new Error('catalog exploded');
      },
      isReady: () => true,
      start: async () => {},
      stop: async () => {},
    };
    const failing = await startTestServer({ presets: broken });
    try {
      const review = aReview(aPod(), { apiVersion: 'admission.k8s.io/v1beta1' });
      const answer = await postJson(failing, '/mutate', review);
      expect(answer.status).toBe(200);
      const body = answer.json<ReviewAnswer>();
      expect(body.apiVersion).toBe('admission.k8s.io/v1beta1');
      expect(body.response).toEqual({
        uid: uidOf(review),
        allowed: true,
        warnings: ['podpreset: internal error; the pod was admitted without presets'],
      });
      const logged = failing.log.lines().find((l) => l['outcome'] === 'error');
      expect(logged).toMatchObject({ level: 50, uid: uidOf(review) });
      expect(JSON.stringify(logged)).toContain('catalog exploded');
      expect((await send(failing, { path: '/healthz' })).status).toBe(200);
      expect((await postJson(failing, '/mutate', aReview(aPod()))).status).toBe(200);
    } finally {
      await failing.close();
    }
  });

  it('before presets are loaded a Pod is admitted unchanged with a warning, and /readyz is 503', async () => {
    const loading: PresetSource = {
      catalog: catalogOf(preset),
      isReady: () => false,
      start: async () => {},
      stop: async () => {},
    };
    const early = await startTestServer({ presets: loading });
    try {
      const answer = (await postJson(early, '/mutate', aReview(aPod()))).json<ReviewAnswer>();
      expect(answer.response.patch).toBeUndefined();
      expect(answer.response.warnings).toEqual([
        'podpreset: presets not loaded yet; the pod was admitted without presets',
      ]);
      const ready = await send(early, { path: '/readyz' });
      expect(ready.status).toBe(503);
      expect(ready.text).toBe('presets not loaded yet\n');
    } finally {
      await early.close();
    }
  });
});
