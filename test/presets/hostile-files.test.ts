/**
 * Preset trees as a hostile tenant or a mounted volume has them (docs/hostile-input.md): symlink
 * loops, oversize files, unreadable folders, broken links, FIFOs and devices under a preset's
 * name, and a ConfigMap whose `..data` link the kubelet swaps while the files are read.
 */
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PresetCatalog } from '../../src/core/catalog.js';
import { evaluate } from '../../src/core/evaluate.js';
import { FilePresetSource } from '../../src/presets/file-source.js';
import {
  listManifests,
  MAX_PRESET_FILE_BYTES,
  readManifests,
  readPaths,
} from '../../src/presets/read-paths.js';
import { aPod } from '../helpers/builders.js';
import { runBuilt } from '../helpers/cli.js';
import { testMetrics } from '../helpers/cluster-fixtures.js';
import { captureLog } from '../helpers/log-capture.js';

const presetYaml = (name: string, env: Record<string, string> = { A: '1' }): string =>
  [
    'apiVersion: podpreset.dev/v1alpha1',
    'kind: PodPreset',
    `metadata: {name: ${name}, namespace: default}`,
    'spec:',
    '  env:',
    ...Object.entries(env).map(([k, v]) => `    - {name: ${k}, value: "${v}"}`),
    '',
  ].join('\n');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'podpreset-hostile-files-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const presetNames = (read: Awaited<ReturnType<typeof readPaths>>): string[] =>
  read.documents.map((d) => (d.object as { metadata: { name: string } }).metadata.name);

describe('symlink loops and oversize files', () => {
  it('reads each directory once and reports the links that lead back', async () => {
    await writeFile(join(dir, 'good.yaml'), presetYaml('good'));
    await symlink('.', join(dir, 'again'));
    await symlink('.', join(dir, 'and-again'));
    await mkdir(join(dir, 'sub'));
    await writeFile(join(dir, 'sub', 'inner.yaml'), presetYaml('inner'));
    await symlink('..', join(dir, 'sub', 'up'));

    const read = await readPaths([dir]);
    expect(presetNames(read)).toEqual(['good', 'inner']);
    expect(read.errors).toEqual(
      ['again', 'and-again', join('sub', 'up')].map((link) => ({
        source: join(dir, link),
        problems: [`is the directory ${dir} again (a symlink loop, or a second link to it): read once`],
      })),
    );
  });

  it('reports a file over the size bound without reading it, and reads the others', async () => {
    await writeFile(join(dir, 'good.yaml'), presetYaml('good'));
    await writeFile(join(dir, 'huge.yaml'), `# ${'x'.repeat(MAX_PRESET_FILE_BYTES + 1024 * 1024)}\n`);
    const read = await readPaths([dir]);
    expect(presetNames(read)).toEqual(['good']);
    expect(read.errors).toEqual([
      {
        source: join(dir, 'huge.yaml'),
        problems: ['file is 5.0 MiB, more than the 4 MiB a preset file may be: skipped'],
      },
    ]);
  });
});

const mkfifo = (path: string): void => void execFileSync('mkfifo', [path]);
const NOT_REGULAR = ['not a regular file (a FIFO, socket or device): skipped'];

describe('names that are not files', () => {
  it('a broken symlink under a preset name is reported; under any other name it is not read', async () => {
    await writeFile(join(dir, 'good.yaml'), presetYaml('good'));
    await symlink('/nonexistent', join(dir, 'dangling.yaml'));
    await symlink('/nonexistent', join(dir, 'dangling.log'));
    const read = await readPaths([dir]);
    expect(presetNames(read)).toEqual(['good']);
    expect(read.errors).toEqual([
      { source: join(dir, 'dangling.yaml'), problems: ['broken symlink to /nonexistent'] },
    ]);
  });

  it('a FIFO or a device under a preset name is reported without being opened', async () => {
    await writeFile(join(dir, 'good.yaml'), presetYaml('good'));
    mkfifo(join(dir, 'fifo.yaml'));
    mkfifo(join(dir, 'fifo.log'));
    await symlink('/dev/zero', join(dir, 'zero.json'));
    const read = await readPaths([dir]);
    expect(presetNames(read)).toEqual(['good']);
    expect(read.errors).toEqual([
      { source: join(dir, 'fifo.yaml'), problems: NOT_REGULAR },
      { source: join(dir, 'zero.json'), problems: NOT_REGULAR },
    ]);
  });

  it('a directory under a preset name is read as a directory', async () => {
    await mkdir(join(dir, 'team.yaml'));
    await writeFile(join(dir, 'team.yaml', 'inner.yaml'), presetYaml('inner'));
    const read = await readPaths([dir]);
    expect(presetNames(read)).toEqual(['inner']);
    expect(read.errors).toEqual([]);
  });

  it('a FIFO or a broken symlink given as the path itself is reported, not waited on', async () => {
    mkfifo(join(dir, 'fifo.yaml'));
    await symlink('/nonexistent', join(dir, 'dangling.yaml'));
    const read = await readPaths([join(dir, 'fifo.yaml'), join(dir, 'dangling.yaml')]);
    expect(read.errors).toEqual([
      { source: join(dir, 'fifo.yaml'), problems: NOT_REGULAR },
      { source: join(dir, 'dangling.yaml'), problems: ['broken symlink to /nonexistent'] },
    ]);
  });

  it('a file swapped for a FIFO after it was listed is reported, not waited on', async () => {
    await writeFile(join(dir, 'good.yaml'), presetYaml('good'));
    await writeFile(join(dir, 'swapped.yaml'), presetYaml('swapped'));
    const listing = await listManifests([dir]);
    await rm(join(dir, 'swapped.yaml'));
    mkfifo(join(dir, 'swapped.yaml'));
    const read = await readManifests(listing);
    expect(presetNames(read)).toEqual(['good']);
    expect(read.errors).toEqual([{ source: join(dir, 'swapped.yaml'), problems: NOT_REGULAR }]);
  });
});

