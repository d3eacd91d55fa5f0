/** POST /preview over HTTPS: YAML or JSON in, the `preview -o json` document out. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadPresets, toCatalog } from '../../src/core/load.js';
import type { PreviewResult } from '../../src/core/preview.js';
import { readPaths } from '../../src/presets/read-paths.js';
import { applyPatch } from '../helpers/builders.js';
import { preview as runPreviewCli } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/conformance.js';
import { RENDERED_CHART, RENDERED_KINDS } from '../helpers/rendered-chart.js';
import { send } from '../helpers/https-client.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => {
  const read = await readPaths([join(REPO_ROOT, 'examples', 'presets')]);
  server = await startTestServer({ catalog: toCatalog(loadPresets(read.documents)) });
});
afterAll(() => server.close());

const example = (name: string): string =>
  readFileSync(join(REPO_ROOT, 'examples', 'workloads', name), 'utf8');
const preview = (body: string | Buffer, type: string, query = '') =>
  send(server, { method: 'POST', path: `/preview${query}`, headers: { 'Content-Type': type }, body });
type Document = { results: PreviewResult[] };

describe('POST /preview', () => {
  it('a YAML Deployment: exactly the document `podpreset preview -o json` prints', async () => {
    const answer = await preview(example('deployment.yaml'), 'application/yaml');
    expect(answer.status).toBe(200);
    const workload = join(REPO_ROOT, 'examples', 'workloads', 'deployment.yaml');
    const cli = await runPreviewCli([
      '-f',
      workload,
      '--presets',
      join(REPO_ROOT, 'examples', 'presets'),
      '-o',
      'json',
    ]);
    expect(cli.code).toBe(0);
    expect(answer.json<Document>()).toEqual(JSON.parse(cli.stdout));
    const [result] = answer.json<Document>().results;
    expect(result).toMatchObject({ kind: 'Deployment', namespace: 'shop', outcome: 'mutated' });
    expect(applyPatch(parse(example('deployment.yaml')) as object, result!.patch)).toEqual(result!.object);
  });

  it('the same object as JSON gives the same answer', async () => {
    const json = JSON.stringify(parse(example('deployment.yaml')));
    const fromJson = (await preview(json, 'application/json')).json<Document>();
    const fromYaml = (await preview(example('deployment.yaml'), 'text/yaml')).json<Document>();
    expect(fromJson).toEqual(fromYaml);
  });

  it('?namespace= applies to objects without their own namespace', async () => {
    const pod =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {tier: backend}\nspec:\n  containers: [{name: c, image: i}]\n';
    const inShop = (await preview(pod, 'application/yaml', '?namespace=shop')).json<Document>().results[0];
    expect(inShop).toMatchObject({ namespace: 'shop', outcome: 'mutated' });
    const inDefault = (await preview(pod, 'application/yaml')).json<Document>().results[0];
    expect(inDefault).toMatchObject({ namespace: 'default', outcome: 'unchanged' });
  });

  it('a multi-document body gives one result per document, in order', async () => {
    const body = `${example('pod.yaml')}---\n${example('conflicting-pod.yaml')}---\n${example('deployment.yaml')}`;
    const { results } = (await preview(body, 'application/yaml')).json<Document>();
    expect(results.map((r) => r.kind)).toEqual(['Pod', 'Pod', 'Deployment']);
    expect(results[1]!.outcome).toBe('conflict');
    expect(results[1]!.conflicts.length).toBeGreaterThan(0);
  });

  it('bad YAML is a 400 naming the document', async () => {
    const answer = await preview(
      `${example('pod.yaml')}---\nkind: Pod\n  bad: [indent\n`,
      'application/yaml',
    );
    expect(answer.status).toBe(400);
    expect(answer.json<{ error: string }>().error).toMatch(/^body#2: /);
  });

  it('a whole rendered chart: every document in order, kinds without a pod template unchanged (no 400 for a Service)', async () => {
    const answer = await preview(RENDERED_CHART, 'application/yaml');
    expect(answer.status).toBe(200);
    const { results } = answer.json<Document>();
    expect(results.map((r) => r.kind)).toEqual(RENDERED_KINDS);
    expect(results.find((r) => r.kind === 'Service')).toMatchObject({
      outcome: 'unchanged',
      reason: 'no pod template',
      patch: [],
    });
    expect(results.find((r) => r.kind === 'Deployment')?.outcome).toBe('mutated');
  });

  it('a document without a kind is a 400 naming it', async () => {
    const answer = await preview(`${example('pod.yaml')}---\nmetadata: {name: x}\n`, 'application/yaml');
    expect(answer.status).toBe(400);
    expect(answer.json<{ error: string }>().error).toBe(
      'body#2: kind: required (every Kubernetes object says what it is)',
    );
  });

  it.each([
    { name: 'an empty body', body: '', type: 'application/yaml', status: 400, error: 'body has no object' },
    {
      name: 'an unsupported content type',
      body: 'x',
      type: 'image/png',
      status: 415,
      error: 'Content-Type must be',
    },
  ])('$name is $status', async ({ body, type, status, error }) => {
    const answer = await preview(body, type);
    expect(answer.status).toBe(status);
    expect(answer.json<{ error: string }>().error).toContain(error);
  });

  it('?namespace= given twice is a 400', async () => {
    const answer = await preview(example('pod.yaml'), 'application/yaml', '?namespace=a&namespace=b');
    expect(answer.status).toBe(400);
  });
});

describe('POST /preview with bodies that cannot be read', () => {
  const SECRET = 'Xy9-hunter2-TOPSECRET';
  const pod = (value: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: i\n    env:\n    - name: P\n      value: ${value}\n`;
  const bomb = [
    'a: &a ["x","x","x","x","x","x","x","x","x"]',
    'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
    'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
    'd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  ].join('\n');

  it.each([
    { name: 'an alias bomb', body: bomb, type: 'application/yaml', error: /^body: its aliases expand/ },
    {
      name: 'an unresolved alias',
      body: pod('*nowhere'),
      type: 'application/yaml',
      error: /^body: an alias/,
    },
    {
      name: 'deeply nested JSON',
      body: `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`,
      type: 'application/json',
      error: /^body: nested more than \d+ levels deep/,
    },
    {
      name: 'deeply nested YAML',
      body: `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
      type: 'application/yaml',
      error: /^body: nested more than \d+ levels deep/,
    },
  ])('$name is a 400 with a message', async ({ body, type, error }) => {
    const answer = await preview(body, type);
    expect(answer.status).toBe(400);
    expect(answer.json<{ error: string }>().error).toMatch(error);
  });

  it.each([
    { name: 'a folded-scalar header', body: pod(`>${SECRET}`), type: 'application/yaml' },
    { name: 'a literal-scalar header', body: pod(`|${SECRET}`), type: 'application/yaml' },
    { name: 'an unclosed quote', body: pod(`"${SECRET}`), type: 'application/yaml' },
    { name: 'malformed JSON', body: `{"kind": "Pod", "password": ${SECRET}}}`, type: 'application/json' },
  ])('$name: the answer and the log say where, never what', async ({ body, type }) => {
    const answer = await preview(body, type);
    expect(answer.status).toBe(400);
    expect(answer.json<{ error: string }>().error).toMatch(/at line \d+, column \d+/);
    expect(answer.text).not.toContain('hunter2');
    expect(server.log.text()).toContain('request rejected');
    expect(server.log.text()).not.toContain('hunter2');
  });

  it('a body that is not UTF-8 is a 400 saying where, never a value with U+FFFD in it', async () => {
    // "café" saved as Latin-1: é is the one byte E9.
    const latin1 = Buffer.from(pod(`caf\u00e9-${SECRET}`), 'latin1');
    const answer = await preview(latin1, 'application/yaml');
    expect(answer.status).toBe(400);
    const offset = latin1.indexOf(0xe9);
    expect(answer.json<{ error: string }>().error).toBe(
      `body: not valid UTF-8 at line 10, byte offset ${offset} (kubectl refuses it too): save it as UTF-8`,
    );
    expect(answer.text).not.toContain('hunter2');
  });

  it.each([
    'application/yaml; charset=utf-8',
    'application/json; charset="UTF-8"',
    'text/plain; charset=us-ascii',
  ])('the UTF-8 body of %s is read', async (type) => {
    const answer = await preview(Buffer.from(pod('caf\u00e9'), 'utf8'), type);
    expect(answer.status).toBe(200);
    const [result] = answer.json<Document>().results;
    expect(result?.object).toMatchObject({
      spec: { containers: [{ env: expect.arrayContaining([{ name: 'P', value: 'caf\u00e9' }]) as unknown }] },
    });
  });

  it('a body declared in another charset is a 415, not decoded', async () => {
    const answer = await preview(
      Buffer.from(pod('caf\u00e9'), 'latin1'),
      'application/yaml; charset=iso-8859-1',
    );
    expect(answer.status).toBe(415);
    expect(answer.json<{ error: string }>().error).toBe(
      'Content-Type declares a charset other than UTF-8: send the body as UTF-8',
    );
  });

  it('reads YAML 1.1 as kubectl does: defaultMode 0400 is 256, an unquoted on is true', async () => {
    const body =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\nspec:\n  containers: [{name: c, image: i, tty: on}]\n  volumes:\n  - name: v\n    secret: {secretName: s, defaultMode: 0400}\n';
    const answer = await preview(body, 'application/yaml');
    expect(answer.status).toBe(200);
    const [result] = answer.json<Document>().results;
    expect(result!.object).toMatchObject({
      spec: { containers: [{ tty: true }], volumes: [{ secret: { defaultMode: 256 } }] },
    });
  });
});
