/** The flag parsing every command shares: kubectl's spellings, and usage errors that say what was meant. */
import { describe, expect, it } from 'vitest';
import { parseCommand, parseFlags } from '../../src/cli/flags.js';
import { UsageError } from '../../src/cli/usage-error.js';

const HELP = 'Usage: podpreset test';
const OPTIONS = {
  presets: { type: 'string', multiple: true },
  namespace: { type: 'string', short: 'n' },
  'fail-on-conflict': { type: 'boolean', default: false },
  'all-namespaces': { type: 'boolean', short: 'A', default: false },
} as const;
const FILE_OPTIONS = { filename: { type: 'string', short: 'f', multiple: true }, ...OPTIONS } as const;

const refusal = (args: string[], options: typeof OPTIONS | typeof FILE_OPTIONS = OPTIONS): string => {
  try {
    parseFlags(args, options, HELP);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).message.split('\n')[0]!;
  }
  throw new Error(`${args.join(' ')} was accepted`);
};

describe('boolean flags', () => {
  it.each([
    { args: [], on: false },
    { args: ['--fail-on-conflict'], on: true },
    { args: ['--fail-on-conflict=true'], on: true },
    { args: ['--fail-on-conflict=false'], on: false },
    { args: ['--fail-on-conflict', '--fail-on-conflict=false'], on: false },
    { args: ['--fail-on-conflict=false', '--fail-on-conflict'], on: true },
  ])('$args sets the flag to $on, the last one deciding as in kubectl', ({ args, on }) => {
    expect(parseFlags(args, OPTIONS, HELP)['fail-on-conflict']).toBe(on);
  });

  it('reads -A=true and -A=false as the long spelling', () => {
    expect(parseFlags(['-A=true'], OPTIONS, HELP)['all-namespaces']).toBe(true);
    expect(parseFlags(['-A=false'], OPTIONS, HELP)['all-namespaces']).toBe(false);
  });

  it.each(['yes', 'True', '1', ''])(
    'refuses --fail-on-conflict=%j: a boolean takes true or false',
    (value) => {
      expect(refusal([`--fail-on-conflict=${value}`])).toBe(
        `--fail-on-conflict takes true or false, not ${JSON.stringify(value)}`,
      );
    },
  );

  it('leaves everything after -- alone', () => {
    const { values, positionals } = parseCommand(['--', '--fail-on-conflict=yes'], OPTIONS, HELP);
    expect(values['fail-on-conflict']).toBe(false);
    expect(positionals).toEqual(['--fail-on-conflict=yes']);
  });
});

describe('what a usage error suggests', () => {
  it.each([
    { args: ['-f', 'x'], options: OPTIONS, meant: '--presets' },
    { args: ['--filename', 'x'], options: OPTIONS, meant: '--presets' },
    { args: ['--file', 'x'], options: OPTIONS, meant: '--presets' },
    { args: ['--file', 'x'], options: FILE_OPTIONS, meant: '--filename' },
    { args: ['--namepsace', 'x'], options: OPTIONS, meant: '--namespace' },
  ])('$args suggests $meant', ({ args, options, meant }) => {
    expect(refusal(args, options)).toBe(`Unknown option '${args[0]}'; did you mean ${meant}?`);
  });

  it('guesses no other letter for an unknown short flag', () => {
    expect(refusal(['-x'])).toBe("Unknown option '-x'");
  });

  it.each([
    { options: FILE_OPTIONS, flag: '-f' },
    { options: OPTIONS, flag: '--presets' },
  ])('says a path given as an argument is passed with $flag', ({ options, flag }) => {
    expect(refusal(['pod.yaml'], options)).toBe(
      `Unexpected argument 'pod.yaml'. This command does not take positional arguments; files are passed with ${flag} (${flag} pod.yaml)`,
    );
  });
});
