/** Command-line flags: node:util parseArgs, strict, with every mistake a UsageError (exit 2) that shows the command's help. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { didYouMean, type Confusions } from './did-you-mean.js';
import { UsageError } from './usage-error.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Flags brought from kubectl or from another podpreset command: kubectl's `-f` reads files, which
 * lint and serve take with --presets; `--file` is an old kubectl spelling of `--filename`.
 */
const CONFUSIONS: Confusions = new Map([
  ['-f', ['--presets']],
  ['--filename', ['--presets']],
  ['--file', ['--filename', '--presets']],
]);

/**
 * kubectl reads `-f=file` as `-f file`; parseArgs would take `=file` as the value. Split such
 * arguments for short flags that take a value (up to a `--` terminator).
 */
function splitShortEquals(args: readonly string[], options: Options): string[] {
  const takesValue = new Set(
    Object.values(options).flatMap((o) => (o.short && o.type === 'string' ? [o.short] : [])),
  );
  const out: string[] = [];
  for (const [i, arg] of args.entries()) {
    if (arg === '--') return [...out, ...args.slice(i)];
    const match = /^-([A-Za-z])=(.*)$/s.exec(arg);
    if (match && takesValue.has(match[1]!)) out.push(`-${match[1]}`, match[2]!);
    else out.push(arg);
  }
  return out;
}

/** The flags a command knows, as users type them: `--namespace`, `-n`. */
const spellings = (options: Options): string[] =>
  Object.entries(options).flatMap(([name, o]) => [`--${name}`, ...(o.short ? [`-${o.short}`] : [])]);

/** parseCommand parses `args` against `options`, positionals allowed; a mistake is a UsageError with `help`. */
export function parseCommand<const O extends Options>(args: readonly string[], options: O, help: string) {
  try {
    return parseArgs({
      args: splitShortEquals(args, options),
      options,
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const unknown = /^Unknown option '([^']+)'/.exec(message);
    // Node's text goes on about positional arguments: say what was meant instead.
    const said = unknown
      ? `Unknown option '${unknown[1]}'${didYouMean(unknown[1]!.split('=')[0]!, spellings(options), CONFUSIONS)}`
      : message;
    throw new UsageError(`${said}\n\n${help}`);
  }
}

/**
 * refusePositionals is a UsageError for the first positional argument, if any, of a command that
 * takes none. A path there was meant for the command's file flag: the message says which.
 */
export function refusePositionals(positionals: readonly string[], options: Options, help: string): void {
  const [first] = positionals;
  if (first === undefined) return;
  const flag = options['filename'] ? '-f' : options['presets'] ? '--presets' : undefined;
  const hint = flag ? `; files are passed with ${flag} (${flag} ${first})` : '';
  throw new UsageError(
    `Unexpected argument '${first}'. This command does not take positional arguments${hint}\n\n${help}`,
  );
}

/** parseFlags parses `args` against `options`; an unknown flag, a missing value or a positional is a UsageError with `help`. */
export function parseFlags<const O extends Options>(args: readonly string[], options: O, help: string) {
  const { values, positionals } = parseCommand(args, options, help);
  refusePositionals(positionals, options, help);
  return values;
}
