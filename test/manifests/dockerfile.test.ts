/**
 * The Dockerfile cannot be built here (no container engine), so its structure is linted instead.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PORT } from '../../src/server/paths.js';
import { imageNodeFlags } from '../../bench/servers.js';
import { REPO_ROOT, find, kustomize } from './load.js';

interface Instruction {
  op: string;
  args: string;
}
interface Stage {
  from: string;
  name: string | undefined;
  instructions: Instruction[];
}

/** parseDockerfile joins continuation lines, drops comments and splits the file into stages. */
function parseDockerfile(text: string): Stage[] {
  const logical = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const stages: Stage[] = [];
  for (const line of logical) {
    const match = /^(\w+)\s+(.*)$/.exec(line);
    if (!match?.[1] || match[2] === undefined) throw new Error(`cannot parse: ${line}`);
    const op = match[1].toUpperCase();
    const args = match[2];
    if (op === 'FROM') {
      const from = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      if (!from?.[1]) throw new Error(`cannot parse FROM ${args}`);
      stages.push({ from: from[1], name: from[2], instructions: [] });
    } else {
      const stage = stages.at(-1);
      if (!stage) throw new Error(`${op} before FROM`);
      stage.instructions.push({ op, args });
    }
  }
  return stages;
}

const stages = parseDockerfile(readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8'));
const runtime = stages.at(-1) as Stage;
const all = (stage: Stage, op: string) => stage.instructions.filter((i) => i.op === op).map((i) => i.args);
const PACKAGE = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
};

describe('Dockerfile', () => {
  it('has a build stage and a runtime stage, both on a Node 24 image pinned to an exact release', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) {
      expect(stage.from).toMatch(
        /^node:24\.\d+\.\d+-(bookworm-slim|bookworm|alpine3\.\d+)(@sha256:[0-9a-f]{64})?$/,
      );
      expect(stage.name).toBeDefined();
    }
  });

  it('installs only production dependencies, from the lock file, in the runtime stage', () => {
    const runs = all(runtime, 'RUN');
    expect(runs.some((r) => /\bnpm ci\b.*--omit=dev/.test(r))).toBe(true);
    expect(runs.some((r) => /\bnpm (install|i)\b/.test(r))).toBe(false);
    expect(runs.filter((r) => /\bnpm ci\b/.test(r)).every((r) => r.includes('--omit=dev'))).toBe(true);
  });

  it('copies only the manifest, the lock file and the compiled output into the runtime stage', () => {
    const copies = all(runtime, 'COPY').map((c) => c.split(/\s+/));
    const sources = copies.flatMap((parts) => parts.filter((p) => !p.startsWith('--')).slice(0, -1));
    expect(sources.sort()).toEqual(['/src/dist/src', 'package-lock.json', 'package.json']);
    const fromBuild = copies.find((parts) => parts.some((p) => p.startsWith('--from=')));
    expect(fromBuild?.[0]).toBe(`--from=${stages[0]?.name ?? ''}`);
  });

  it('never ADDs anything (no remote URLs, no archives)', () => {
    for (const stage of stages) expect(all(stage, 'ADD')).toEqual([]);
  });

  it('runs as a numeric non-root user, the one the Deployment declares', () => {
    const users = all(runtime, 'USER');
    expect(users).toHaveLength(1);
    const [uid, gid] = (users[0] ?? '').split(':').map(Number);
    expect(uid).toBeGreaterThan(0);
    expect(gid).toBeGreaterThan(0);
    const deployment = find(kustomize(path.join(REPO_ROOT, 'webhook-config')), 'Deployment') as unknown as {
      spec: { template: { spec: { securityContext: { runAsUser: number; runAsGroup: number } } } };
    };
    expect(deployment.spec.template.spec.securityContext).toMatchObject({ runAsUser: uid, runAsGroup: gid });
  });

  it('starts `podpreset serve` from the package bin, in exec form', () => {
    const entrypoints = all(runtime, 'ENTRYPOINT');
    expect(entrypoints).toHaveLength(1);
    const argv = JSON.parse(entrypoints[0] ?? '') as string[];
    // V8 flags NODE_OPTIONS refuses go before the script; the bench runs the webhook with the same.
    const flags = ['--single-threaded-gc', '--min-semi-space-size=4', '--expose-gc'];
    expect(argv).toEqual(['node', ...flags, `/app/${PACKAGE.bin.podpreset ?? ''}`, 'serve']);
    expect(imageNodeFlags(readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8'))).toEqual(flags);
    expect(all(runtime, 'WORKDIR')).toEqual(['/app']);
    expect(all(runtime, 'CMD')).toEqual([]);
  });

  it('points TMPDIR at /tmp, runs in production mode and exposes the default port', () => {
    const env = all(runtime, 'ENV').join(' ');
    expect(env).toMatch(/\bTMPDIR=\/tmp\b/);
    expect(env).toMatch(/\bNODE_ENV=production\b/);
    expect(all(runtime, 'EXPOSE')).toEqual([String(DEFAULT_PORT)]);
  });

  it('keeps the build context small and free of local state', () => {
    const ignored = readFileSync(path.join(REPO_ROOT, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['node_modules', 'dist', '.git', '.certs']) expect(ignored).toContain(entry);
  });
});
