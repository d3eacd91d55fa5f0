/**
 * The in-repo kustomize loader (test/manifests/load.ts) against the real thing: every
 * kustomization of the repository rendered by `kubectl kustomize` and by the loader must give the
 * same objects with the same content (compared as data: kustomize sorts objects and keys its own
 * way). Not part of `npm test`, which needs no kubectl: `.ci/run` runs it when kubectl is on PATH
 * (`npx vitest run --config vitest.kubectl.config.ts`).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, kustomize, readYamlDocumentsOf, type KubeObject } from '../manifests/load.js';

/** Every directory with a kustomization.yaml under these roots, except Components (not buildable alone). */
function kustomizations(): string[] {
  const out: string[] = [];
  for (const root of ['crds', 'webhook-config', 'test/manifests/fixtures']) {
    const files = readdirSync(path.join(REPO_ROOT, root), { recursive: true, encoding: 'utf8' });
    for (const file of files.filter((f) => path.basename(f) === 'kustomization.yaml')) {
      const full = path.join(REPO_ROOT, root, file);
      if ((parse(readFileSync(full, 'utf8')) as { kind?: string }).kind === 'Component') continue;
      out.push(path.relative(REPO_ROOT, path.dirname(full)));
    }
  }
  return out.sort();
}

function byId(objects: readonly KubeObject[]): Map<string, KubeObject> {
  const out = new Map<string, KubeObject>();
  for (const o of objects)
    out.set(`${o.apiVersion} ${o.kind} ${o.metadata.namespace ?? '-'}/${o.metadata.name}`, o);
  expect(out.size, 'two objects with one id').toBe(objects.length);
  return out;
}

describe.each(kustomizations())('%s', (dir) => {
  it('renders with the loader exactly as with kubectl kustomize', () => {
    const real = execFileSync('kubectl', ['kustomize', dir], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    const expected = byId(readYamlDocumentsOf(real, `kubectl kustomize ${dir}`) as KubeObject[]);
    const actual = byId(kustomize(path.join(REPO_ROOT, dir)));
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [id, object] of actual) expect(object, id).toEqual(expected.get(id));
  });
});