describe('unreadable folders', () => {
  it('a folder the process may not read (lost+found) is reported, and every other preset is used', async () => {
    await chmod(dir, 0o755);
    await writeFile(join(dir, 'good.yaml'), presetYaml('good'));
    await chmod(join(dir, 'good.yaml'), 0o644);
    await mkdir(join(dir, 'lost+found'), { mode: 0o700 });
    await writeFile(join(dir, 'lost+found', 'hidden.yaml'), presetYaml('hidden'));
    const pod = join(dir, 'pod.json');
    await writeFile(pod, JSON.stringify(aPod()));
    await chmod(pod, 0o644);

    // As an ordinary user: root may read anything, and the webhook never runs as root.
    const nobody = process.getuid?.() === 0 ? { user: { uid: 65534, gid: 65534 } } : {};
    const run = await runBuilt(['preview', '--presets', dir, '-f', pod, '-o', 'json'], nobody);
    expect(run.stderr).toContain(`${join(dir, 'lost+found')}: permission denied`);
    const result = (JSON.parse(run.stdout) as { results: Array<{ outcome: string; reason: string }> })
      .results[0];
    expect(result).toMatchObject({ outcome: 'mutated', reason: 'applied PodPreset/good' });
  });
});

/** A directory laid out as the kubelet mounts a ConfigMap, at version `version`. */
async function mountConfigMap(root: string, version: number, files: Record<string, string>): Promise<void> {
  const data = join(root, `..v${version}`);
  await mkdir(data);
  for (const [name, text] of Object.entries(files)) await writeFile(join(data, name), text);
  await symlink(`..v${version}`, join(root, '..data_tmp'));
  await rename(join(root, '..data_tmp'), join(root, '..data')); // the atomic swap
  for (const name of Object.keys(files))
    await symlink(join('..data', name), join(root, name)).catch(() => {});
}

/** Twenty presets per version: the more files a load reads, the more swaps can fall between two. */
const versionFiles = (version: number): Record<string, string> =>
  Object.fromEntries(
    Array.from({ length: 20 }, (_, i) => [`p${i}.yaml`, presetYaml(`p${i}`, { [`V${i}`]: String(version) })]),
  );

describe('a mounted ConfigMap is read as one version', () => {
  it('files are read through one resolution of ..data, so a swap between two reads changes nothing', async () => {
    await mountConfigMap(dir, 1, versionFiles(1));
    const listing = await listManifests([dir]);
    const names = Object.keys(versionFiles(1)).sort();
    expect(listing.files.map((f) => f.path)).toEqual(names.map((name) => join(dir, name)));
    expect(listing.files.map((f) => f.readFrom)).toEqual(names.map((name) => join(dir, '..v1', name)));
    await mountConfigMap(dir, 2, versionFiles(2));
    const read = await readManifests(listing);
    expect(read.documents.map((d) => JSON.stringify(d.object))).toEqual(
      names.map(() => expect.stringContaining('"value":"1"')),
    );
  });

  it('while the kubelet swaps versions, every catalog served holds one version of both files', async () => {
    await mountConfigMap(dir, 0, versionFiles(0));
    const log = captureLog('debug');
    const source = new FilePresetSource({
      paths: [dir],
      logger: log.logger,
      metrics: testMetrics(),
      debounceMs: 1,
      pollMs: 5,
    });
    await source.start();
    const seen = new Set<PresetCatalog>();
    const mixed: string[] = [];
    const check = (): void => {
      const catalog = source.catalog;
      if (seen.has(catalog)) return;
      seen.add(catalog);
      const values = [...evaluate(aPod(), '', 'default', catalog).patchJson.matchAll(/"value":"(\d+)"/g)];
      if (new Set(values.map((v) => v[1])).size > 1) mixed.push(values.map((v) => v[1]).join(','));
    };
    const watcher = setInterval(check, 1);
    try {
      for (let version = 1; version <= 60; version++) {
        await mountConfigMap(dir, version, versionFiles(version));
        await rm(join(dir, `..v${version - 1}`), { recursive: true }); // as the kubelet cleans up
        check();
      }
      await source.reload();
      check();
    } finally {
      clearInterval(watcher);
      await source.stop();
    }
    expect(mixed).toEqual([]);
    expect(evaluate(aPod(), '', 'default', source.catalog).patchJson).toContain('"value":"60"');
    expect(seen.size).toBeGreaterThan(1);
  });
});
