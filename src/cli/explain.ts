/**
 * `podpreset explain`: why each preset did or did not apply to Pods and workloads, from files
 * (-f) or a live object (KIND/NAME), against --presets or the cluster's presets. The same
 * explainObject() answers POST /explain.
 */
import { explainObject, type ExplainResult } from '../core/explain.js';
import { isPlainObject } from '../core/json.js';
import { describeObject } from '../core/load.js';
import {
  EXPLAIN_FORMATS,
  renderExplainJson,
  renderExplainText,
  type ExplainFormat,
} from './explain-render.js';
import { parseCommand } from './flags.js';
import { readInputs, type ClusterReader } from './inputs.js';
import { reportProblems } from './report.js';
import { UsageError } from './usage-error.js';

export const EXPLAIN_HELP = `Usage: podpreset explain (-f FILE... | KIND/NAME) [--presets PATH]... [--namespace NS] [-o text|json] [--fail-on-conflict]

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
  -n, --namespace NS    namespace of objects (and presets) that name none; default "default"
  -o, --output FORMAT   text (default) or json (one document, as POST /explain answers)
      --fail-on-conflict  exit 1 if any object has a conflict

Exit codes: 0 every input explained; 1 a conflict with --fail-on-conflict; 2 bad input or usage.
`;

export interface ExplainIO {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly readCluster?: ClusterReader;
}

interface ExplainOptions {
  files: string[];
  presetPaths: string[];
  kubeconfig: string | undefined;
  namespace: string | undefined;
  output: ExplainFormat;
  failOnConflict: boolean;
}

function parseOptions(args: readonly string[]): ExplainOptions | 'help' {
  const { values, positionals } = parseCommand(
    args,
    {
      filename: { type: 'string', short: 'f', multiple: true },
      presets: { type: 'string', multiple: true },
      kubeconfig: { type: 'string' },
      namespace: { type: 'string', short: 'n' },
      output: { type: 'string', short: 'o', default: 'text' },
      'fail-on-conflict': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    EXPLAIN_HELP,
  );
  if (values.help) return 'help';
  if (positionals.length > 0)
    throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}\n\n${EXPLAIN_HELP}`);
  if (!values.filename?.length) throw new UsageError(`explain needs -f FILE or KIND/NAME\n\n${EXPLAIN_HELP}`);
  if (!EXPLAIN_FORMATS.includes(values.output as ExplainFormat)) {
    throw new UsageError(
      `--output must be one of ${EXPLAIN_FORMATS.join(', ')}, not ${JSON.stringify(values.output)}`,
    );
  }
  if (values.filename.filter((f) => f === '-').length > 1)
    throw new UsageError("stdin ('-f -') can be read once");
  return {
    files: values.filename,
    presetPaths: values.presets ?? [],
    kubeconfig: values.kubeconfig,
    namespace: values.namespace,
    output: values.output as ExplainFormat,
    failOnConflict: values['fail-on-conflict'],
  };
}

/** runExplain runs `podpreset explain ARGS` and resolves with the exit code. */
export async function runExplain(args: readonly string[], io: ExplainIO): Promise<number> {
  const options = parseOptions(args);
  if (options === 'help') {
    io.stdout.write(EXPLAIN_HELP);
    return 0;
  }
  let badInput = false;
  const inputs = await readInputs({ ...options, readCluster: io.readCluster }, io.stdin);
  for (const problem of inputs.problems) {
    badInput = true;
    reportProblems(io.stderr, problem);
  }

  const results: ExplainResult[] = [];
  for (const { source, object } of inputs.objects) {
    const result = isPlainObject(object)
      ? explainObject(object, options.namespace, inputs.catalog)
      : ({ ok: false, error: 'not an object' } as const);
    if (result.ok) results.push(result.value);
    else {
      badInput = true;
      const what = describeObject(object);
      reportProblems(io.stderr, { source, ...(what ? { object: what } : {}), problems: [result.error] });
    }
  }

  io.stdout.write(options.output === 'json' ? renderExplainJson(results) : renderExplainText(results));
  if (badInput) return 2;
  return options.failOnConflict && results.some((r) => r.outcome === 'conflict') ? 1 : 0;
}
