/**
 * `podpreset preview`: what the webhook would do to Pods and workloads, offline (--presets) or
 * against the presets of the current kubeconfig context. The same evaluate() as the webhook.
 */
import { styleText } from 'node:util';
import { previewObject, type PreviewResult } from '../core/preview.js';
import type { KubeObject } from '../core/types.js';
import { answerObjects, parseObjectCommand, type ObjectCommandIO } from './object-command.js';
import {
  OUTPUT_FORMATS,
  renderDiff,
  renderJson,
  renderPatch,
  renderYaml,
  type OutputFormat,
  type Styler,
} from './render.js';
import { asTyped, PROGRAM } from './program.js';

export const PREVIEW_HELP =
  asTyped(`Usage: podpreset preview -f FILE... [--presets PATH]... [--kubeconfig FILE] [--context NAME]
                         [--namespace NS] [-o diff|yaml|json|patch] [--fail-on-conflict]

Shows what the podpreset webhook would do to Pods and workloads (Deployment, ReplicaSet,
StatefulSet, DaemonSet, Job, CronJob, ReplicationController, PodTemplate) before they are created.
Objects of other kinds pass through unchanged, so a whole rendered chart can be piped through.

  -f, --filename FILE   YAML or JSON, multi-document or List; '-' reads stdin. Repeatable.
                        PodPreset, ClusterPodPreset and Namespace documents here count as presets.
      --presets PATH    file or directory (recursive) of PodPresets, ClusterPodPresets and Namespaces.
                        Repeatable. Without it, presets come from the current kubeconfig context.
      --kubeconfig FILE the kubeconfig to read presets with (default: KUBECONFIG, then ~/.kube/config)
      --context NAME    the kubeconfig context to read presets with (default: the current context)
  -n, --namespace NS    namespace of objects (and presets) that name none; default: the context's
                        namespace when presets come from the cluster, else "default"
  -o, --output FORMAT   diff (default), yaml (resulting objects), json (one document), patch (JSON Patch)
      --fail-on-conflict  exit 1 if any object has a conflict

Exit codes: 0 every input processed; 1 a conflict with --fail-on-conflict; 2 bad input or usage
(an invalid preset is reported on stderr and skipped, the rest still applies, and the exit code is 2).
`);

export interface PreviewIO extends ObjectCommandIO {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
}

/** runPreview runs `podpreset preview ARGS` and resolves with the exit code. */
export async function runPreview(args: readonly string[], io: PreviewIO): Promise<number> {
  const options = parseObjectCommand(args, 'preview', OUTPUT_FORMATS, PREVIEW_HELP);
  if (options === 'help') {
    io.stdout.write(PREVIEW_HELP);
    return 0;
  }
  const { results, objects, badInput } = await answerObjects(options, io, previewObject, 'documents');

  // styleText checks the stream: colour on a terminal only, never with NO_COLOR (or TERM=dumb).
  const style: Styler = (format, text) =>
    styleText(format, text, { stream: io.stdout as NodeJS.WritableStream & { isTTY?: boolean } });
  io.stdout.write(render(options.output, results, objects, style));
  if (options.output === 'yaml' || options.output === 'patch') {
    for (const result of results)
      for (const conflict of result.conflicts)
        io.stderr.write(`${PROGRAM}: conflict: ${conflict.message} (${conflict.resolution})\n`);
  }
  if (badInput) return 2;
  return options.failOnConflict && results.some((r) => r.outcome === 'conflict') ? 1 : 0;
}

function render(format: OutputFormat, results: PreviewResult[], inputs: KubeObject[], style: Styler): string {
  switch (format) {
    case 'json':
      return renderJson(results);
    case 'yaml':
      return renderYaml(results);
    case 'patch':
      return renderPatch(results);
    case 'diff':
      return renderDiff(results, inputs, style);
  }
}
