/**
 * `podpreset explain KIND/NAME`: one live Pod or workload read from the kubeconfig's cluster, as
 * kubectl names it (`pod/web-0`, `deploy/checkout`, `deployment.apps/checkout`), with one GET of
 * the object as the server has it (no typed model that would drop fields it does not know).
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { isPlainObject } from '../core/json.js';
import type { SourcedDocument } from '../core/load.js';
import type { JsonObject } from '../core/types.js';
import { contextNamespace, loadKubeConfig } from './client.js';
import { collectionPath } from './list-all.js';
import { clusterReadError } from './read-cluster.js';
import { ApiRequestError, requestJson, serverUrl } from './raw-api.js';

interface LiveKind {
  readonly group: string;
  readonly resource: string;
  readonly kind: string;
  /** kubectl's names for it: singular, plural, short names. */
  readonly names: readonly string[];
}

const LIVE_KINDS: readonly LiveKind[] = [
  { group: '', resource: 'pods', kind: 'Pod', names: ['pod', 'pods', 'po'] },
  { group: '', resource: 'podtemplates', kind: 'PodTemplate', names: ['podtemplate', 'podtemplates'] },
  {
    group: '',
    resource: 'replicationcontrollers',
    kind: 'ReplicationController',
    names: ['replicationcontroller', 'replicationcontrollers', 'rc'],
  },
  {
    group: 'apps',
    resource: 'deployments',
    kind: 'Deployment',
    names: ['deployment', 'deployments', 'deploy'],
  },
  { group: 'apps', resource: 'replicasets', kind: 'ReplicaSet', names: ['replicaset', 'replicasets', 'rs'] },
  {
    group: 'apps',
    resource: 'statefulsets',
    kind: 'StatefulSet',
    names: ['statefulset', 'statefulsets', 'sts'],
  },
  { group: 'apps', resource: 'daemonsets', kind: 'DaemonSet', names: ['daemonset', 'daemonsets', 'ds'] },
  { group: 'batch', resource: 'jobs', kind: 'Job', names: ['job', 'jobs'] },
  { group: 'batch', resource: 'cronjobs', kind: 'CronJob', names: ['cronjob', 'cronjobs', 'cj'] },
];

export interface LiveRef {
  readonly kind: LiveKind;
  readonly name: string;
}

/** parseLiveRef reads `KIND/NAME` as kubectl does (kind case-insensitive, `.group` allowed), or says what is wrong. */
export function parseLiveRef(argument: string): LiveRef | string {
  const slash = argument.indexOf('/');
  if (slash <= 0 || slash === argument.length - 1 || argument.indexOf('/', slash + 1) >= 0)
    return `${JSON.stringify(argument)} is not KIND/NAME (for example pod/web-0 or deploy/checkout)`;
  const [typed, group] = argument
    .slice(0, slash)
    .toLowerCase()
    .split(/\.(.*)/s) as [string, string?];
  const name = argument.slice(slash + 1);
  const kind = LIVE_KINDS.find(
    (k) =>
      (k.names.includes(typed) || k.kind.toLowerCase() === typed) &&
      (group === undefined || group === k.group),
  );
  if (!kind)
    return `${JSON.stringify(argument.slice(0, slash))} is not a kind with a pod template (one of ${LIVE_KINDS.map((k) => k.names[0]).join(', ')})`;
  return { kind, name };
}

/**
 * readLiveObjects GETs each object in `namespace` (else the kubeconfig context's, else
 * `default`, as kubectl). It throws an Error naming the object and the context when one cannot
 * be read.
 */
export async function readLiveObjects(
  kc: KubeConfig,
  refs: readonly LiveRef[],
  namespace: string | undefined,
): Promise<SourcedDocument[]> {
  const ns = namespace ?? contextNamespace(kc) ?? 'default';
  const context = kc.getCurrentContext();
  return Promise.all(
    refs.map(async ({ kind, name }) => {
      const path = `${collectionPath(kind.group, 'v1', kind.resource, ns)}/${encodeURIComponent(name)}`;
      const what = `${kind.names[0]}/${name} in namespace ${ns}`;
      let object: unknown;
      try {
        object = await requestJson(kc, 'GET', serverUrl(kc, path));
      } catch (error) {
        if (error instanceof ApiRequestError && error.code === 404)
          throw new Error(`${what}: not found in the cluster of context ${context}`);
        throw clusterReadError(error, context, what);
      }
      if (!isPlainObject(object)) throw new Error(`GET ${path}: the answer is not an object`);
      const apiVersion = kind.group === '' ? 'v1' : `${kind.group}/v1`;
      const live: JsonObject = { ...object, apiVersion, kind: kind.kind };
      return { source: `cluster: ${what}`, object: live };
    }),
  );
}

/**
 * readLive is `explain KIND/NAME...` from the kubeconfig at `kubeconfigPath` (else the default) and
 * its `context` (else the current one):
 * every argument parsed first, so a typo is reported before any request is made.
 */
export async function readLive(
  args: readonly string[],
  kubeconfigPath: string | undefined,
  namespace: string | undefined,
  context?: string,
): Promise<SourcedDocument[]> {
  const refs = args.map(parseLiveRef);
  const wrong = refs.find((ref): ref is string => typeof ref === 'string');
  if (wrong !== undefined) throw new Error(wrong);
  return readLiveObjects(loadKubeConfig(kubeconfigPath, context), refs as LiveRef[], namespace);
}
