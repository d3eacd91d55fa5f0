/** Running `podpreset stale` and `rollout` in-process, as the CLI entry would (UsageError → exit 2). */
import { PassThrough } from 'node:stream';
import { runRolloutCommand, type RolloutIO } from '../../src/cli/rollout.js';
import { runStale } from '../../src/cli/stale.js';
import { UsageError } from '../../src/cli/usage-error.js';
import type { CliRun } from './cli.js';

type Runner = (stdout: PassThrough, stderr: PassThrough) => Promise<number>;

async function run(runner: Runner): Promise<CliRun> {
  const [stdout, stderr] = [new PassThrough(), new PassThrough()];
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  let code: number;
  try {
    code = await runner(stdout, stderr);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    stderr.write(`podpreset: ${error.message}\n`);
    code = 2;
  }
  return { code, stdout: out, stderr: err };
}

export const stale = (args: string[]): Promise<CliRun> =>
  run((stdout, stderr) => runStale(args, { stdout, stderr }));

export const rollout = (args: string[], io: Partial<RolloutIO> = {}): Promise<CliRun> =>
  run((stdout, stderr) => runRolloutCommand(args, { stdout, stderr, pollMs: 10, ...io }));
