/**
 * The README's preview examples, run as printed: a new user copies them, so they must work and
 * print what the README says they print.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runBuilt } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/conformance.js';

const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const EXAMPLE =
  /<!-- readme-example: ([\w-]+) -->\n```console\n\$ (.+)\n([\s\S]*?)```\n<!-- readme-example: end -->/g;
const examples = [...readme.matchAll(EXAMPLE)].map(([, name, command, output]) => ({
  name: name!,
  command: command!,
  output: output!,
}));

it('the README has its preview examples', () => {
  expect(examples.map((e) => e.name)).toEqual([
    'preview',
    'preview-conflict',
    'preview-gpu',
    'preview-sidecar-keep-existing',
    'explain',
  ]);
});

it.each(examples)('README example $name prints what the README shows', async ({ command, output }) => {
  const [npx, program, ...args] = command.split(' ');
  expect([npx, program]).toEqual(['npx', 'podpreset']);
  const run = await runBuilt(args);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.stdout).toBe(output);
});
