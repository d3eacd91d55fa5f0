/**
 * FilePresetSource: presets (and Namespace objects) from files and directories, followed as
 * they change (PRODUCT §4 file mode). Every load builds a fresh catalog and swaps it in with one
 * assignment, so a request sees either the old presets or the new ones, never half of each.
 *
 * Decision: an invalid document is skipped and the valid ones load, file by file and document
 * by document. A broken file therefore drops its presets until it is fixed (the log and
 * `podpreset_presets_invalid` say so) rather than silently serving what the file used to say.
 *
 * Changes are seen through fs.watch on each path (a directory, or a file's directory, so an
 * editor's write-and-rename and a ConfigMap's `..data` swap are both events), debounced; a poll
 * comparing file names, sizes and mtimes catches whatever fs.watch misses (network filesystems).
 */
import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { PresetCatalog } from '../core/catalog.js';
import { loadPresets, toCatalog } from '../core/load.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../server/metrics.js';
import { listManifestFiles, readPaths } from './read-paths.js';
import type { PresetSource } from './source.js';

export interface FilePresetSourceOptions {
  readonly paths: readonly string[];
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Quiet time after a change event before reloading: an editor's save is several events. */
  readonly debounceMs?: number;
  /** Fallback poll for changes fs.watch does not report. */
  readonly pollMs?: number;
}

export const DEFAULT_DEBOUNCE_MS = 100;
export const DEFAULT_POLL_MS = 500;
const RESOURCE = 'files';

/** A cheap fingerprint of the files under the paths: names, sizes and modification times. */
async function fingerprint(paths: readonly string[]): Promise<string> {
  const parts: string[] = [];
  for (const path of paths) {
    const files = await listManifestFiles(path).catch(() => [] as string[]);
    for (const file of files) {
      const info = await stat(file).catch(() => undefined);
      parts.push(info ? `${file}\0${info.size}\0${info.mtimeMs}\0${info.ino}` : `${file}\0gone`);
    }
  }
  return parts.join('\n');
}

export class FilePresetSource implements PresetSource {
  private current = new PresetCatalog();
  private ready = false;
  private stopped = false;
  private watchers: FSWatcher[] = [];
  private debounce: NodeJS.Timeout | undefined;
  private poller: NodeJS.Timeout | undefined;
  private loading: Promise<void> | undefined;
  private reloadAgain = false;
  private lastFingerprint = '';

  constructor(private readonly options: FilePresetSourceOptions) {}

  get catalog(): PresetCatalog {
    return this.current;
  }

  isReady(): boolean {
    return this.ready;
  }

  async start(): Promise<void> {
    await this.watch();
    await this.reload();
    this.ready = true;
    this.poller = setInterval(() => void this.pollForChanges(), this.options.pollMs ?? DEFAULT_POLL_MS);
    this.poller.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.debounce);
    clearInterval(this.poller);
    for (const watcher of this.watchers) watcher.close();
    this.watchers = [];
    await this.loading;
  }

  /** reload loads the files now; concurrent calls coalesce into one more load after the running one. */
  reload(): Promise<void> {
    if (this.loading) {
      this.reloadAgain = true;
      return this.loading;
    }
    this.loading = this.load().finally(() => {
      this.loading = undefined;
      if (this.reloadAgain && !this.stopped) {
        this.reloadAgain = false;
        void this.reload();
      }
    });
    return this.loading;
  }

  private async watch(): Promise<void> {
    for (const path of this.options.paths) {
      const info = await stat(path).catch(() => undefined);
      // A file is watched through its directory: replacing the file (rename) ends a watch on it.
      const target = info?.isDirectory() ? path : dirname(path);
      try {
        const watcher = watch(target, { recursive: info?.isDirectory() ?? false, persistent: false }, () =>
          this.changed(),
        );
        watcher.on('error', () => watcher.close()); // the poll still covers this path
        this.watchers.push(watcher);
      } catch {
        // Not watchable (missing, or no inotify left): the poll covers it.
      }
    }
  }

  private changed(): void {
    if (this.stopped) return;
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.reload(), this.options.debounceMs ?? DEFAULT_DEBOUNCE_MS);
    this.debounce.unref();
  }

  private async pollForChanges(): Promise<void> {
    if (this.stopped || this.loading) return;
    if ((await fingerprint(this.options.paths)) !== this.lastFingerprint) void this.reload();
  }

  /** The source's one catch: a load that fails outright keeps the previous catalog and says why. */
  private async load(): Promise<void> {
    const { paths, logger, metrics } = this.options;
    const first = !this.ready;
    try {
      const before = await fingerprint(paths);
      const read = await readPaths(paths);
      const loaded = loadPresets(read.documents);
      const catalog = toCatalog(loaded);
      if (this.stopped) return;
      this.current = catalog;
      this.lastFingerprint = before;

      const invalid = [...read.errors, ...loaded.invalid];
      for (const problem of invalid) {
        logger.warn(
          {
            file: problem.source,
            object: 'object' in problem ? problem.object : undefined,
            problems: problem.problems,
          },
          'invalid preset skipped',
        );
      }
      const count = (kind: string): number => loaded.presets.filter((p) => p.kind === kind).length;
      metrics.presetsLoaded.set({ kind: 'PodPreset' }, count('PodPreset'));
      metrics.presetsLoaded.set({ kind: 'ClusterPodPreset' }, count('ClusterPodPreset'));
      metrics.presetsInvalid.set(invalid.length);
      metrics.sourceSynced.set({ resource: RESOURCE }, 1);
      if (!first) metrics.sourceRestarts.inc({ resource: RESOURCE });
      logger.info(
        {
          files: read.files.length,
          podPresets: count('PodPreset'),
          clusterPodPresets: count('ClusterPodPreset'),
          namespaces: loaded.namespaces.size,
          invalid: invalid.length,
        },
        first ? 'presets loaded' : 'presets reloaded',
      );
    } catch (error) {
      metrics.sourceSynced.set({ resource: RESOURCE }, 0);
      logger.error({ err: error, paths }, 'presets not reloaded: keeping the previous ones');
    }
  }
}
