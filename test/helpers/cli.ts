/** Running the CLI: in-process (runPreview) and as the built program under plain node. */
import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { runPreview } from '../../src/cli/preview.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { REPO_ROOT } from './conformance.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export const BUILT_CLI = join(REPO_ROOT, 'dist', 'src', 'cli', 'index.js');

function collect(stream: PassThrough): () => string {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return () => Buffer.concat(chunks).toString('utf8');
}

/** preview runs `podpreset preview` in-process, as the CLI entry would (UsageError → exit 2). */
export async function preview(args: string[], stdin = ''): Promise<CliRun> {
  const [input, stdout, stderr] = [new PassThrough(), new PassThrough(), new PassThrough()];
  const [out, err] = [collect(stdout), collect(stderr)];
  input.end(stdin);
  let code: number;
  try {
    code = await runPreview(args, { stdin: input, stdout, stderr });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    stderr.write(`podpreset: ${error.message}\n`);
    code = 2;
  }
  return { code, stdout: out(), stderr: err() };
}

/**
 * runBuilt runs the compiled CLI with plain node (no vitest module resolution); with `program`,
 * that file is executed itself, as a shell or kubectl would (its shebang finds node on PATH).
 */
export function runBuilt(
  args: string[],
  options: {
    cwd?: string;
    stdin?: string;
    env?: NodeJS.ProcessEnv;
    program?: string;
    /** Run as this user (the suite may run as root, for whom no permission is ever denied). */
    user?: { uid: number; gid: number };
  } = {},
): Promise<CliRun> {
  const [command, argv] = options.program
    ? [options.program, args]
    : [process.execPath, [BUILT_CLI, ...args]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      ...options.user,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}
