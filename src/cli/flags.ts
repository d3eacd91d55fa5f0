/** Command-line flags: node:util parseArgs, strict, with every mistake a UsageError (exit 2) that shows the command's help. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './usage-error.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseCommand parses `args` against `options`, positionals allowed; a mistake is a UsageError with `help`. */
export function parseCommand<const O extends Options>(args: readonly string[], options: O, help: string) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n\n${help}`);
  }
}

/** parseFlags parses `args` against `options`; an unknown flag, a missing value or a positional is a UsageError with `help`. */
export function parseFlags<const O extends Options>(args: readonly string[], options: O, help: string) {
  const { values, positionals } = parseCommand(args, options, help);
  if (positionals.length > 0)
    throw new UsageError(
      `Unexpected argument '${positionals[0]}'. This command does not take positional arguments\n\n${help}`,
    );
  return values;
}
