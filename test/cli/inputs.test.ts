import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { readInputs, readManifests, readPresets } from '../../src/cli/inputs.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { aPod, aPreset } from '../helpers/builders.js';

const named = (name: string) => ({ ...aPod(), metadata: { name, namespace: 'default' } });

const stdinOf = (text: string | Buffer): PassThrough => {
  const stream = new PassThrough();
  stream.end(text);
  return stream;
};

function folder(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'podpreset-inputs-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), content);
  }
  return root;
}

const yamlDocuments = (...objects: unknown[]): string => objects.map((o) => stringify(o)).join('---\n');
const env = { selector: {}, env: [{ name: 'A', value: '1' }] };
const preset = aPreset('proxy', env, { namespace: 'shop' });
const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { team: 'a' } } };

describe('readManifests', () => {
  it('reads files and stdin in the order given, Lists replaced by their items, each named by file and document', async () => {
    const root = folder({
      'pods.yaml': yamlDocuments(named('a'), named('b')),
      'list.json': JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [named('c')] }),
    });
    const read = await readManifests(
      [join(root, 'pods.yaml'), '-', join(root, 'list.json')],
      stdinOf(stringify(named('d'))),
    );
    expect(read.problems).toEqual([]);
    expect(read.documents.map((d) => d.source)).toEqual([
      `${join(root, 'pods.yaml')}#1`,
      `${join(root, 'pods.yaml')}#2`,
      '<stdin>',
      `${join(root, 'list.json')} items[0]`,
    ]);
  });

  it('names a file that cannot be read and a document that cannot be parsed, and keeps the rest', async () => {
    const root = folder({ 'bad.yaml': `${stringify(named('good'))}---\na: [1,\n` });
    const read = await readManifests([join(root, 'missing.yaml'), join(root, 'bad.yaml')], stdinOf(''));
    expect(read.problems.map((p) => p.source)).toEqual([
      join(root, 'missing.yaml'),
      `${join(root, 'bad.yaml')}#2`,
    ]);
    expect(read.documents.map((d) => d.source)).toEqual([`${join(root, 'bad.yaml')}#1`]);
  });

  it('refuses a file and stdin that are not UTF-8, naming them, and reads one with a byte order mark', async () => {
    // "café" in Latin-1: decoded as UTF-8 it would become "caf\uFFFD", a value the file does not hold.
    const latin1 = Buffer.from(stringify(named('café')), 'latin1');
    const root = folder({
      'latin1.yaml': latin1,
      'bom.json': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(named('b')))]),
    });
    const read = await readManifests(
      [join(root, 'latin1.yaml'), '-', join(root, 'bom.json')],
      stdinOf(latin1),
    );
    const offset = latin1.indexOf(0xe9);
    const line = latin1.subarray(0, offset).toString().split('\n').length;
    const problem = `not valid UTF-8 at line ${line}, byte offset ${offset} (kubectl refuses it too): save it as UTF-8`;
    expect(read.problems).toEqual([
      { source: join(root, 'latin1.yaml'), problems: [problem] },
      { source: '<stdin>', problems: [problem] },
    ]);
    expect(read.documents.map((d) => d.object)).toEqual([named('b')]);
  });
});

describe('readInputs', () => {
  it('takes presets and Namespaces given with -f into the catalog, and keeps every document in order', async () => {
    const root = folder({ 'all.yaml': yamlDocuments(namespace, preset, named('web')) });
    const inputs = await readInputs({ files: [join(root, 'all.yaml')], presetPaths: [] }, stdinOf(''));
    expect(inputs.problems).toEqual([]);
    expect(inputs.documents.map((o) => o.source)).toEqual(
      [1, 2, 3].map((i) => `${join(root, 'all.yaml')}#${i}`),
    );
    expect(inputs.presets.presets.map((p) => p.name)).toEqual(['proxy']);
    expect(inputs.presets.namespaces.get('shop')).toEqual({ team: 'a' });
    expect(inputs.catalog.presets().map((p) => p.name)).toEqual(['proxy']);
  });

  it('says so when the files hold no object at all', async () => {
    const root = folder({ 'empty.yaml': '# nothing rendered\n---\n' });
    const inputs = await readInputs(
      {
        files: [join(root, 'empty.yaml')],
        presetPaths: [],
        readCluster: () => Promise.resolve({ documents: [], namespace: undefined }),
      },
      stdinOf(''),
    );
    expect(inputs.problems).toEqual([
      { source: join(root, 'empty.yaml'), problems: ['no Kubernetes object in it'] },
    ]);
  });
});

