/**
 * POST /validate in cluster mode: a preset that would overlap-conflict with an existing one is
 * allowed with a warning naming the other preset, the key and the Pods that would get nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/core/types.js';
import { aReview, type ReviewAnswer } from '../helpers/admission.js';
import { aPreset, catalogOf } from '../helpers/builders.js';
import { postJson } from '../helpers/https-client.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

const existing = () =>
  catalogOf(
    aPreset('logging', {
      selector: { matchLabels: { app: 'web' } },
      env: [{ name: 'LOG_LEVEL', value: 'info' }],
    }),
  );
const review = (preset: JsonObject, operation = 'CREATE') =>
  aReview(preset, { group: 'podpreset.dev', kind: 'PodPreset', resource: 'podpresets', operation });

let cluster: TestServer;
let files: TestServer;
beforeAll(async () => {
  cluster = await startTestServer({ catalog: existing(), overlapWarnings: true });
  files = await startTestServer({ catalog: existing() });
});
afterAll(async () => {
  await cluster.close();
  await files.close();
});

async function validate(
  server: TestServer,
  body: Record<string, unknown>,
): Promise<ReviewAnswer['response']> {
  const answer = await postJson(server, '/validate', body);
  expect(answer.status).toBe(200);
  return answer.json<ReviewAnswer>().response;
}

const debug = aPreset('debug', {
  selector: { matchExpressions: [{ key: 'tier', operator: 'Exists' }] },
  env: [{ name: 'LOG_LEVEL', value: 'debug' }],
});

describe('overlap warnings from /validate', () => {
  it('allows an overlapping preset with a warning naming the other preset, the key and the Pods', async () => {
    const response = await validate(cluster, review(debug));
    expect(response.allowed).toBe(true);
    expect(response.warnings).toHaveLength(1);
    const [warning] = response.warnings!;
    expect(warning).toContain('PodPreset default/logging');
    expect(warning).toContain('"LOG_LEVEL"');
    expect(warning).toContain(
      'Pods with labels tier=example,app=web in namespace "default" would get no presets at all',
    );
  });

  it('says nothing for a disjoint selector, an agreeing value, or an update of the same preset', async () => {
    const disjoint = aPreset('api', {
      selector: { matchLabels: { app: 'api' } },
      env: [{ name: 'LOG_LEVEL', value: 'debug' }],
    });
    const agreeing = aPreset('same', { env: [{ name: 'LOG_LEVEL', value: 'info' }] });
    const update = aPreset('logging', { env: [{ name: 'LOG_LEVEL', value: 'warn' }] });
    for (const preset of [disjoint, agreeing])
      expect(await validate(cluster, review(preset))).not.toHaveProperty('warnings');
    expect(await validate(cluster, review(update, 'UPDATE'))).not.toHaveProperty('warnings');
  });

  it('file mode does not warn: its presets are not those of the cluster', async () => {
    expect(await validate(files, review(debug))).not.toHaveProperty('warnings');
  });
});
