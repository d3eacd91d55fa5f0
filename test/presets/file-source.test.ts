/**
 * File mode end to end: presets in a temporary directory, the real FilePresetSource behind the
 * HTTPS server; edits apply within a second without a restart, broken files are skipped and
 * reported, deleted files take their presets with them.
 */
import { appendFileSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, symlink, unlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FilePresetSource } from '../../src/presets/file-source.js';
import { createMetrics, type Metrics } from '../../src/observability/metrics.js';
import { aReview, decodePatch, type ReviewAnswer } from '../helpers/admission.js';
import { aPod, applyPatch } from '../helpers/builders.js';
import { postJson, send } from '../helpers/https-client.js';
import { captureLog, type CapturedLog } from '../helpers/log-capture.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { SECRET, WRONG_TYPES_PROBLEMS, WRONG_TYPES_YAML } from '../helpers/wrong-types.js';

const presetYaml = (name: string, env: Record<string, string>): string =>
  [
    'apiVersion: podpreset.dev/v1alpha1',
    'kind: PodPreset',
    `metadata: {name: ${name}, namespace: default}`,
    'spec:',
    '  selector: {matchLabels: {app: web}}',
    '  env:',
    ...Object.entries(env).map(([k, v]) => `    - {name: ${k}, value: "${v}"}`),
    '',
  ].join('\n');

let dir: string;
let source: FilePresetSource;
let server: TestServer;
let log: CapturedLog;
let metrics: Metrics;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'podpreset-files-'));
  await writeFile(join(dir, 'a.yaml'), presetYaml('a', { A: '1' }));
  log = captureLog('debug');
  metrics = createMetrics({ defaultMetrics: false });
  source = new FilePresetSource({ paths: [dir], logger: log.logger, metrics });
  server = await startTestServer({ presets: source, log, metrics });
});
afterEach(async () => {
  await server.close();
  await source.stop();
  await rm(dir, { recursive: true, force: true });
});

/** The env the server injects into a fresh `app: web` Pod. */
async function injectedEnv(): Promise<unknown[]> {
  const pod = aPod();
  const answer = (await postJson(server, '/mutate', aReview(pod))).json<ReviewAnswer>();
  const result = applyPatch(pod, decodePatch(answer.response)) as {
    spec: { containers: { env?: unknown[] }[] };
  };
  return result.spec.containers[0]!.env ?? [];
}

const gauge = async (name: string): Promise<string> => metrics.registry.getSingleMetricAsString(name);
const within = { timeout: 1000, interval: 25 };

