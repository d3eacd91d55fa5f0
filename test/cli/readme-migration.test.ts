/**
 * The README's "Migrating from settings.k8s.io/v1alpha1" does what it says: its sed line turns an
 * in-tree PodPreset (the Kubernetes documentation's example) into one podpreset loads, which
 * gives a Pod the same annotation the in-tree plugin did.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadPresets, toCatalog } from '../../src/core/load.js';
import { previewObject } from '../../src/core/preview.js';
import { aPod } from '../helpers/builders.js';
import { REPO_ROOT } from '../helpers/conformance.js';

const inTree = `apiVersion: settings.k8s.io/v1alpha1
kind: PodPreset
metadata:
  name: allow-database
  namespace: default
spec:
  selector:
    matchLabels:
      role: frontend
  env:
    - name: DB_PORT
      value: "6379"
  volumeMounts:
    - mountPath: /cache
      name: cache-volume
  volumes:
    - name: cache-volume
      emptyDir: {}
`;

it("the README's conversion gives a preset that applies with the in-tree annotation", () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Migrating from settings.k8s.io/v1alpha1'));
  const sed = /sed -i 's#([^#]+)#([^#]+)#'/.exec(section);
  expect(sed).not.toBeNull();
  const converted = inTree.replace(sed![1]!, sed![2]!);

  const loaded = loadPresets([{ source: 'converted.yaml', object: parse(converted) as unknown }]);
  expect(loaded.invalid).toEqual([]);
  const pod = aPod({ labels: { role: 'frontend' } });
  const result = previewObject(pod, 'default', toCatalog(loaded));
  expect(result.ok && result.value.outcome).toBe('mutated');
  expect(result.ok && Object.keys(result.value.object.metadata?.annotations ?? {})).toEqual([
    'podpreset.admission.kubernetes.io/podpreset-allow-database',
  ]);
  expect(section).toContain('podpreset.admission.kubernetes.io/exclude: "true"');
});
