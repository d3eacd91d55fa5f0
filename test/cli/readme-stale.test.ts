/**
 * The README's "After you change a preset" examples, run as printed against the API double seeded
 * with the shop they show (test/helpers/stale-shop.ts): what a user reads is what the commands print.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { rollout, stale } from '../helpers/cluster-cli.js';
import { REPO_ROOT } from '../helpers/conformance.js';
import { KubeApiDouble, writeKubeconfig } from '../helpers/kube-api-double.js';
import { actAsControllers } from '../helpers/kube-api-double/rollouts.js';
import { seedShop } from '../helpers/stale-shop.js';

const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const EXAMPLE =
  /<!-- stale-example: ([\w-]+) -->\n```console\n\$ (.+)\n([\s\S]*?)```\n<!-- stale-example: end -->/g;
const examples = [...readme.matchAll(EXAMPLE)].map(([, name, command, output]) => ({
  name: name!,
  command: command!,
  output: output!,
}));

let double: KubeApiDouble | undefined;
afterEach(async () => {
  await double?.close();
});

it('the README has its stale and rollout examples', () => {
  expect(examples.map((e) => e.name)).toEqual(['stale', 'rollout-plan', 'rollout-apply']);
});

it.each(examples)('README example $name prints what the README shows', async ({ command, output }) => {
  double = await KubeApiDouble.start();
  seedShop(double);
  actAsControllers(double.store);
  const [program, subcommand, ...args] = command.split(' ');
  expect(program).toBe('podpreset');
  const kubeconfig = ['--kubeconfig', writeKubeconfig(double)];
  const run =
    subcommand === 'stale' ? await stale([...args, ...kubeconfig]) : await rollout([...args, ...kubeconfig]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.stdout).toBe(output);
});
