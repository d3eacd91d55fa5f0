/**
 * Reading the manifests as data: YAML documents, and the subset of kustomize that crds/ and
 * webhook-config/ use (resources, components, JSON 6902 patches with a target, `$patch: delete`,
 * `namespace:` with the back references it moves (kustomize-namespace.ts), and `transformers:`
 * holding ReplacementTransformers (kustomize-replacements.ts)), in kustomize's order. Anything else
 * in a kustomization throws, so a manifest change this loader does not understand fails the tests
 * instead of being ignored. `.ci/run` compares its renders with `kubectl kustomize` when kubectl is
 * there (test/kubectl/kustomize.check.ts).
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import jsonpatch, { type Operation } from 'fast-json-patch';
import { parse, parseAllDocuments } from 'yaml';
import { derive, fixBackReferences, loaded, sameId, setNamespace } from './kustomize-namespace.js';
import { replace, type Replacement } from './kustomize-replacements.js';

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
  return readYamlDocumentsOf(readFileSync(file, 'utf8'), file);
}

/** readYamlDocumentsOf parses every non-empty document of `text` (read from `where`). */
export function readYamlDocumentsOf(text: string, where: string): unknown[] {
  const out: unknown[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`${where}: ${doc.errors.map((e) => e.message).join('; ')}`);
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
  namespace?: string;
  transformers?: string[];
}

const KNOWN_KEYS = new Set([
  'apiVersion',
  'kind',
  'resources',
  'components',
  'patches',
  'namespace',
  'transformers',
]);

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
  // Back references are fixed once, at the end of the whole build, as kustomize does.
  return fixBackReferences(accumulate(dir));
}

/** accumulate builds DIR as a resource of another kustomization (no back references fixed yet). */
function accumulate(dir: string): KubeObject[] {
  const k = kustomizationOf(dir);
  if (k.kind === 'Component') throw new Error(`${dir}: a Component is added with components:, not built`);
  return build(dir, k, []);
}

/** objectsAt reads a resource or transformer entry: a kustomization directory or a YAML file. */
function objectsAt(dir: string, entry: string): KubeObject[] {
  const target = path.resolve(dir, entry);
  if (statSync(target).isDirectory()) return accumulate(target);
  return readYamlDocuments(target).map((doc) => loaded(asKubeObject(doc, target)));
}

/**
 * build adds DIR's resources to `objects`, then its components (each sees everything so far, as
 * kustomize runs them), then runs its own transformers on all of it in kustomize's order:
 * patches, the namespace, then the `transformers:` list.
 */
function build(dir: string, k: Kustomization, inherited: KubeObject[]): KubeObject[] {
  let objects: KubeObject[] = [...inherited];
  for (const resource of k.resources ?? []) objects.push(...objectsAt(dir, resource));
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
          ? derive(o, jsonpatch.applyPatch(structuredClone(o), patch as Operation[], true, false).newDocument)
          : o,
      );
    } else if ((patch as Record<string, unknown>)['$patch'] === 'delete') {
      // The patch's id selects as kustomize's ResId.Equals does: a patch without a namespace
      // finds an object that was loaded without one, whatever namespace it is in now.
      const victim = asKubeObject(patch, where);
      const before = objects.length;
      objects = objects.filter((o) => !sameId(o, victim));
      if (objects.length !== before - 1) throw new Error(`${where}: deletes nothing`);
    } else {
      throw new Error(`${where}: only JSON 6902 patches and $patch: delete are supported`);
    }
  }
  if (k.namespace !== undefined) objects = setNamespace(objects, k.namespace, `${dir}/kustomization.yaml`);
  for (const entry of k.transformers ?? []) {
    for (const config of objectsAt(dir, entry)) {
      const where = `${dir}/kustomization.yaml transformers: ${entry} ${config.kind} ${config.metadata.name}`;
      const { apiVersion, kind, metadata, replacements, ...rest } = config as KubeObject & {
        replacements?: Replacement[];
      };
      if (
        apiVersion !== 'builtin' ||
        kind !== 'ReplacementTransformer' ||
        Object.keys(rest).length > 0 ||
        !metadata
      )
        throw new Error(`${where}: only a builtin ReplacementTransformer with replacements is supported`);
      for (const [i, replacement] of (replacements ?? []).entries())
        objects = replace(objects, replacement, `${where} replacements[${i}]`);
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
