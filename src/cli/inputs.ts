/**
 * What the CLI commands read: `-f` files and stdin, `--presets` paths or the cluster, turned into
 * objects, a catalog and problems that name the file and document. `preview` uses it, and every
 * command that reads manifests or presets should: one reader, one set of messages.
 */
import { stat } from 'node:fs/promises';
import type { PresetCatalog } from '../core/catalog.js';
import { isPlainObject } from '../core/json.js';
import {
  flattenLists,
  loadPresets,
  toCatalog,
  type LoadedPresets,
  type SourcedDocument,
} from '../core/load.js';
import { isPresetKind } from '../core/preset.js';
import { DEFAULT_NAMESPACE } from '../core/preview.js';
import { parseBytes } from '../documents/decode.js';
import { describeError, readPaths } from '../presets/read-paths.js';
import { UsageError } from './usage-error.js';

/** Something that could not be read or used, named by file and document (`pods.yaml#2`). */
export interface InputProblem {
  readonly source: string;
  /** `Kind namespace/name` when the document said what it is. */
  readonly object?: string;
  readonly problems: readonly string[];
}

/**
 * Reads presets and namespaces from the cluster of a kubeconfig and context (the kube/ adapter),
 * with the context's namespace when it names one.
 */
export type ClusterReader = (target: {
  kubeconfig: string | undefined;
  context: string | undefined;
}) => Promise<{ documents: SourcedDocument[]; namespace: string | undefined }>;

export interface ManifestInputs {
  /** Every document of the `-f` inputs, Lists replaced by their items, in the order given. */
  readonly documents: SourcedDocument[];
  readonly problems: InputProblem[];
}

export interface PresetOptions {
  /** `--presets` paths; when empty, presets come from the cluster (if `readCluster` is given). */
  readonly presetPaths: readonly string[];
  readonly kubeconfig?: string | undefined;
  /** `--context`: the kubeconfig context to read presets with; else its current context. */
  readonly context?: string | undefined;
  /** Namespace of presets that name none (`--namespace`). */
  readonly namespace?: string | undefined;
  readonly readCluster?: ClusterReader | undefined;
  /** The command run (`lint`), named in the hint to run it offline when the cluster cannot be read. */
  readonly command?: string | undefined;
}

export interface PresetInputs {
  /**
   * The namespace of objects and presets that name none, as kubectl picks it: `--namespace`,
   * else the kubeconfig context's namespace when presets come from the cluster, else `default`.
   */
  readonly namespace: string;
  readonly presets: LoadedPresets;
  readonly catalog: PresetCatalog;
  readonly problems: InputProblem[];
  /** The files among `problems` that could not be read or decoded at all (lint reports them apart). */
  readonly unreadable: readonly InputProblem[];
}

export interface Inputs extends PresetInputs {
  /**
   * Every `-f` document, in order, presets and Namespaces included: they feed the catalog and are
   * still objects of the manifest (`helm template | podpreset preview -o yaml | kubectl apply`).
   */
  readonly documents: SourcedDocument[];
  /** The `-f` documents that are not presets or Namespaces: what explain-like commands work on. */
  readonly objects: SourcedDocument[];
}

async function readStdin(stdin: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

/** readManifests reads `-f` files (`-` is stdin, read once) into documents and problems. */
export async function readManifests(
  files: readonly string[],
  stdin: NodeJS.ReadableStream,
): Promise<ManifestInputs> {
  const documents: SourcedDocument[] = [];
  const problems: InputProblem[] = [];
  for (const file of files) {
    const read = file === '-' ? parseBytes(await readStdin(stdin), '<stdin>') : await readPaths([file]);
    documents.push(...read.documents);
    problems.push(...read.errors);
  }
  return { documents: flattenLists(documents), problems };
}

/** Presets and Namespaces given with `-f` count as presets (docs/SPEC.md §4). */
export const isPresetDocument = (object: unknown): boolean =>
  isPlainObject(object) && (isPresetKind(object['kind']) || object['kind'] === 'Namespace');

/** A cluster that cannot be read is input that cannot be had: a usage error with the reason. */
async function readCluster(read: ClusterReader, options: PresetOptions): ReturnType<ClusterReader> {
  try {
    return await read({ kubeconfig: options.kubeconfig, context: options.context });
  } catch (error) {
    const hint = options.command ? ` (pass --presets PATH to ${options.command} offline)` : '';
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}${hint}`);
  }
}

/**
 * requirePresetPaths refuses a `--presets` path that cannot be found: a mistyped path is a usage
 * error (exit 2) before anything is read or printed, in every command that takes the flag. What is
 * wrong inside a path that exists (an unreadable file, a broken document) is reported by the reader.
 */
export async function requirePresetPaths(paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    await stat(path).catch((error: unknown) => {
      throw new UsageError(`--presets ${path}: ${describeError(error)}`);
    });
  }
}

/**
 * readPresets loads `inline` preset documents (from `-f`) with those of `--presets` paths, else of
 * the cluster. An invalid preset is a problem and is skipped; the others still load. It throws a
 * UsageError when there are no presets to be had at all, or a `--presets` path cannot be found.
 */
export async function readPresets(
  options: PresetOptions,
  inline: readonly SourcedDocument[] = [],
): Promise<PresetInputs> {
  const problems: InputProblem[] = [];
  let documents = [...inline];
  let contextNamespace: string | undefined;
  if (options.presetPaths.length > 0) {
    await requirePresetPaths(options.presetPaths);
    const read = await readPaths(options.presetPaths);
    problems.push(...read.errors);
    documents = documents.concat(read.documents);
  } else if (options.readCluster) {
    const cluster = await readCluster(options.readCluster, options);
    documents = documents.concat(cluster.documents);
    contextNamespace = cluster.namespace;
  } else if (documents.length === 0) {
    throw new UsageError(
      'no presets: pass --presets PATH (reading them from a cluster is not available here)',
    );
  }
  const unreadable = [...problems];
  const namespace = options.namespace ?? contextNamespace ?? DEFAULT_NAMESPACE;
  const presets = loadPresets(documents, { defaultNamespace: namespace });
  for (const invalid of presets.invalid)
    problems.push({ ...invalid, problems: [...invalid.problems, 'skipped'] });
  return { namespace, presets, catalog: toCatalog(presets), problems, unreadable };
}

/**
 * readInputs reads what `preview`-like commands take: `-f` documents, and the presets of `-f`,
 * `--presets` or the cluster. Problems come in the order they were found: files, then presets.
 * Files with no object at all are a problem too (a wrong path, a template that rendered nothing).
 */
export async function readInputs(
  options: PresetOptions & { readonly files: readonly string[] },
  stdin: NodeJS.ReadableStream,
): Promise<Inputs> {
  const manifests = await readManifests(options.files, stdin);
  if (manifests.documents.length === 0 && manifests.problems.length === 0)
    manifests.problems.push({ source: options.files.join(', '), problems: ['no Kubernetes object in it'] });
  const inline = manifests.documents.filter((d) => isPresetDocument(d.object));
  const presets = await readPresets(options, inline);
  return {
    ...presets,
    documents: manifests.documents,
    objects: manifests.documents.filter((d) => !isPresetDocument(d.object)),
    problems: [...manifests.problems, ...presets.problems],
  };
}
