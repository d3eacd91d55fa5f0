/** Paginated list calls against the API double: every object once, in pages, with the label selector on each page. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { collectionPath, listAll } from '../../src/kube/list-all.js';
import { apply, KubeApiDouble, kubeConfigFor } from '../helpers/kube-api-double.js';

let double: KubeApiDouble;
beforeAll(async () => {
  double = await KubeApiDouble.start();
  for (let i = 0; i < 7; i += 1)
    apply(double, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `pod-${i}`,
        namespace: i < 5 ? 'shop' : 'billing',
        labels: { app: i % 2 === 0 ? 'even' : 'odd' },
      },
      spec: { containers: [{ name: 'app', image: 'app:1' }] },
    });
});
afterAll(async () => {
  await double.close();
});

it('follows continue tokens until the last page', async () => {
  double.requests.length = 0;
  const pods = await listAll(kubeConfigFor(double), { path: collectionPath('', 'v1', 'pods'), pageSize: 3 });
  expect(pods.map((p) => (p['metadata'] as { name: string }).name).sort()).toEqual([
    'pod-0',
    'pod-1',
    'pod-2',
    'pod-3',
    'pod-4',
    'pod-5',
    'pod-6',
  ]);
  expect(double.requests.map((r) => [r.query.get('limit'), r.query.has('continue')])).toEqual([
    ['3', false],
    ['3', true],
    ['3', true],
  ]);
});

it('keeps the label selector and the namespace on every page', async () => {
  double.requests.length = 0;
  const pods = await listAll(kubeConfigFor(double), {
    path: collectionPath('', 'v1', 'pods', 'shop'),
    labelSelector: 'app=even',
    pageSize: 1,
  });
  expect(pods.map((p) => (p['metadata'] as { name: string }).name)).toEqual(['pod-0', 'pod-2', 'pod-4']);
  expect(
    double.requests.every((r) => r.query.get('labelSelector') === 'app=even' && r.namespace === 'shop'),
  ).toBe(true);
  expect(double.requests).toHaveLength(3);
});

it('names the status and reason of a refused list', async () => {
  double.failWith(403);
  await expect(
    listAll(kubeConfigFor(double), { path: collectionPath('', 'v1', 'pods') }),
  ).rejects.toMatchObject({ code: 403 });
  double.failWith(undefined);
});
