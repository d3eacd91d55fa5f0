/**
 * `podpreset serve` as users run it: flags, and the built CLI under plain Node answering over
 * HTTPS and draining on SIGTERM (requests in flight finish, new connections are refused, exit 0).
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseServeArgs } from '../../src/cli/serve-flags.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { aReview, decodePatch, type ReviewAnswer, uidOf } from '../helpers/admission.js';
import { aPod } from '../helpers/builders.js';
import { REPO_ROOT } from '../helpers/conformance.js';
import { send } from '../helpers/https-client.js';

const CLI = join(REPO_ROOT, 'dist', 'src', 'cli', 'index.js');

describe('serve flags', () => {
  it('reads every flag of docs/CONVENTIONS.md', () => {
    expect(
      parseServeArgs([
        '--presets',
        'a',
        '--presets=b',
        '--host',
        '127.0.0.1',
        '--port',
        '0',
        '--tls-cert',
        'c.crt',
        '--tls-key',
        'c.key',
        '--dns-name',
        'x.svc',
        '--log-level',
        'debug',
      ]),
    ).toMatchObject({
      presets: ['a', 'b'],
      host: '127.0.0.1',
      port: 0,
      tlsCert: 'c.crt',
      tlsKey: 'c.key',
      dnsNames: ['x.svc'],
      logLevel: 'debug',
    });
    expect(
      parseServeArgs([
        '--kubeconfig',
        'k',
        '--cert-secret',
        'podpreset-system/podpreset-webhook-tls',
        '--dns-name',
        'podpreset-webhook.podpreset-system.svc',
        '--webhook-config',
        'podpreset',
        '--lease',
        'podpreset-system/podpreset-status-writer',
        '--narrow-scope',
        '--cert-dir',
        '/tmp/c',
      ]),
    ).toMatchObject({
      presets: [],
      port: 8443,
      host: '0.0.0.0',
      kubeconfig: 'k',
      certSecret: { namespace: 'podpreset-system', name: 'podpreset-webhook-tls' },
      webhookConfigs: ['podpreset'],
      lease: { namespace: 'podpreset-system', name: 'podpreset-status-writer' },
      narrowScope: true,
      certDir: '/tmp/c',
    });
    expect(parseServeArgs([])).toMatchObject({ narrowScope: false });
  });

  it.each([
    { args: ['--bogus'], message: "Unknown option '--bogus'" },
    { args: ['extra'], message: 'positional' },
    { args: ['--port', '99999'], message: '--port must be a number from 0 to 65535' },
    { args: ['--port', 'x'], message: '--port must be a number' },
    { args: ['--tls-cert', 'a'], message: '--tls-cert and --tls-key go together' },
    { args: ['--tls-cert', 'a', '--tls-key', 'b', '--cert-dir', 'c'], message: 'exclude each other' },
    { args: ['--lease', 'nameonly'], message: '--lease must be NAMESPACE/NAME' },
    { args: ['--cert-secret', 'a/b'], message: '--cert-secret needs the DNS name' },
    { args: ['--cert-secret', 'a/b'], message: 'pass --dns-name' },
    { args: ['--log-level', 'loud'], message: '--log-level must be one of' },
    { args: ['--presets', 'p', '--lease', 'a/b'], message: '--lease belongs to cluster mode' },
    { args: ['--presets', 'p', '--context', 'prod'], message: '--context belongs to cluster mode' },
    { args: ['--presets', 'p', '--narrow-scope'], message: '--narrow-scope belongs to cluster mode' },
    {
      args: ['--presets', 'p', '--narrow-scope', '--lease', 'a/b'],
      message: '--lease and --narrow-scope belong to cluster mode',
    },
    { args: ['--narrow-scope', '--webhook-config', 'w'], message: '--narrow-scope needs --lease NS/NAME' },
    { args: ['--narrow-scope', '--lease', 'a/b'], message: 'and --webhook-config NAME' },
  ])('$args is a usage error', ({ args, message }) => {
    expect(() => parseServeArgs(args)).toThrow(UsageError);
    expect(() => parseServeArgs(args)).toThrow(message);
  });
});

type Child = ChildProcessByStdio<null, Readable, Readable>;

function startCli(args: string[]): { child: Child; lines: Record<string, unknown>[]; stderr: () => string } {
  const child = spawn(process.execPath, [CLI, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Record<string, unknown>[] = [];
  let pending = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const complete = pending.split('\n');
    pending = complete.pop() ?? '';
    for (const line of complete) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { child, lines, stderr: () => stderr };
}

const exited = (child: Child): Promise<number | null> =>
  child.exitCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((resolve) => child.once('exit', resolve));

describe('the built CLI', () => {
  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm test does)`);
  });
  let dir: string;
  let child: Child | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'podpreset-serve-'));
  });
  afterEach(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGKILL');
      await exited(child);
    }
    await rm(dir, { recursive: true, force: true });
  });

  it('exits 2 on an unknown flag, with the message on stderr', async () => {
    const run = startCli(['--bogus']);
    child = run.child;
    expect(await exited(run.child)).toBe(2);
    expect(run.stderr()).toContain("podpreset: Unknown option '--bogus'");
  });

  it('exits 2 with what to pass when the port is taken, before it serves anything', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const presets = join(REPO_ROOT, 'examples', 'presets');
      const args = ['--presets', presets, '--host', '127.0.0.1', '--port', String(port), '--cert-dir', dir];
      const run = startCli(args);
      child = run.child;
      expect(await exited(run.child)).toBe(2);
      expect(run.stderr()).toBe(
        `podpreset: cannot listen on 127.0.0.1:${port}: the address is in use; pass another --port\n`,
      );
    } finally {
      taken.close();
    }
  });

  it('exits 2 naming --tls-cert/--tls-key when the pair does not load', async () => {
    const missing = join(dir, 'missing.crt');
    const presets = join(REPO_ROOT, 'examples', 'presets');
    const run = startCli(['--presets', presets, '--port', '0', '--tls-cert', missing, '--tls-key', missing]);
    child = run.child;
    expect(await exited(run.child)).toBe(2);
    expect(run.stderr()).toBe(
      `podpreset: --tls-cert/--tls-key: cannot read ${missing}: no such file: pass a PEM certificate and its private key\n`,
    );
  });

  it('serves the examples, and on SIGTERM finishes the request in flight, refuses new ones and exits 0', async () => {
    const certDir = join(dir, 'certs');
    const run = startCli([
      '--presets',
      join(REPO_ROOT, 'examples', 'presets'),
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--cert-dir',
      certDir,
    ]);
    child = run.child;
    const find = (msg: string) => run.lines.find((l) => l['msg'] === msg);
    await vi.waitFor(() => expect(find('ready')).toBeDefined(), { timeout: 10_000, interval: 25 });
    const port = find('listening')!['port'] as number;
    expect(port).toBeGreaterThan(0);
    const target = { port, ca: await readFile(join(certDir, 'ca.crt'), 'utf8') };
    expect((await send(target, { path: '/readyz' })).status).toBe(200);

    // A review whose body arrives in two parts is in flight when SIGTERM comes.
    const review = aReview(
      {
        ...aPod({ labels: { tier: 'backend' } }),
        metadata: { generateName: 'checkout-', labels: { tier: 'backend' } },
      },
      { namespace: 'shop' },
    );
    const body = Buffer.from(JSON.stringify(review));
    const half = Math.floor(body.length / 2);
    let markSent: () => void = () => {};
    const firstHalfSent = new Promise<void>((resolve) => (markSent = resolve));
    const inFlight = new Promise<{ status: number; connection: string | undefined; text: string }>(
      (resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            ca: target.ca,
            method: 'POST',
            path: '/mutate',
            agent: false,
            headers: { 'Content-Type': 'application/json', 'Content-Length': body.length },
          },
          (res) => {
            let text = '';
            res.on('data', (chunk: Buffer) => (text += chunk.toString()));
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, text }),
            );
          },
        );
        req.on('error', reject);
        req.write(body.subarray(0, half), () => markSent());
        // The second half goes once the server has begun shutting down (below).
        void vi
          .waitFor(
            () => expect(find('shutting down: not ready, finishing requests in flight')).toBeDefined(),
            {
              timeout: 5000,
              interval: 10,
            },
          )
          .then(async () => {
            await expect(send(target, { path: '/readyz' })).rejects.toThrow(/ECONNREFUSED/);
            req.end(body.subarray(half));
          }, reject);
      },
    );
    await firstHalfSent;
    await new Promise((resolve) => setTimeout(resolve, 50)); // for the server to read the headers
    run.child.kill('SIGTERM');

    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.connection).toBe('close');
    const { response } = JSON.parse(answer.text) as ReviewAnswer;
    expect(response.uid).toBe(uidOf(review));
    expect(decodePatch(response).length).toBeGreaterThan(0);
    expect(await exited(run.child)).toBe(0);
    expect(find('stopped')).toBeDefined();
    const decision = run.lines.find((l) => l['msg'] === 'admission decision');
    expect(decision).toMatchObject({
      uid: uidOf(review),
      name: 'checkout-',
      namespace: 'shop',
      outcome: 'mutated',
    });
  });
});
