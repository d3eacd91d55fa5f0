/**
 * The webhook skips the namespaces its configuration keeps out, also when the API server sends
 * them anyway (a hand-edited namespaceSelector): defence in depth. Its own namespace is the one
 * it runs in (POD_NAMESPACE), not only the shipped podpreset-system.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseServeArgs } from '../../src/cli/serve-flags.js';
import { namespaceExclusions } from '../../src/core/excluded-namespaces.js';
import { aReview, decodePatch, type ReviewAnswer } from '../helpers/admission.js';
import { aPod, aPreset, catalogOf } from '../helpers/builders.js';
import { postJson, send } from '../helpers/https-client.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

const everywhere = aPreset('tz', { env: [{ name: 'TZ', value: 'UTC' }] }, { kind: 'ClusterPodPreset' });
let server: TestServer;
beforeAll(async () => {
  const options = parseServeArgs(['--presets', 'unused'], { POD_NAMESPACE: 'platform' });
  if (options === 'help') throw new Error('help');
  server = await startTestServer({
    catalog: catalogOf(everywhere),
    exclusions: namespaceExclusions(options.webhookNamespace),
  });
});
afterAll(() => server.close());

const mutate = async (namespace: string) => {
  const answer = await postJson(server, '/mutate', aReview(aPod(), { namespace }));
  expect(answer.status).toBe(200);
  return answer.json<ReviewAnswer>().response;
};

it.each(['kube-system', 'platform'])('POST /mutate leaves a Pod in %s alone, allowed', async (namespace) => {
  const response = await mutate(namespace);
  expect(response.allowed).toBe(true);
  expect(response.patch).toBeUndefined();
  expect(response.warnings).toBeUndefined();
});

it('a Pod of any other namespace is mutated (the cases above are not vacuous)', async () => {
  expect(decodePatch(await mutate('default')).length).toBeGreaterThan(0);
  expect(decodePatch(await mutate('podpreset-system')).length).toBeGreaterThan(0);
});

it('POST /preview says unchanged and why for a Pod of the webhook namespace', async () => {
  const answer = await send(server, {
    method: 'POST',
    path: '/preview?namespace=platform',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...aPod(), metadata: { name: 'app', labels: { app: 'web' } } }),
  });
  expect(answer.status).toBe(200);
  const [result] = answer.json<{ results: { outcome: string; reason: string }[] }>().results;
  expect(result).toMatchObject({ outcome: 'unchanged' });
  expect(result!.reason).toBe(
    "namespace platform is excluded (the webhook's own namespace): the webhook is never called for its Pods",
  );
});

it('without POD_NAMESPACE the webhook namespace is the shipped podpreset-system', () => {
  expect(parseServeArgs(['--presets', 'p'], {})).toMatchObject({ webhookNamespace: 'podpreset-system' });
});
