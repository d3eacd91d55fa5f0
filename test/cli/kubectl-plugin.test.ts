/**
 * `kubectl podpreset …`: kubectl runs the executable `kubectl-podpreset` it finds on PATH with the
 * arguments after `podpreset`. The package installs that name as a second bin (npm links it like
 * the first); here the built program runs under that name exactly as kubectl would start it.
 */
import { mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILT_CLI, runBuilt } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/conformance.js';

const PACKAGE = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
};

/** A PATH directory holding `kubectl-podpreset`, linked as npm links a bin. */
function pluginOnPath(): { program: string; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(join(tmpdir(), 'podpreset-plugin-'));
  const program = join(dir, 'kubectl-podpreset');
  symlinkSync(BUILT_CLI, program);
  return { program, env: { PATH: [dir, dirname(process.execPath), process.env['PATH']].join(delimiter) } };
}

describe('kubectl plugin', () => {
  it('package.json installs kubectl-podpreset as the same program as podpreset', () => {
    expect(PACKAGE.bin['kubectl-podpreset']).toBe(PACKAGE.bin['podpreset']);
  });

  it('runs under the plugin name and names itself `kubectl podpreset` in its help', async () => {
    const run = await runBuilt(['--help'], pluginOnPath());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('kubectl podpreset preview -f FILE...');
    expect((await runBuilt(['--help'])).stdout).toContain('\n  podpreset preview -f FILE...');
  });

  it("names itself `kubectl podpreset` in each command's help and usage errors, aligned", async () => {
    const plugin = pluginOnPath();
    const help = await runBuilt(['preview', '--help'], plugin);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: kubectl podpreset preview -f FILE\.\.\. /);
    // The continuation line stays under the first flag, 8 columns further than under `podpreset`.
    const [first, second] = help.stdout.split('\n');
    expect(second!.search(/\S/)).toBe(first!.indexOf('-f FILE'));
    expect(help.stdout).toContain('the podpreset webhook'); // prose names the product, not the command

    const usage = await runBuilt(['preview'], plugin);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(
      /^kubectl podpreset: preview needs at least one -f FILE\n\nUsage: kubectl podpreset preview /,
    );

    const rollout = await runBuilt(['rollout', '--help'], plugin);
    expect(rollout.stdout).toContain("'kubectl podpreset stale'");
    for (const command of ['explain', 'lint', 'serve', 'stale', 'version']) {
      const run = await runBuilt([command, '--help'], plugin);
      expect(run.stdout, command).toMatch(new RegExp(`^Usage: kubectl podpreset ${command}`));
    }
    const unknown = await runBuilt(['lint', '--bogus'], plugin);
    expect(unknown.stderr).toMatch(/^kubectl podpreset: .*\n\nUsage: kubectl podpreset lint /);
    // Run as `podpreset`, nothing changes.
    expect((await runBuilt(['preview', '--help'])).stdout).toMatch(/^Usage: podpreset preview -f /);
  });

  it('previews a workload under the plugin name exactly as `podpreset preview` does', async () => {
    const args = ['preview', '-f', 'examples/workloads/deployment.yaml', '--presets', 'examples/presets'];
    const run = await runBuilt([...args, '-n', 'shop', '-o', 'json'], pluginOnPath());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [result] = (JSON.parse(run.stdout) as { results: { kind: string; outcome: string }[] }).results;
    expect(result).toMatchObject({ kind: 'Deployment', outcome: 'mutated' });
    expect(run.stdout).toBe((await runBuilt([...args, '-n', 'shop', '-o', 'json'])).stdout);
  });
});