describe('FilePresetSource behind the server', () => {
  it('/readyz is 503 before the first load and 200 after it', async () => {
    expect((await send(server, { path: '/readyz' })).status).toBe(503);
    await source.start();
    expect((await send(server, { path: '/readyz' })).status).toBe(200);
    expect(await injectedEnv()).toEqual([{ name: 'A', value: '1' }]);
    expect(await gauge('podpreset_presets_loaded')).toMatch(/kind="PodPreset"\} 1/);
    expect(await gauge('podpreset_source_synced')).toMatch(/resource="files"\} 1/);
  });

  it('an edited file applies within a second, without a restart', async () => {
    await source.start();
    await writeFile(join(dir, 'a.yaml'), presetYaml('a', { A: '2', B: '3' }));
    await vi.waitFor(async () => {
      expect(await injectedEnv()).toEqual([
        { name: 'A', value: '2' },
        { name: 'B', value: '3' },
      ]);
    }, within);
  });

  it('an edit in place that keeps the size applies: the mtime tells', async () => {
    const file = join(dir, 'a.yaml');
    const anHourAgo = new Date(Date.now() - 3_600_000);
    await utimes(file, anHourAgo, anHourAgo);
    await source.start();
    await writeFile(file, presetYaml('a', { A: '2' }));
    await vi.waitFor(async () => expect(await injectedEnv()).toEqual([{ name: 'A', value: '2' }]), within);
  });

  it('an edit that keeps the size and the mtime applies: the watch named the file', async () => {
    const file = join(dir, 'a.yaml');
    const anHourAgo = new Date(Date.now() - 3_600_000);
    await utimes(file, anHourAgo, anHourAgo);
    await source.start();
    // Two writes within one mtime tick look like this: nothing in the listing tells them apart.
    await writeFile(file, presetYaml('a', { A: '2' }));
    await utimes(file, anHourAgo, anHourAgo);
    await vi.waitFor(async () => expect(await injectedEnv()).toEqual([{ name: 'A', value: '2' }]), within);
  });

  it('a new file applies, and a broken file beside it is skipped, logged by name and counted', async () => {
    await source.start();
    await writeFile(join(dir, 'b.yaml'), presetYaml('b', { B: '1' }));
    await writeFile(join(dir, 'broken.yaml'), 'kind: PodPreset\n  metadata: [oops\n');
    await writeFile(
      join(dir, 'invalid.yaml'),
      presetYaml('c', { C: '1' }).replace(
        '{matchLabels: {app: web}}',
        '{matchExpressions: [{key: k, operator: In}]}',
      ),
    );
    await vi.waitFor(async () => {
      expect(await injectedEnv()).toEqual([
        { name: 'A', value: '1' },
        { name: 'B', value: '1' },
      ]);
      expect(await gauge('podpreset_presets_invalid')).toMatch(/podpreset_presets_invalid 2/);
    }, within);
    const skipped = log.lines().filter((l) => l['msg'] === 'invalid preset skipped');
    expect(skipped.map((l) => l['file'])).toEqual(
      expect.arrayContaining([join(dir, 'broken.yaml'), join(dir, 'invalid.yaml')]),
    );
    const invalid = skipped.find((l) => l['file'] === join(dir, 'invalid.yaml'));
    expect(invalid).toMatchObject({ level: 40, preset: 'PodPreset default/c' });
    expect(JSON.stringify(invalid!['problems'])).toContain('must be non-empty when operator is In');
    expect((await send(server, { path: '/readyz' })).status).toBe(200);
  });

  it('presets with values of the wrong type are skipped, each wrong value named, and the others apply', async () => {
    await writeFile(join(dir, 'wrong.yaml'), WRONG_TYPES_YAML);
    await source.start();
    expect(await injectedEnv()).toEqual([{ name: 'A', value: '1' }]);
    expect(await gauge('podpreset_presets_invalid')).toMatch(/podpreset_presets_invalid 2/);
    const skipped = log.lines().filter((l) => l['msg'] === 'invalid preset skipped');
    expect(skipped).toEqual([
      expect.objectContaining({
        file: `${join(dir, 'wrong.yaml')}#1`,
        preset: 'PodPreset shop/types',
        problems: WRONG_TYPES_PROBLEMS.types,
      }),
      expect.objectContaining({
        file: `${join(dir, 'wrong.yaml')}#2`,
        preset: 'PodPreset shop/sidecar',
        problems: WRONG_TYPES_PROBLEMS.sidecar,
      }),
    ]);
    expect(JSON.stringify(log.lines())).not.toContain(SECRET);
    expect(source.catalog.presets().map((preset) => preset.name)).toEqual(['a']);
  });

  it('a broken symlink beside the presets is logged by name and counted', async () => {
    await source.start();
    await symlink('/nonexistent', join(dir, 'dangling.yaml'));
    await vi.waitFor(
      async () => expect(await gauge('podpreset_presets_invalid')).toMatch(/podpreset_presets_invalid 1/),
      within,
    );
    expect(log.lines().filter((l) => l['msg'] === 'invalid preset skipped')).toEqual([
      expect.objectContaining({
        file: join(dir, 'dangling.yaml'),
        problems: ['broken symlink to /nonexistent'],
      }),
    ]);
    expect(await injectedEnv()).toEqual([{ name: 'A', value: '1' }]);
  });

  it('the server logging into the presets directory reloads only on a preset change', async () => {
    // `serve --presets DIR > DIR/serve.log`: every line logged is a change in DIR. It used to
    // reload at once, logging again (and every invalid preset again), forever.
    await source.stop();
    await writeFile(join(dir, 'broken.yaml'), 'kind: PodPreset\n  metadata: [oops\n');
    const ownLog = captureLog('info', (chunk) => appendFileSync(join(dir, 'serve.log'), chunk));
    const own = new FilePresetSource({ paths: [dir], logger: ownLog.logger, metrics, debounceMs: 1 });
    try {
      await own.start();
      const file = join(dir, 'a.yaml');
      await writeFile(`${file}.tmp`, presetYaml('a', { A: 'renamed' }));
      await rename(`${file}.tmp`, file);
      await vi.waitFor(() => expect(ownLog.messages()).toContain('presets reloaded'), within);
      await own.reload(); // one more look, after every line above was written
      expect(ownLog.messages()).toEqual([
        'invalid preset skipped',
        'presets loaded',
        'invalid preset skipped',
        'presets reloaded',
      ]);
      expect(await gauge('podpreset_source_restarts_total')).toMatch(/resource="files"\} 1/);
    } finally {
      await own.stop();
    }
  });

  it('a reload lets requests in while it parses and compiles, and they see the old presets until it is done', async () => {
    await source.stop();
    const own = new FilePresetSource({ paths: [dir], logger: log.logger, metrics, sliceMs: 0 });
    try {
      await own.start();
      const before = own.catalog;
      const presets = Array.from({ length: 20 }, (_, i) => presetYaml(`p${i}`, { P: String(i) }));
      await writeFile(join(dir, 'a.yaml'), presets.join('---\n'));
      // A turn of the event loop that comes while the reload runs, as a review's would.
      const seen: number[] = [];
      let reloading = true;
      const look = (): void => {
        if (!reloading) return;
        seen.push(own.catalog === before ? before.size : -1);
        setImmediate(look);
      };
      setImmediate(look);
      await own.reload();
      reloading = false;
      // Twenty documents parsed and twenty compiled, each followed by a turn (sliceMs 0).
      expect(seen.length).toBeGreaterThanOrEqual(40);
      expect(new Set(seen)).toEqual(new Set([1]));
      expect(own.catalog.size).toBe(20);
    } finally {
      await own.stop();
    }
  });

  it('a deleted file takes its presets away', async () => {
    await writeFile(join(dir, 'b.yaml'), presetYaml('b', { B: '1' }));
    await source.start();
    expect(await injectedEnv()).toHaveLength(2);
    await unlink(join(dir, 'b.yaml'));
    await vi.waitFor(async () => expect(await injectedEnv()).toEqual([{ name: 'A', value: '1' }]), within);
  });

  it('a file in a new subdirectory is picked up, and its later edits too', async () => {
    await source.start();
    await mkdir(join(dir, 'team', 'shop'), { recursive: true });
    await writeFile(join(dir, 'team', 'shop', 'd.yaml'), presetYaml('d', { D: '1' }));
    await vi.waitFor(
      async () => expect(await injectedEnv()).toContainEqual({ name: 'D', value: '1' }),
      within,
    );
    await writeFile(join(dir, 'team', 'shop', 'd.yaml'), presetYaml('d', { D: '2' }));
    await vi.waitFor(
      async () => expect(await injectedEnv()).toContainEqual({ name: 'D', value: '2' }),
      within,
    );
  });

  it('a single file path is followed when it is replaced by rename, as editors save', async () => {
    await source.stop();
    const file = join(dir, 'a.yaml');
    const single = new FilePresetSource({ paths: [file], logger: log.logger, metrics, pollMs: 60_000 });
    const only = await startTestServer({ presets: single });
    try {
      await single.start();
      await writeFile(`${file}.tmp`, presetYaml('a', { A: 'renamed' }));
      await rename(`${file}.tmp`, file);
      await vi.waitFor(async () => {
        const pod = aPod();
        const answer = (await postJson(only, '/mutate', aReview(pod))).json<ReviewAnswer>();
        expect(JSON.stringify(decodePatch(answer.response))).toContain('renamed');
      }, within);
    } finally {
      await only.close();
      await single.stop();
    }
  });

  it('without fs.watch events the poll still picks a change up', async () => {
    await source.stop();
    const polled = new FilePresetSource({
      paths: [dir],
      logger: log.logger,
      metrics,
      pollMs: 50,
      debounceMs: 60_000,
    });
    const only = await startTestServer({ presets: polled });
    try {
      await polled.start();
      await writeFile(join(dir, 'a.yaml'), presetYaml('a', { A: 'polled' }));
      await vi.waitFor(async () => {
        const answer = (await postJson(only, '/mutate', aReview(aPod()))).json<ReviewAnswer>();
        expect(JSON.stringify(decodePatch(answer.response))).toContain('polled');
      }, within);
    } finally {
      await only.close();
      await polled.stop();
    }
  });
});