describe('readPresets', () => {
  it('reports an invalid preset as skipped with the file and the preset it names, and loads the others', async () => {
    const broken = aPreset('broken', { selector: 'app=web' }, { namespace: 'shop' });
    const root = folder({ 'presets/p.yaml': yamlDocuments(preset, broken) });
    const read = await readPresets({ presetPaths: [join(root, 'presets')] });
    expect(read.presets.presets.map((p) => p.name)).toEqual(['proxy']);
    expect(read.problems).toHaveLength(1);
    expect(read.problems[0]).toMatchObject({
      source: `${join(root, 'presets', 'p.yaml')}#2`,
      object: 'PodPreset shop/broken',
    });
    expect(read.problems[0]!.problems.at(-1)).toBe('skipped');
  });

  it('gives presets without a namespace the --namespace one', async () => {
    const withoutNamespace = aPreset('proxy', env);
    delete (withoutNamespace['metadata'] as Record<string, unknown>)['namespace'];
    const root = folder({ 'p.yaml': stringify(withoutNamespace) });
    const read = await readPresets({ presetPaths: [join(root, 'p.yaml')], namespace: 'shop' });
    expect(read.presets.presets.map((p) => p.namespace)).toEqual(['shop']);
  });

  it('reads the cluster when no path is given, and turns an unreachable cluster into a usage error', async () => {
    const fromCluster = await readPresets({
      presetPaths: [],
      readCluster: () =>
        Promise.resolve({
          documents: [{ source: 'cluster: PodPreset shop/proxy', object: preset }],
          namespace: undefined,
        }),
    });
    expect(fromCluster.presets.presets.map((p) => p.name)).toEqual(['proxy']);
    expect(fromCluster.namespace).toBe('default');
    await expect(
      readPresets({
        presetPaths: [],
        readCluster: () => Promise.reject(new Error('cannot reach the cluster')),
      }),
    ).rejects.toThrow(UsageError);
  });

  it("takes the kubeconfig context's namespace when no --namespace is given, as kubectl", async () => {
    const seen: unknown[] = [];
    const readCluster = (target: unknown) => {
      seen.push(target);
      return Promise.resolve({ documents: [], namespace: 'team-a' });
    };
    expect((await readPresets({ presetPaths: [], context: 'prod', readCluster })).namespace).toBe('team-a');
    expect(seen).toEqual([{ kubeconfig: undefined, context: 'prod' }]);
    expect((await readPresets({ presetPaths: [], namespace: 'shop', readCluster })).namespace).toBe('shop');
  });

  it('refuses a --presets path that does not exist, naming the flag and the path', async () => {
    const missing = join(folder({}), 'missing');
    await expect(readPresets({ presetPaths: [missing] })).rejects.toThrow(
      new UsageError(`--presets ${missing}: no such file or directory`),
    );
  });

  it('reports a broken file inside a --presets directory as a problem of that file, and loads the rest', async () => {
    const root = folder({ 'good.yaml': stringify(preset), 'broken.yaml': 'a: [1,\n' });
    const read = await readPresets({ presetPaths: [root] });
    expect(read.presets.presets.map((p) => p.name)).toEqual(['proxy']);
    expect(read.unreadable.map((p) => p.source)).toEqual([join(root, 'broken.yaml')]);
  });

  it.each([
    { command: 'lint', hint: ' (pass --presets PATH to lint offline)' },
    { command: 'explain', hint: ' (pass --presets PATH to explain offline)' },
    { command: undefined, hint: '' },
  ])(
    'names the command ($command) in the hint when the cluster cannot be read',
    async ({ command, hint }) => {
      const read = readPresets({
        presetPaths: [],
        readCluster: () => Promise.reject(new Error('no kubeconfig found')),
        ...(command ? { command } : {}),
      });
      await expect(read).rejects.toThrow(new UsageError(`no kubeconfig found${hint}`));
    },
  );

  it('refuses to run without any presets when no cluster can be read', async () => {
    await expect(readPresets({ presetPaths: [] })).rejects.toThrow(/no presets: pass --presets PATH/);
  });
});
