/**
 * `podpreset preview`: what the webhook would do to Pods and workloads, offline (--presets) or
 * against the presets of the current kubeconfig context. The same evaluate() as the webhook.
 */
import { describeObject } from '../core/load.js';
import { isPlainObject } from '../core/json.js';
import { previewObject, type PreviewResult } from '../core/preview.js';
import type { KubeObject } from '../core/types.js';
import { readInputs, type ClusterReader } from './inputs.js';
import {
  OUTPUT_FORMATS,
  renderDiff,
  renderJson,
  renderPatch,
  renderYaml,
  type OutputFormat,
} from './render.js';
import { parseFlags } from './flags.js';
import { UsageError } from './usage-error.js';

export const PREVIEW_HELP = `Usage: podpreset preview -f FILE... [--presets PATH]... [--namespace NS] [-o diff|yaml|json|patch] [--fail-on-conflict]

Shows what the podpreset webhook would do to Pods and workloads (Deployment, ReplicaSet,
StatefulSet, DaemonSet, Job, CronJob, ReplicationController, PodTemplate) before they are created.
Objects of other kinds pass through unchanged, so a whole rendered chart can be piped through.

  -f, --filename FILE   YAML or JSON, multi-document or List; '-' reads stdin. Repeatable.
                        PodPreset, ClusterPodPreset and Namespace documents here count as presets.
      --presets PATH    file or directory (recursive) of PodPresets, ClusterPodPresets and Namespaces.
                        Repeatable. Without it, presets come from the current kubeconfig context.
      --kubeconfig FILE the kubeconfig to read presets with (default: KUBECONFIG, then ~/.kube/config)
  -n, --namespace NS    namespace of objects (and presets) that name none; default "default"
  -o, --output FORMAT   diff (default), yaml (resulting objects), json (one document), patch (JSON Patch)
      --fail-on-conflict  exit 1 if any object has a conflict

Exit codes: 0 every input processed; 1 a conflict with --fail-on-conflict; 2 bad input or usage
(an invalid preset is reported on stderr and skipped, the rest still applies, and the exit code is 2).
`;

export interface PreviewIO {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream;
  /** Reads presets and namespaces from the cluster of a kubeconfig (no --presets). */
  readonly readCluster?: ClusterReader;
}

interface PreviewOptions {
  files: string[];
  presetPaths: string[];
  kubeconfig: string | undefined;
  namespace: string | undefined;
  output: OutputFormat;
  failOnConflict: boolean;
}

function parseOptions(args: readonly string[]): PreviewOptions | 'help' {
  const values = parseFlags(
    args,
    {
      filename: { type: 'string', short: 'f', multiple: true },
      presets: { type: 'string', multiple: true },
      kubeconfig: { type: 'string' },
      namespace: { type: 'string', short: 'n' },
      output: { type: 'string', short: 'o', default: 'diff' },
      'fail-on-conflict': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    PREVIEW_HELP,
  );
  if (values.help) return 'help';
  if (!values.filename?.length) throw new UsageError(`preview needs at least one -f FILE\n\n${PREVIEW_HELP}`);
  if (!OUTPUT_FORMATS.includes(values.output as OutputFormat)) {
    throw new UsageError(
      `--output must be one of ${OUTPUT_FORMATS.join(', ')}, not ${JSON.stringify(values.output)}`,
    );
  }
  if (values.filename.filter((f) => f === '-').length > 1)
    throw new UsageError("stdin ('-f -') can be read once");
  return {
    files: values.filename,
    presetPaths: values.presets ?? [],
    kubeconfig: values.kubeconfig,
    namespace: values.namespace,
    output: values.output as OutputFormat,
    failOnConflict: values['fail-on-conflict'],
  };
}

function report(
  stderr: NodeJS.WritableStream,
  source: string,
  object: string | undefined,
  problems: readonly string[],
): void {
  const what = object ? `${source} (${object})` : source;
  for (const problem of problems) stderr.write(`podpreset: ${what}: ${problem}\n`);
}

/** runPreview runs `podpreset preview ARGS` and resolves with the exit code. */
export async function runPreview(args: readonly string[], io: PreviewIO): Promise<number> {
  const options = parseOptions(args);
  if (options === 'help') {
    io.stdout.write(PREVIEW_HELP);
    return 0;
  }
  let badInput = false;
  const problem = (source: string, object: string | undefined, problems: readonly string[]): void => {
    badInput = true;
    report(io.stderr, source, object, problems);
  };

  const inputs = await readInputs({ ...options, readCluster: io.readCluster }, io.stdin);
  for (const input of inputs.problems) problem(input.source, input.object, input.problems);

  const results: PreviewResult[] = [];
  const previewed: KubeObject[] = [];
  for (const { source, object } of inputs.documents) {
    if (!isPlainObject(object)) {
      problem(source, undefined, ['not an object']);
      continue;
    }
    const result = previewObject(object, options.namespace, inputs.catalog);
    if (!result.ok) {
      problem(source, describeObject(object), [result.error]);
      continue;
    }
    results.push(result.value);
    previewed.push(object);
  }

  io.stdout.write(render(options.output, results, previewed, io.stdout.isTTY === true));
  if (options.output === 'yaml' || options.output === 'patch') {
    for (const result of results)
      for (const conflict of result.conflicts) io.stderr.write(`podpreset: conflict: ${conflict.message}\n`);
  }
  if (badInput) return 2;
  return options.failOnConflict && results.some((r) => r.outcome === 'conflict') ? 1 : 0;
}

function render(
  format: OutputFormat,
  results: PreviewResult[],
  inputs: KubeObject[],
  colour: boolean,
): string {
  switch (format) {
    case 'json':
      return renderJson(results);
    case 'yaml':
      return renderYaml(results);
    case 'patch':
      return renderPatch(results);
    case 'diff':
      return renderDiff(results, inputs, colour);
  }
}
