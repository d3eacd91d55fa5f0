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

/** What parseArgs is given, and which of its arguments were a boolean flag's `=false`. */
interface Normalised {
  readonly args: string[];
  readonly off: ReadonlySet<number>;
}

/**
 * normalise rewrites, up to a `--` terminator, what kubectl reads and parseArgs does not:
 * `-f=file` (a short flag that takes a value) is `-f file`, where parseArgs would take `=file`
 * as the value; `--flag=true` and `--flag=false` (or `-A=…`) of a boolean flag are `--flag`,
 * its index in `off` when false. Any other value of a boolean flag is a UsageError.
 */
function normalise(args: readonly string[], options: Options, help: string): Normalised {
  const out: string[] = [];
  const off = new Set<number>();
  for (const [i, arg] of args.entries()) {
    if (arg === '--') return { args: [...out, ...args.slice(i)], off };
    const match = /^(--[^=]+|-[A-Za-z])=(.*)$/s.exec(arg);
    const option = match && optionOf(match[1]!, options);
    if (option?.type === 'string' && !match![1]!.startsWith('--')) out.push(match![1]!, match![2]!);
    else if (option?.type === 'boolean') {
      const [, flag, value] = match!;
      // kubectl's booleans take a value after `=` only: `--flag false` is the flag and an argument.
      if (value !== 'true' && value !== 'false')
        throw new UsageError(`${flag} takes true or false, not ${JSON.stringify(value)}\n\n${help}`);
      if (value === 'false') off.add(out.length);
      out.push(flag!);
    } else out.push(arg);
  }
  return { args: out, off };
}

/** optionOf finds the option a flag as typed (`--namespace`, `-n`) names. */
function optionOf(flag: string, options: Options): Options[string] | undefined {
  if (flag.startsWith('--'))
    return Object.hasOwn(options, flag.slice(2)) ? options[flag.slice(2)] : undefined;
  return Object.values(options).find((o) => o.short === flag.slice(1));
}

/** The flags a command knows, as users type them: `--namespace`, `-n`. */
const spellings = (options: Options): string[] =>
  Object.entries(options).flatMap(([name, o]) => [`--${name}`, ...(o.short ? [`-${o.short}`] : [])]);

/** parseCommand parses `args` against `options`, positionals allowed; a mistake is a UsageError with `help`. */
export function parseCommand<const O extends Options>(args: readonly string[], options: O, help: string) {
  const normalised = normalise(args, options, help);
  try {
    const { values, positionals, tokens } = parseArgs({
      args: normalised.args,
      options,
      strict: true,
      allowPositionals: true,
      tokens: true,
    });
    // The last time a boolean flag is given decides, as in kubectl: `--flag --flag=false` is off.
    const flags = values as Record<string, unknown>;
    for (const token of tokens)
      if (token.kind === 'option' && options[token.name]?.type === 'boolean')
        flags[token.name] = !normalised.off.has(token.index);
    return { values, positionals };
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
