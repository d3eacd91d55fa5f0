/**
 * What `preview` and `explain` share: the same flags (-f, --presets, --kubeconfig, --context, --namespace,
 * -o, --fail-on-conflict), the same inputs, and one answer per Pod or workload, every object
 * that cannot be answered reported on stderr by file and document.
 */
import { isPlainObject } from '../core/json.js';
import { describeObject, type SourcedDocument } from '../core/load.js';
import type { Result } from '../core/result.js';
import type { KubeObject } from '../core/types.js';
import type { PresetCatalog } from '../core/catalog.js';
import { parseCommand, refusePositionals } from './flags.js';
import { readInputs, readPresets, type ClusterReader } from './inputs.js';
import { reportProblems } from './report.js';
import { UsageError } from './usage-error.js';

export interface ObjectCommandOptions<F extends string> {
  /** `preview` or `explain`: named in messages that say how to run it otherwise. */
  readonly command: string;
  readonly files: string[];
  readonly presetPaths: string[];
  readonly kubeconfig: string | undefined;
  readonly context: string | undefined;
  readonly namespace: string | undefined;
  readonly output: F;
  readonly failOnConflict: boolean;
  readonly positionals: string[];
}

/**
 * parseObjectCommand parses the shared flags; `formats[0]` is the default output. Only explain
 * takes positional arguments (KIND/NAME).
 */
export function parseObjectCommand<F extends string>(
  args: readonly string[],
  command: string,
  formats: readonly F[],
  help: string,
): ObjectCommandOptions<F> | 'help' {
  const flags = {
    filename: { type: 'string', short: 'f', multiple: true },
    presets: { type: 'string', multiple: true },
    kubeconfig: { type: 'string' },
    context: { type: 'string' },
    namespace: { type: 'string', short: 'n' },
    output: { type: 'string', short: 'o', default: String(formats[0]) },
    'fail-on-conflict': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  } as const;
  const { values, positionals } = parseCommand(args, flags, help);
  if (values.help) return 'help';
  const takesRefs = command === 'explain';
  if (!takesRefs) refusePositionals(positionals, flags, help);
  const file = positionals.find(looksLikeFile);
  if (file !== undefined) {
    throw new UsageError(
      `${JSON.stringify(file)} looks like a file: files are passed with -f (-f ${file}); an argument is KIND/NAME of a live object\n\n${help}`,
    );
  }
  if (!formats.includes(values.output as F)) {
    throw new UsageError(
      `--output must be one of ${formats.join(', ')}, not ${JSON.stringify(values.output)}`,
    );
  }
  const files = values.filename ?? [];
  if (files.filter((f) => f === '-').length > 1) throw new UsageError("stdin ('-f -') can be read once");
  if (files.length === 0 && positionals.length === 0)
    throw new UsageError(
      `${command} needs at least one -f FILE${takesRefs ? ' or KIND/NAME' : ''}\n\n${help}`,
    );
  return {
    command,
    files,
    presetPaths: values.presets ?? [],
    kubeconfig: values.kubeconfig,
    context: values.context,
    namespace: values.namespace,
    output: values.output as F,
    failOnConflict: values['fail-on-conflict'],
    positionals,
  };
}

/** A manifest's name, or stdin: what a user meant to pass with -f, never a KIND/NAME. */
const looksLikeFile = (argument: string): boolean => argument === '-' || /\.(ya?ml|json)$/i.test(argument);

/** Reads live objects named `KIND/NAME` from the cluster of a kubeconfig (the kube/ adapter). */
export type LiveReader = (
  refs: readonly string[],
  kubeconfig: string | undefined,
  namespace: string | undefined,
  context?: string,
) => Promise<SourcedDocument[]>;

export interface ObjectCommandIO {
  readonly stdin: NodeJS.ReadableStream;
  readonly stderr: NodeJS.WritableStream;
  /** Reads presets and namespaces from the cluster of a kubeconfig (no --presets). */
  readonly readCluster?: ClusterReader;
  /** Reads `KIND/NAME` arguments (explain); absent: they are a usage error. */
  readonly readLive?: LiveReader;
}

/** Live objects, or a UsageError (exit 2) saying why they cannot be had. */
async function readLiveObjects(
  options: ObjectCommandOptions<string>,
  io: ObjectCommandIO,
): Promise<SourcedDocument[]> {
  if (options.positionals.length === 0) return [];
  if (!io.readLive) throw new UsageError(`unexpected argument ${JSON.stringify(options.positionals[0])}`);
  try {
    return await io.readLive(options.positionals, options.kubeconfig, options.namespace, options.context);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export interface Answers<R> {
  readonly results: R[];
  /** The objects answered, in the order of `results`. */
  readonly objects: KubeObject[];
  /** Something could not be read or answered (exit 2). */
  readonly badInput: boolean;
}

type Answer<R> = (
  object: KubeObject,
  namespace: string | undefined,
  catalog: PresetCatalog,
) => Result<R, string>;

/**
 * answerObjects reads the inputs and answers each object, reporting every problem: each of the
 * `objects` (not presets or Namespaces), or each of the `documents` for a command that passes
 * every document of a manifest through (preview).
 */
export async function answerObjects<R>(
  options: ObjectCommandOptions<string>,
  io: ObjectCommandIO,
  answer: Answer<R>,
  which: 'objects' | 'documents' = 'objects',
): Promise<Answers<R>> {
  // KIND/NAME is read from the cluster whatever --presets says: no hint to go offline then.
  const command = options.positionals.length > 0 ? undefined : options.command;
  const presetOptions = { ...options, command, readCluster: io.readCluster };
  // Files and presets first: a mistyped --presets path is refused before the cluster is asked for KIND/NAME.
  const inputs =
    options.files.length > 0
      ? await readInputs(presetOptions, io.stdin)
      : { ...(await readPresets(presetOptions)), objects: [], documents: [] };
  const live = await readLiveObjects(options, io);
  let badInput = inputs.problems.length > 0;
  for (const problem of inputs.problems) reportProblems(io.stderr, problem);

  const results: R[] = [];
  const objects: KubeObject[] = [];
  for (const { source, object } of [...inputs[which], ...live]) {
    const result = isPlainObject(object)
      ? answer(object, inputs.namespace, inputs.catalog)
      : ({ ok: false, error: 'not an object' } as const);
    if (result.ok) {
      results.push(result.value);
      objects.push(object as KubeObject);
      continue;
    }
    badInput = true;
    const what = describeObject(object);
    reportProblems(io.stderr, { source, ...(what ? { object: what } : {}), problems: [result.error] });
  }
  return { results, objects, badInput };
}
