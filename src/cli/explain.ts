/**
 * `podpreset explain`: why each preset did or did not apply to Pods and workloads, from files
 * (-f) or a live object (KIND/NAME), against --presets or the cluster's presets. The same
 * explainObject() answers POST /explain.
 */
import { explainObject } from '../core/explain.js';
import { EXPLAIN_FORMATS, renderExplainJson, renderExplainText } from './explain-render.js';
import { answerObjects, parseObjectCommand, type ObjectCommandIO } from './object-command.js';
import { asTyped } from './program.js';

export const EXPLAIN_HELP =
  asTyped(`Usage: podpreset explain (-f FILE... | KIND/NAME...) [--presets PATH]... [--kubeconfig FILE] [--context NAME]
                         [--namespace NS] [-o text|json] [--fail-on-conflict]

Says, for each Pod or workload, every preset that could apply and whether it did: the selector
requirement that failed and the Pod's label as it is, the namespaceSelector requirement the namespace
failed, an excluded or mirror Pod, PodPresets of other namespaces whose selector matches, and for
each matched preset the annotation it gets.

  -f, --filename FILE   YAML or JSON, multi-document or List; '-' reads stdin. Repeatable.
                        PodPreset, ClusterPodPreset and Namespace documents here count as presets.
  KIND/NAME             a live Pod or workload of the current kubeconfig context (pod/web-0, deploy/shop)
      --presets PATH    file or directory (recursive) of PodPresets, ClusterPodPresets and Namespaces.
                        Repeatable. Without it, presets come from the current kubeconfig context.
      --kubeconfig FILE the kubeconfig to read presets (and KIND/NAME) with
      --context NAME    the kubeconfig context to read with (default: the current context)
  -n, --namespace NS    namespace of objects (and presets) that name none; default: the context's
                        namespace when presets come from the cluster, else "default"
  -o, --output FORMAT   text (default) or json (one document, as POST /explain answers)
      --fail-on-conflict  exit 1 if any object has a conflict

Exit codes: 0 every input explained; 1 a conflict with --fail-on-conflict; 2 bad input or usage.
`);

export interface ExplainIO extends ObjectCommandIO {
  readonly stdout: NodeJS.WritableStream;
}

/** runExplain runs `podpreset explain ARGS` and resolves with the exit code. */
export async function runExplain(args: readonly string[], io: ExplainIO): Promise<number> {
  const options = parseObjectCommand(args, 'explain', EXPLAIN_FORMATS, EXPLAIN_HELP);
  if (options === 'help') {
    io.stdout.write(EXPLAIN_HELP);
    return 0;
  }
  const { results, badInput } = await answerObjects(options, io, explainObject);

  io.stdout.write(options.output === 'json' ? renderExplainJson(results) : renderExplainText(results));
  if (badInput) return 2;
  return options.failOnConflict && results.some((r) => r.outcome === 'conflict') ? 1 : 0;
}
