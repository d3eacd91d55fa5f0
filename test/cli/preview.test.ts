import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { parseDocuments } from '../../src/documents/decode.js';
import { aPod, aPreset, applyPatch } from '../helpers/builders.js';
import { preview, runBuilt } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/conformance.js';
import { RENDERED_CHART, RENDERED_KINDS } from '../helpers/rendered-chart.js';

const examples = join(REPO_ROOT, 'examples');
const deployment = join(examples, 'workloads', 'deployment.yaml');
const presets = join(examples, 'presets');

function tempFile(name: string, content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'podpreset-cli-')), name);
  writeFileSync(path, content);
  return path;
}

interface JsonResult {
  kind: string;
  namespace: string;
  name: string;
  outcome: string;
  reason: string;
  applied: { kind: string; name: string; resourceVersion: string }[];
  conflicts: { presets: unknown[]; container?: string; field: string; key: string; message: string }[];
  patch: unknown[];
  object: Record<string, unknown>;
}
const results = (stdout: string): JsonResult[] => (JSON.parse(stdout) as { results: JsonResult[] }).results;

/** previewTexts previews a pod file's text against a preset file's text, as `-o output`. */
const previewTexts = (pod: string, preset: string, output: 'json' | 'yaml') =>
  preview(['-f', tempFile('pod.yaml', pod), '--presets', tempFile('p.yaml', preset), '-o', output]);

describe('podpreset preview -o json', () => {
  it('prints exactly one document whose patch applied to the input gives object', async () => {
    const run = await preview(['-f', deployment, '--presets', presets, '-o', 'json']);
    expect(run.code).toBe(0);
    const [result] = results(run.stdout);
    expect(Object.keys(result!)).toEqual([
      'kind',
      'namespace',
      'name',
      'outcome',
      'reason',
      'applied',
      'skipped',
      'conflicts',
      'patch',
      'object',
    ]);
    expect(result).toMatchObject({
      kind: 'Deployment',
      namespace: 'shop',
      name: 'checkout',
      outcome: 'mutated',
    });
    expect(result!.applied.map((a) => `${a.kind}/${a.name}`)).toEqual([
      'ClusterPodPreset/corporate-proxy',
      'PodPreset/database',
      'PodPreset/tracing',
    ]);
    const { parse } = await import('yaml');
    const { readFileSync } = await import('node:fs');
    expect(applyPatch(parse(readFileSync(deployment, 'utf8')), result!.patch)).toEqual(result!.object);
    expect(
      result!.patch.every((op) => String((op as { path: string }).path).startsWith('/spec/template/')),
    ).toBe(true);
  });

  it('reads stdin with -f -, multi-document YAML, JSON and Lists, one result per object', async () => {
    const pod = (name: string, labels: Record<string, string>) => ({
      ...aPod({ labels }),
      metadata: { name, labels },
    });
    const list = { apiVersion: 'v1', kind: 'List', items: [pod('in-list', { app: 'web' })] };
    const stdin = `${stringify(pod('first', { app: 'web' }))}---\n${JSON.stringify(pod('second', { app: 'other' }))}\n---\n${stringify(list)}`;
    const presetFile = tempFile(
      'p.yaml',
      stringify(
        aPreset('web', { selector: { matchLabels: { app: 'web' } }, env: [{ name: 'A', value: '1' }] }),
      ),
    );
    const run = await preview(['-f', '-', '--presets', presetFile, '-o', 'json'], stdin);
    expect(run.stderr).toBe('');
    expect(results(run.stdout).map((r) => [r.name, r.namespace, r.outcome])).toEqual([
      ['first', 'default', 'mutated'],
      ['second', 'default', 'unchanged'],
      ['in-list', 'default', 'mutated'],
    ]);
  });

  it('takes the namespace from the object, else --namespace, else default', async () => {
    const presetFile = tempFile(
      'p.yaml',
      stringify(aPreset('everywhere', { env: [{ name: 'A', value: '1' }] }, { kind: 'ClusterPodPreset' })),
    );
    const withNs = { ...aPod(), metadata: { name: 'a', namespace: 'own' } };
    const withoutNs = { ...aPod(), metadata: { name: 'b' } };
    const stdin = `${stringify(withNs)}---\n${stringify(withoutNs)}`;
    const flagged = results(
      (await preview(['-f', '-', '--presets', presetFile, '-n', 'flag', '-o', 'json'], stdin)).stdout,
    );
    expect(flagged.map((r) => r.namespace)).toEqual(['own', 'flag']);
    const plain = results((await preview(['-f', '-', '--presets', presetFile, '-o', 'json'], stdin)).stdout);
    expect(plain.map((r) => r.namespace)).toEqual(['own', 'default']);
  });

  it('feeds Namespace objects to namespaceSelector; a namespace without one has only its name label', async () => {
    const file = tempFile(
      'p.yaml',
      [
        stringify(
          aPreset(
            'prod-only',
            { namespaceSelector: { matchLabels: { env: 'prod' } }, env: [{ name: 'A', value: '1' }] },
            { kind: 'ClusterPodPreset' },
          ),
        ),
        stringify({
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: 'payments', labels: { env: 'prod' } },
        }),
      ].join('---\n'),
    );
    const inNs = (ns: string) =>
      stringify({ ...aPod(), metadata: { name: 'p', namespace: ns, labels: { app: 'web' } } });
    expect(
      results((await preview(['-f', '-', '--presets', file, '-o', 'json'], inNs('payments'))).stdout)[0]!
        .outcome,
    ).toBe('mutated');
    expect(
      results((await preview(['-f', '-', '--presets', file, '-o', 'json'], inNs('unknown'))).stdout)[0]!
        .outcome,
    ).toBe('unchanged');
  });
});

