/** The built CLI behaves as kubectl users expect: version, "did you mean", -f=file, full usage, usage errors before output. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runBuilt } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/conformance.js';

const version = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string })
  .version;

it.each([['version'], ['--version']])('podpreset %s prints the package version', async (arg) => {
  const run = await runBuilt([arg]);
  expect(run.code).toBe(0);
  expect(run.stdout).toBe(`podpreset ${version} (Node.js ${process.version})\n`);
});

it('an unknown command says which one was meant', async () => {
  const run = await runBuilt(['previwe', '-f', 'x.yaml']);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/^podpreset: unknown command "previwe"; did you mean preview\?\n/);
});

it('an unknown flag says which one was meant', async () => {
  const run = await runBuilt(['preview', '-f', '-', '--namepsace', 'shop']);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/^podpreset: Unknown option '--namepsace'; did you mean --namespace\?\n/);
});

it.each([
  { args: ['lint', '-f', 'examples/presets'], meant: '--presets' },
  { args: ['lint', '--filename', 'examples/presets'], meant: '--presets' },
  { args: ['serve', '-f', 'examples/presets'], meant: '--presets' },
  { args: ['serve', '--file', 'examples/presets'], meant: '--presets' },
  { args: ['preview', '--file', 'pod.yaml'], meant: '--filename' },
  { args: ['explain', '--file', 'pod.yaml'], meant: '--filename' },
])('$args.0 $args.1 suggests $meant, the flag that reads those files', async ({ args, meant }) => {
  const run = await runBuilt(args);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(
    new RegExp(`^podpreset: Unknown option '${args[1]}'; did you mean ${meant}\\?\n`),
  );
});

it('a short flag is not guessed to be another short flag', async () => {
  const run = await runBuilt(['stale', '-f', 'x']);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/^podpreset: Unknown option '-f'\n/);
});

it.each([['preview'], ['explain'], ['lint'], ['serve']])(
  '%s refuses a --presets path that does not exist, printing nothing on stdout',
  async (command) => {
    const files = ['preview', 'explain'].includes(command) ? ['-f', 'examples/workloads/pod.yaml'] : [];
    const run = await runBuilt([command, ...files, '--presets', 'no-such-dir']);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: 'podpreset: --presets no-such-dir: no such file or directory\n',
    });
  },
);

it('a flag nothing is near gets no guess', async () => {
  const run = await runBuilt(['serve', '--frobnicate']);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/^podpreset: Unknown option '--frobnicate'\n/);
});

it('-f=FILE and -n=NS read as -f FILE and -n NS, as kubectl', async () => {
  const pod = join(REPO_ROOT, 'examples', 'workloads', 'deployment.yaml');
  const presets = join(REPO_ROOT, 'examples', 'presets');
  const spaced = await runBuilt(['preview', '-f', pod, '--presets', presets, '-n', 'shop', '-o', 'json']);
  const equals = await runBuilt(['preview', `-f=${pod}`, `--presets=${presets}`, '-n=shop', '-o=json']);
  expect(equals.stderr).toBe('');
  expect(equals.code).toBe(0);
  expect(equals.stdout).toBe(spaced.stdout);
});

it('the top-level usage lists every flag of every command', async () => {
  const help = await runBuilt(['--help']);
  expect(help.code).toBe(0);
  const commands = [...help.stdout.matchAll(/^ {2}podpreset ([a-z]+)/gm)].map((m) => m[1]!);
  expect(commands).toEqual(expect.arrayContaining(['preview', 'serve', 'version']));
  for (const command of commands) {
    const own = await runBuilt([command, '--help']);
    const flags = new Set(own.stdout.match(/--[a-z][a-z-]*/g) ?? []);
    flags.delete('--help');
    flags.delete('--version');
    // A flag with a short alias ("-f, --filename") may be listed by the alias, as kubectl does.
    const aliases = new Map([...own.stdout.matchAll(/(-[a-zA-Z]), (--[a-z-]+)/g)].map((m) => [m[2]!, m[1]!]));
    for (const flag of flags) {
      const alias = aliases.get(flag);
      const listed =
        help.stdout.includes(flag) ||
        (alias !== undefined && new RegExp(`(^|[\\s[|])${alias}(?![\\w-])`, 'm').test(help.stdout));
      expect(listed, `${command} ${flag}`).toBe(true);
    }
  }
});
