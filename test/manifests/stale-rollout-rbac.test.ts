/**
 * The optional ClusterRoles of webhook-config/stale-rollout/: they allow every API call `podpreset
 * stale` and `podpreset rollout --apply --wait` make (recorded by the API double during real runs)
 * and nothing that writes beyond the restart patch; the webhook's own install never includes them.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollout, stale } from '../helpers/cluster-cli.js';
import { KubeApiDouble, writeKubeconfig, type RecordedRequest } from '../helpers/kube-api-double.js';
import { actAsControllers } from '../helpers/kube-api-double/rollouts.js';
import { seedShop } from '../helpers/stale-shop.js';
import { REPO_ROOT, kustomize, type KubeObject } from './load.js';

const WEBHOOK_CONFIG = path.join(REPO_ROOT, 'webhook-config');
const roles = kustomize(path.join(WEBHOOK_CONFIG, 'stale-rollout'));

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}
const rulesOf = (name: string): Rule[] =>
  (
    roles.find((o) => o.kind === 'ClusterRole' && o.metadata.name === name) as
      (KubeObject & { rules: Rule[] }) | undefined
  )?.rules ?? [];

const allows = (rules: readonly Rule[], permission: string): boolean => {
  const [group, resource, verb] = permission.split(' ');
  return rules.some(
    (r) =>
      r.apiGroups.includes(group === 'core' ? '' : group!) &&
      r.resources.includes(resource!) &&
      r.verbs.includes(verb!),
  );
};

/** The permission a recorded request needs: `group resource verb` (`/api/v1/…` is the core group). */
function permissionOf(request: RecordedRequest): string {
  const group = request.path.startsWith('/api/') ? 'core' : request.path.split('/')[2];
  const verb =
    request.method === 'GET' ? (request.name === undefined ? 'list' : 'get') : request.method.toLowerCase();
  return `${group} ${request.resource ?? '?'} ${verb}`;
}

let double: KubeApiDouble;
let staleCalls: string[];
let rolloutCalls: string[];
beforeAll(async () => {
  double = await KubeApiDouble.start();
  seedShop(double);
  const kubeconfig = writeKubeconfig(double);
  await stale(['--kubeconfig', kubeconfig, '-A']);
  staleCalls = [...new Set(double.requests.map(permissionOf))].sort();
  double.requests.length = 0;
  actAsControllers(double.store);
  await rollout(['--kubeconfig', kubeconfig, '-A', '--apply', '--wait']);
  rolloutCalls = [...new Set(double.requests.map(permissionOf))].sort();
});
afterAll(async () => {
  await double.close();
});

describe('webhook-config/stale-rollout', () => {
  it('podpreset-stale allows every call stale makes, and only reads', () => {
    expect(staleCalls.length).toBeGreaterThan(0);
    for (const call of staleCalls) expect(allows(rulesOf('podpreset-stale'), call), call).toBe(true);
    expect(
      rulesOf('podpreset-stale')
        .flatMap((r) => r.verbs)
        .every((v) => v === 'get' || v === 'list'),
    ).toBe(true);
  });

  it('podpreset-rollout allows every call rollout --apply --wait makes; its only write is patch on the three workload kinds', () => {
    expect(rolloutCalls).toContain('apps deployments patch');
    for (const call of rolloutCalls) expect(allows(rulesOf('podpreset-rollout'), call), call).toBe(true);
    const writes = rulesOf('podpreset-rollout').filter((r) =>
      r.verbs.some((v) => v !== 'get' && v !== 'list'),
    );
    expect(writes).toEqual([
      {
        apiGroups: ['apps'],
        resources: ['deployments', 'statefulsets', 'daemonsets'],
        verbs: ['get', 'list', 'patch'],
      },
    ]);
  });

  it('is optional: neither install of the webhook includes it, so the webhook’s ServiceAccount never gets it', () => {
    for (const install of [WEBHOOK_CONFIG, path.join(WEBHOOK_CONFIG, 'cert-manager')]) {
      const names = kustomize(install)
        .filter((o) => o.kind === 'ClusterRole')
        .map((o) => o.metadata.name);
      expect(names).not.toContain('podpreset-stale');
      expect(names).not.toContain('podpreset-rollout');
    }
    expect(roles.map((o) => o.kind)).toEqual(['ClusterRole', 'ClusterRole']);
  });
});