describe('podpreset preview exit codes and messages', () => {
  const conflicting = join(examples, 'workloads', 'conflicting-pod.yaml');

  it('reports a conflict and exits 0, or 1 with --fail-on-conflict', async () => {
    const run = await preview(['-f', conflicting, '--presets', presets]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'conflict: PodPreset "database" conflicts with the pod on env var "DB_HOST" in container "report"',
    );
    expect((await preview(['-f', conflicting, '--presets', presets, '--fail-on-conflict'])).code).toBe(1);
    expect((await preview(['-f', deployment, '--presets', presets, '--fail-on-conflict'])).code).toBe(0);
  });

  it.each([
    {
      name: 'a missing file',
      args: ['-f', 'no-such.yaml', '--presets', presets],
      message: 'podpreset: no-such.yaml: no such file or directory',
    },
    {
      name: 'an unknown output format',
      args: ['-f', deployment, '--presets', presets, '-o', 'table'],
      message: '--output must be one of diff, yaml, json, patch',
    },
    { name: 'an unknown flag', args: ['-f', deployment, '--bogus'], message: "Unknown option '--bogus'" },
    { name: 'no -f', args: ['--presets', presets], message: 'preview needs at least one -f FILE' },
  ])('exits 2 on $name, with a message and no stack trace', async ({ args, message }) => {
    const run = await preview(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a --presets path that does not exist before printing anything, as serve does', async () => {
    const run = await preview(['-f', deployment, '--presets', 'no-such-dir']);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: 'podpreset: --presets no-such-dir: no such file or directory\n',
    });
  });

  it.each([
    { value: '=true', code: 1 },
    { value: '=false', code: 0 },
    { value: ' --fail-on-conflict=false', code: 0 },
    { value: '=false --fail-on-conflict', code: 1 },
  ])('reads --fail-on-conflict$value as kubectl does: exit $code on a conflict', async ({ value, code }) => {
    const args = ['-f', conflicting, '--presets', presets, ...`--fail-on-conflict${value}`.split(' ')];
    expect((await preview(args)).code).toBe(code);
  });

  it('says that files are passed with -f when one is given as an argument', async () => {
    const run = await preview([deployment, '--presets', presets]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')[0]).toBe(
      `podpreset: Unexpected argument '${deployment}'. This command does not take positional arguments; files are passed with -f (-f ${deployment})`,
    );
  });

  it('previews presets and a Pod of one -f file without a cluster, with --presets an empty directory', async () => {
    const nothing = mkdtempSync(join(tmpdir(), 'podpreset-none-'));
    const preset = aPreset('db', {
      selector: { matchLabels: { app: 'web' } },
      env: [{ name: 'A', value: '1' }],
    });
    const pod = { ...aPod({ labels: { app: 'web' } }), metadata: { name: 'web', labels: { app: 'web' } } };
    const testCase = tempFile('case.yaml', `${stringify(preset)}---\n${stringify(pod)}`);
    // No kubeconfig anywhere: without --presets, preview would read presets from a cluster and fail.
    const env = { KUBECONFIG: '', HOME: mkdtempSync(join(tmpdir(), 'podpreset-home-')) };
    expect((await runBuilt(['preview', '-f', testCase], { env })).code).toBe(2);
    const run = await runBuilt(['preview', '-f', testCase, '--presets', nothing, '-o', 'json'], { env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(results(run.stdout).map((r) => `${r.kind} ${r.outcome}`)).toEqual([
      'PodPreset unchanged',
      'Pod mutated',
    ]);
  });

  it('names the file and document of unreadable YAML and still previews the rest', async () => {
    const file = tempFile(
      'mixed.yaml',
      `${stringify(aPod())}---\napiVersion: v1\nkind: Service\nmetadata: {name: svc}\n---\nfoo: [\n---\nmetadata: {name: kindless}\n`,
    );
    const run = await preview(['-f', file, '--presets', presets, '-o', 'json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`${file}#3: .* at line \\d+, column \\d+\\n`));
    expect(run.stderr).toContain(`${file}#4: kind: required`);
    expect(results(run.stdout).map((r) => `${r.kind} ${r.outcome} (${r.reason})`)).toEqual([
      'Pod unchanged (no preset matches)',
      'Service unchanged (no pod template)',
    ]);
  });

  it('treats a bad document on stdin as in a file: exit 2, the same message, the good documents still previewed', async () => {
    const bomb =
      'a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n';
    const text = `${stringify(aPod())}---\n${bomb}---\nvalue: >Xy9-hunter2-TOPSECRET\n`;
    const file = tempFile('bombs.yaml', text);
    const podLines = stringify(aPod()).split('\n').length - 1;
    const fromFile = await preview(['-f', file, '--presets', presets, '-o', 'json']);
    const fromStdin = await preview(['-f', '-', '--presets', presets, '-o', 'json'], text);
    for (const [run, source] of [
      [fromFile, file],
      [fromStdin, '<stdin>'],
    ] as const) {
      expect(run.code).toBe(2);
      expect(results(run.stdout).map((r) => r.kind)).toEqual(['Pod']);
      expect(run.stderr).toMatch(
        new RegExp(
          `${source}#2: its aliases expand to too many values .* at line ${podLines + 2}, column 1\n`,
        ),
      );
      expect(run.stderr).toMatch(new RegExp(`${source}#3: .* at line ${podLines + 6}, column 9\n`));
      expect(run.stderr).not.toContain('hunter2');
    }
  });

  it('reads YAML 1.1 numbers and booleans as kubectl does, in -f files and in --presets', async () => {
    const preset = stringify(
      aPreset('secret-volume', { volumes: [{ name: 'creds', secret: { secretName: 's', defaultMode: 1 } }] }),
    ).replace('defaultMode: 1', 'defaultMode: 0440');
    const pod = stringify(aPod({ spec: { containers: [{ name: 'app', image: 'i', tty: 'TTY' }] } })).replace(
      'tty: TTY',
      'tty: yes',
    );
    const run = await previewTexts(pod, preset, 'json');
    expect(run.stderr).toBe('');
    const [result] = results(run.stdout);
    expect(result!.object).toMatchObject({
      spec: { containers: [{ tty: true }], volumes: [{ name: 'creds', secret: { defaultMode: 288 } }] },
    });
  });

  it('reads a bare exponent (the GKE machine family e2) as the string kubectl reads, and writes it back', async () => {
    const family = { 'cloud.google.com/machine-family': 'e2' };
    const preset = stringify(aPreset('gke', { nodeSelector: family }));
    const pod = stringify(
      aPod({ spec: { containers: [{ name: 'app', image: 'i' }], nodeSelector: family } }),
    );
    expect(`${preset}${pod}`).toContain('machine-family: e2\n');
    const run = await previewTexts(pod, preset, 'yaml');
    expect(run.stderr).toBe('');
    // Read back as kubectl would (the project's YAML 1.1 decoder, docs/inputs.md).
    expect(parseDocuments(run.stdout, 'out.yaml').documents[0]!.object).toMatchObject({
      spec: { nodeSelector: family },
    });
  });

  it('reports an invalid preset beside valid ones, skips it, and applies the rest', async () => {
    const good = stringify(aPreset('good', { env: [{ name: 'GOOD', value: '1' }] }));
    const bad = stringify(
      aPreset('bad', {
        selector: { matchExpressions: [{ key: 'a', operator: 'Equals' }] },
        env: [{ name: 'BAD', value: '1' }],
      }),
    );
    const file = tempFile('presets.yaml', `${good}---\n${bad}`);
    const run = await preview(['-f', '-', '--presets', file, '-o', 'json'], stringify(aPod()));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `${file}#2 (PodPreset default/bad): spec.selector.matchExpressions[0].operator: unsupported operator "Equals"`,
    );
    const [result] = results(run.stdout);
    expect(result!.applied.map((a) => a.name)).toEqual(['good']);
  });

  it('rejects a pod whose lists are not lists instead of overwriting them', async () => {
    const pod = aPod({ spec: { containers: [{ name: 'app', env: 'A=1' }] } });
    const run = await preview(['-f', '-', '--presets', presets], stringify(pod));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('spec.containers[0].env: must be a list');
  });
});

describe('podpreset preview output formats', () => {
  it('-o yaml prints the resulting objects, conflicts on stderr', async () => {
    const run = await preview([
      '-f',
      deployment,
      '-f',
      join(examples, 'workloads', 'conflicting-pod.yaml'),
      '--presets',
      presets,
      '-o',
      'yaml',
    ]);
    const { parseAllDocuments } = await import('yaml');
    const documents = parseAllDocuments(run.stdout).map((d) => d.toJS() as { kind: string });
    expect(documents.map((d) => d.kind)).toEqual(['Deployment', 'Pod']);
    expect(run.stderr).toContain('podpreset: conflict: PodPreset "database" conflicts with the pod');
  });

  it('-o patch prints the JSON Patch', async () => {
    const run = await preview(['-f', deployment, '--presets', presets, '-o', 'patch']);
    const patch = JSON.parse(run.stdout) as { op: string; path: string }[];
    expect(patch.length).toBeGreaterThan(0);
    expect(patch.every((op) => op.op === 'add')).toBe(true);
  });

  it('-o diff shows the applied presets and a unified diff, without colour when not on a terminal', async () => {
    const run = await preview(['-f', deployment, '--presets', presets]);
    expect(run.stdout).toContain('# Deployment shop/checkout: mutated');
    expect(run.stdout).toContain('#   applied PodPreset/database');
    expect(run.stdout).toContain('+            - name: DB_HOST');
    expect(run.stdout).not.toContain('\u001b[');
  });
});

describe('-o diff on a terminal', () => {
  /** A terminal as node:tty makes one: isTTY, and a colour depth read from the environment. */
  async function previewOnTerminal(env: Record<string, string | undefined>): Promise<string> {
    const { PassThrough } = await import('node:stream');
    const { WriteStream } = await import('node:tty');
    const { runPreview } = await import('../../src/cli/preview.js');
    const stdout = Object.assign(new PassThrough(), {
      isTTY: true,
      getColorDepth: () =>
        WriteStream.prototype.getColorDepth.call(undefined, { TERM: 'xterm-256color', ...env }),
    });
    let printed = '';
    stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const stdin = new PassThrough();
    stdin.end();
    const saved = { NO_COLOR: process.env['NO_COLOR'], FORCE_COLOR: process.env['FORCE_COLOR'] };
    delete process.env['FORCE_COLOR'];
    if (env['NO_COLOR'] === undefined) delete process.env['NO_COLOR'];
    else process.env['NO_COLOR'] = env['NO_COLOR'];
    try {
      await runPreview(['-f', deployment, '--presets', presets], {
        stdin,
        stdout,
        stderr: new PassThrough(),
      });
    } finally {
      for (const [key, value] of Object.entries(saved))
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
    }
    return printed;
  }

  it('is coloured', async () => {
    expect(await previewOnTerminal({})).toContain('\u001b[32m+            - name: DB_HOST');
  });

  it('is not coloured with NO_COLOR set (no-color.org)', async () => {
    const printed = await previewOnTerminal({ NO_COLOR: '1' });
    expect(printed).toContain('+            - name: DB_HOST');
    expect(printed).not.toContain('\u001b[');
  });
});

describe('podpreset preview of a whole rendered chart (helm template … | podpreset preview -f - -o yaml | kubectl apply -f -)', () => {
  const inputs = parseAllDocuments(RENDERED_CHART).map((d) => d.toJS() as Record<string, unknown>);

  it('-o json: every document in order; kinds without a pod template unchanged, "no pod template"; exit 0', async () => {
    const run = await preview(['-f', '-', '--presets', presets, '-o', 'json'], RENDERED_CHART);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const all = results(run.stdout);
    expect(all.map((r) => r.kind)).toEqual(RENDERED_KINDS);
    for (const [i, result] of all.entries()) {
      if (result.kind === 'Deployment') {
        expect(result.outcome).toBe('mutated');
        continue;
      }
      expect(result).toMatchObject({
        outcome: 'unchanged',
        reason: 'no pod template',
        applied: [],
        patch: [],
      });
      expect(result.object).toEqual(inputs[i]);
    }
  });

  it('-o yaml: every document in order, only the Deployment changed', async () => {
    const run = await preview(['-f', '-', '--presets', presets, '-o', 'yaml'], RENDERED_CHART);
    expect(run.code).toBe(0);
    const printed = parseAllDocuments(run.stdout).map((d) => d.toJS() as Record<string, unknown>);
    expect(printed.map((o) => o['kind'])).toEqual(RENDERED_KINDS);
    printed.forEach((object, i) => {
      if (object['kind'] === 'Deployment') expect(object).not.toEqual(inputs[i]);
      else expect(object).toEqual(inputs[i]);
    });
  });
});
