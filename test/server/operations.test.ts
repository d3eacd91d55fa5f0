/** What operators see: one log line per decision without values, metrics, probes, observers outside dryRun. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdmissionObserver } from '../../src/admission/observer.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { aReview, decodePatch, type ReviewAnswer, uidOf } from '../helpers/admission.js';
import { aPod, aPreset, catalogOf } from '../helpers/builders.js';
import { postJson, send } from '../helpers/https-client.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { REPO_ROOT } from '../helpers/conformance.js';

const SECRET_PRESET_VALUE = 'preset-value-9f3a1c';
const SECRET_POD_VALUE = 'pod-value-51be7d';
const catalog = catalogOf(
  aPreset('db', {
    selector: { matchLabels: { app: 'web' } },
    env: [{ name: 'DB_PASSWORD', value: SECRET_PRESET_VALUE }],
  }),
  aPreset('cache', { selector: { matchLabels: { app: 'web' } }, env: [{ name: 'CACHE', value: 'x' }] }),
);
const observed: { uid: string; outcome: string }[] = [];
const observer: AdmissionObserver = {
  observe: (request, decision) => observed.push({ uid: request.uid, outcome: decision.evaluation.outcome }),
};

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ catalog, observers: [observer] });
});
afterAll(() => server.close());

const podWith = (value: string, extra: Record<string, unknown> = {}) => {
  const pod = aPod({
    spec: { containers: [{ name: 'app', image: 'i', env: [{ name: 'DB_PASSWORD', value }] }] },
  });
  return { ...pod, metadata: { ...pod.metadata, ...extra } };
};

describe('decision log', () => {
  it('one line per decision with who, what and the outcome, and no env value anywhere', async () => {
    const mutated = aReview(aPod());
    const conflicting = aReview(podWith(SECRET_POD_VALUE, { name: undefined, generateName: 'web-7d9-' }));
    expect(
      decodePatch((await postJson(server, '/mutate', mutated)).json<ReviewAnswer>().response).length,
    ).toBeGreaterThan(0);
    const conflict = (await postJson(server, '/mutate', conflicting)).json<ReviewAnswer>().response;
    expect(conflict.warnings).toEqual([
      'podpreset: PodPreset "db" conflicts with the pod on env var "DB_PASSWORD" in container "app"; no preset was applied',
    ]);

    await server.settled();
    const decisions = server.log.lines().filter((l) => l['msg'] === 'admission decision');
    const first = decisions.filter((l) => l['uid'] === uidOf(mutated));
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({
      level: 30,
      namespace: 'default',
      name: 'app',
      kind: 'Pod',
      operation: 'CREATE',
      dryRun: false,
      outcome: 'mutated',
      presets: ['PodPreset/cache', 'PodPreset/db'],
    });
    expect(first[0]).not.toHaveProperty('reason');
    expect(first[0]).not.toHaveProperty('conflicts');
    expect(typeof first[0]!['durationMs']).toBe('number');
    const second = decisions.filter((l) => l['uid'] === uidOf(conflicting));
    expect(second).toHaveLength(1);
    expect(second[0]).toMatchObject({ level: 40, name: 'web-7d9-', outcome: 'conflict' });
    expect(second[0]).not.toHaveProperty('presets');
    expect(second[0]!['reason']).toMatch(/^1 conflict: no preset applied/);
    expect(second[0]!['conflicts']).toEqual([
      'PodPreset "db" conflicts with the pod on env var "DB_PASSWORD" in container "app" (abort)',
    ]);

    const everything = server.log.text();
    expect(everything).not.toContain(SECRET_PRESET_VALUE);
    expect(everything).not.toContain(SECRET_POD_VALUE);
  });
});

describe('observers', () => {
  it('are told about every decision except dryRun ones', async () => {
    const real = aReview(aPod());
    const dry = aReview(aPod(), { dryRun: true });
    await postJson(server, '/mutate', real);
    const dryAnswer = (await postJson(server, '/mutate', dry)).json<ReviewAnswer>();
    expect(decodePatch(dryAnswer.response).length).toBeGreaterThan(0);
    await server.settled();
    expect(observed.filter((o) => o.uid === uidOf(real))).toEqual([{ uid: uidOf(real), outcome: 'mutated' }]);
    expect(observed.filter((o) => o.uid === uidOf(dry))).toEqual([]);
  });
});

describe('an observer that throws', () => {
  it('leaves the answer as it was and is logged once, after it', async () => {
    const broken = await startTestServer({
      catalog,
      observers: [
        {
          observe: () => {
            throw new Error('observer broke');
          },
        },
      ],
    });
    try {
      const review = aReview(aPod());
      const answer = await postJson(broken, '/mutate', review);
      expect(answer.status).toBe(200);
      expect(decodePatch(answer.json<ReviewAnswer>().response).length).toBeGreaterThan(0);
      await broken.settled();
      const lines = broken.log.lines();
      const failed = lines.findIndex((l) => l['msg'] === 'error after the answer was sent');
      expect(lines[failed]).toMatchObject({
        level: 50,
        endpoint: 'mutate',
        err: { message: 'observer broke' },
      });
      expect(lines.filter((l) => l['msg'] === 'error after the answer was sent')).toHaveLength(1);
      // The decision is logged and counted first: observers run last, as before.
      const decided = lines.findIndex((l) => l['uid'] === uidOf(review));
      expect(lines[decided]).toMatchObject({ outcome: 'mutated' });
      expect(decided).toBeLessThan(failed);
    } finally {
      await broken.close();
    }
  });
});

describe('metrics', () => {
  it('/metrics has requests by outcome, latency, conflicts by field and resolution', async () => {
    await postJson(server, '/mutate', aReview(podWith('v')));
    await server.settled();
    const answer = await send(server, { path: '/metrics' });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(answer.text).toMatch(
      /podpreset_admission_requests_total\{endpoint="mutate",outcome="mutated"\} [1-9]/,
    );
    expect(answer.text).toMatch(
      /podpreset_admission_requests_total\{endpoint="mutate",outcome="conflict"\} [1-9]/,
    );
    expect(answer.text).toMatch(/podpreset_admission_duration_seconds_count\{endpoint="mutate"\} [1-9]/);
    expect(answer.text).toMatch(/podpreset_conflicts_total\{field="env",resolution="abort"\} [1-9]/);
  });

  it('/metrics also has the standard Node process metrics under their usual names, and podpreset_build_info', async () => {
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };
    const withProcess = await startTestServer({ catalog, metrics: createMetrics() });
    try {
      const { text } = await send(withProcess, { path: '/metrics' });
      for (const name of [
        'process_cpu_user_seconds_total',
        'process_resident_memory_bytes',
        'process_start_time_seconds',
        'nodejs_eventloop_lag_seconds',
        'nodejs_heap_size_used_bytes',
        'nodejs_gc_duration_seconds',
      ]) {
        expect(text).toMatch(new RegExp(`^# TYPE ${name} `, 'm'));
      }
      expect(text).toContain(
        `podpreset_build_info{version="${version}",node_version="${process.version}"} 1`,
      );
      expect(text).toMatch(/^# TYPE podpreset_admission_requests_total counter/m);
      // One name per metric: the process metrics are not exported a second time under podpreset_.
      expect(text).not.toMatch(/^podpreset_(process|nodejs)_/m);
    } finally {
      await withProcess.close();
    }
  });

  it('probes and /metrics are neither logged nor counted', async () => {
    const before = server.log.lines().length;
    for (const path of ['/healthz', '/readyz', '/metrics']) await send(server, { path });
    expect(server.log.lines().length).toBe(before);
  });
});

describe('probes', () => {
  it('/healthz and /readyz are 200 while serving; /readyz is 503 while shutting down', async () => {
    expect((await send(server, { path: '/healthz' })).status).toBe(200);
    expect((await send(server, { path: '/readyz' })).text).toBe('ok\n');
    server.shuttingDown = true;
    try {
      const ready = await send(server, { path: '/readyz' });
      expect(ready.status).toBe(503);
      expect(ready.text).toBe('shutting down\n');
      expect(ready.headers['connection']).toBe('close');
      expect((await send(server, { path: '/healthz' })).status).toBe(200);
    } finally {
      server.shuttingDown = false;
    }
  });
});
