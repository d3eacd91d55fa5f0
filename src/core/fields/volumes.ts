/** `volumes`: pod-level volumes, keyed by name (docs/SPEC.md §2.5). */
import { normalizeJson } from '../equality.js';
import { isPlainObject } from '../json.js';
import { missingText, quantityProblems } from './checks.js';
import { byName, defineField, listField } from './field.js';

/** core/v1 VolumeSource members. */
export const VOLUME_SOURCES = new Set([
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi',
  'glusterfs', 'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc',
  'azureFile', 'configMap', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected',
  'portworxVolume', 'scaleIO', 'storageos', 'csi', 'ephemeral', 'image',
]); // prettier-ignore
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export const volumes = defineField({
  name: 'volumes',
  level: 'pod',
  ...listField,
  ...byName,
  label: (key) => `volume ${JSON.stringify(key.key)}`,
  // A Volume with no source is defaulted to emptyDir by the API server.
  normalize: (item) =>
    normalizeJson(Object.keys(item).every((k) => k === 'name') ? { ...item, emptyDir: {} } : item),
  // Sub-structures of a volume source are held to the CRD schema's types (type-check.ts, from
  // validate-items.ts); here only what the webhook keys and compares on, and quantities.
  check: (item, at) => {
    const problems = quantityProblems(item, at);
    const { name } = item;
    if (typeof name !== 'string' || name === '') problems.push(missingText(name, `${at}.name`));
    else if (name.length > 63 || !DNS1123_LABEL.test(name)) {
      problems.push(
        `${at}.name: must be a DNS-1123 label (lower case alphanumeric or '-', at most 63 characters)`,
      );
    }
    const sources = Object.keys(item).filter((field) => field !== 'name');
    for (const field of sources) {
      if (!VOLUME_SOURCES.has(field)) problems.push(`${at}.${field}: unknown field (not a volume source)`);
      else if (!isPlainObject(item[field])) problems.push(`${at}.${field}: must be an object`);
    }
    if (sources.length > 1)
      problems.push(`${at}: must have exactly one volume source, found ${sources.join(', ')}`);
    return problems;
  },
  schema: {
    model: 'V1Volume',
    listType: 'map',
    maxItems: 128,
    maxNameLength: 63,
    description: 'Volumes added to a matching Pod, keyed by name.',
  },
});
