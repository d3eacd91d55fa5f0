/** Command-line flags: node:util parseArgs, strict, with every mistake a UsageError (exit 2) that shows the command's help. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './usage-error.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseFlags parses `args` against `options`; an unknown flag or a missing value is a UsageError with `help`. */
export function parseFlags<const O extends Options>(args: readonly string[], options: O, help: string) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n\n${help}`);
  }
}
