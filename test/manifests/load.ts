/**
 * Reading the manifests as data: YAML documents, and the subset of kustomize that crds/ and
 * webhook-config/ use (resources, components, JSON 6902 patches with a target, `$patch: delete`). Anything else
 * in a kustomization throws, so a manifest change this loader does not understand fails the tests
 * instead of being ignored.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import jsonpatch, { type Operation } from 'fast-json-patch';
import { parse, parseAllDocuments } from 'yaml';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

/** readYamlDocuments parses every non-empty document of a YAML file; a syntax error throws. */
export function readYamlDocuments(file: string): unknown[] {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'));
  const out: unknown[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
    const value: unknown = doc.toJS();
    if (value !== null && value !== undefined) out.push(value);
  }
  return out;
}

function asKubeObject(value: unknown, where: string): KubeObject {
  const obj = value as Partial<KubeObject> | null;
  if (!obj || typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string' || !obj.metadata?.name) {
    throw new Error(`${where}: not a Kubernetes object`);
  }
  return obj as KubeObject;
}

interface Target {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
}

interface Kustomization {
  apiVersion?: string;
  kind?: string;
  resources?: string[];
  components?: string[];
  patches?: { path?: string; patch?: string; target?: Target }[];
}

const KNOWN_KEYS = new Set(['apiVersion', 'kind', 'resources', 'components', 'patches']);

function groupVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

function matches(obj: KubeObject, target: Target): boolean {
  const gv = groupVersion(obj.apiVersion);
  return (
    (target.group === undefined || target.group === gv.group) &&
    (target.version === undefined || target.version === gv.version) &&
    (target.kind === undefined || target.kind === obj.kind) &&
    (target.name === undefined || target.name === obj.metadata.name) &&
    (target.namespace === undefined || target.namespace === obj.metadata.namespace)
  );
}

/** kustomizationOf reads DIR/kustomization.yaml and rejects features the loader does not implement. */
export function kustomizationOf(dir: string): Kustomization {
  const k = parse(readFileSync(path.join(dir, 'kustomization.yaml'), 'utf8')) as Kustomization;
  for (const key of Object.keys(k)) {
    if (!KNOWN_KEYS.has(key)) throw new Error(`${dir}/kustomization.yaml: unsupported field ${key}`);
  }
  return k;
}

/** kustomize builds DIR the way `kubectl kustomize DIR` does, for the features listed above. */
export function kustomize(dir: string): KubeObject[] {
  const k = kustomizationOf(dir);
  if (k.kind === 'Component') throw new Error(`${dir}: a Component is added with components:, not built`);
  return build(dir, k, []);
}

/**
 * build adds DIR's resources to `objects`, then its components (each sees everything so far, as
 * kustomize runs them), then applies its patches to all of it.
 */
function build(dir: string, k: Kustomization, inherited: KubeObject[]): KubeObject[] {
  let objects: KubeObject[] = [...inherited];
  for (const resource of k.resources ?? []) {
    const target = path.resolve(dir, resource);
    if (statSync(target).isDirectory()) objects.push(...kustomize(target));
    else objects.push(...readYamlDocuments(target).map((doc) => asKubeObject(doc, target)));
  }
  for (const component of k.components ?? []) {
    const componentDir = path.resolve(dir, component);
    const c = kustomizationOf(componentDir);
    if (c.kind !== 'Component') throw new Error(`${componentDir}: components: lists only kind Component`);
    objects = build(componentDir, c, objects);
  }
  for (const [index, entry] of (k.patches ?? []).entries()) {
    const where = `${dir}/kustomization.yaml patches[${index}]`;
    const text = entry.path ? readFileSync(path.resolve(dir, entry.path), 'utf8') : entry.patch;
    if (text === undefined) throw new Error(`${where}: neither path nor patch`);
    const patch: unknown = parse(text);
    if (Array.isArray(patch)) {
      if (!entry.target) throw new Error(`${where}: a JSON 6902 patch needs a target`);
      const targets = objects.filter((o) => matches(o, entry.target as Target));
      if (targets.length === 0) throw new Error(`${where}: target matches nothing`);
      objects = objects.map((o) =>
        targets.includes(o)
          ? jsonpatch.applyPatch(structuredClone(o), patch as Operation[], true, false).newDocument
          : o,
      );
    } else if ((patch as Record<string, unknown>)['$patch'] === 'delete') {
      const victim = asKubeObject(patch, where);
      const before = objects.length;
      objects = objects.filter(
        (o) =>
          !(
            o.apiVersion === victim.apiVersion &&
            o.kind === victim.kind &&
            o.metadata.name === victim.metadata.name &&
            o.metadata.namespace === victim.metadata.namespace
          ),
      );
      if (objects.length !== before - 1) throw new Error(`${where}: deletes nothing`);
    } else {
      throw new Error(`${where}: only JSON 6902 patches and $patch: delete are supported`);
    }
  }
  return objects;
}

/** yamlFilesIn lists the YAML files directly in DIR, sorted. */
export function yamlFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
}

/** presetFilesUnder lists every YAML or JSON file below DIR (none when DIR does not exist). */
export function presetFilesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .map((f) => path.join(dir, f))
    .sort();
}

/** find returns the one object of KIND (and NAME) or throws. */
export function find(objects: readonly KubeObject[], kind: string, name?: string): KubeObject {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name ?? ''}, found ${found.length}`);
  return found[0] as KubeObject;
}
