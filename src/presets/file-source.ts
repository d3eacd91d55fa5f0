/**
 * FilePresetSource: presets (and Namespace objects) from files and directories, followed as
 * they change (docs/SPEC.md §4 file mode). Every load builds a fresh catalog and swaps it in with one
 * assignment, so a request sees either the old presets or the new ones, never half of each.
 *
 * Decision: an invalid document is skipped and the valid ones load, file by file and document
 * by document. A broken file therefore drops its presets until it is fixed (the log and
 * `podpreset_presets_invalid` say so) rather than silently serving what the file used to say.
 *
 * Changes are seen through fs.watch on every directory involved (a file path is watched through
 * its directory, so an editor's write-and-rename and a ConfigMap's `..data` swap are both
 * events), debounced; a poll comparing file names, sizes and mtimes catches whatever fs.watch
 * misses (network filesystems, a new subdirectory).
 */
import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative } from 'node:path';
import { PresetCatalog } from '../core/catalog.js';
import { loadPresets, toCatalog } from '../core/load.js';
import type { Logger } from '../observability/logger.js';
import type { SourceMetrics } from '../observability/metrics.js';
import { listManifestFiles, readPaths } from './read-paths.js';
import type { PresetSource } from './source.js';

export interface FilePresetSourceOptions {
  readonly paths: readonly string[];
  readonly logger: Logger;
  readonly metrics: SourceMetrics;
  /** Quiet time after a change event before reloading: an editor's save is several events. */
  readonly debounceMs?: number;
  /** Fallback poll for changes fs.watch does not report. */
  readonly pollMs?: number;
}

export const DEFAULT_DEBOUNCE_MS = 100;
export const DEFAULT_POLL_MS = 500;
const RESOURCE = 'files';

interface Snapshot {
  /** Names, sizes, inodes and mtimes of the files: it differs whenever a load would. */
  readonly fingerprint: string;
  /** The directories to watch: each path that is one, the directories of its files, a file path's directory. */
  readonly directories: ReadonlySet<string>;
}

const isInside = (dir: string, root: string): boolean => {
  const path = relative(root, dir);
  return !path.startsWith('..') && !isAbsolute(path);
};

/** snapshot looks at the files under the paths without reading them. */
async function snapshot(paths: readonly string[]): Promise<Snapshot> {
  const parts: string[] = [];
  const directories = new Set<string>();
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info?.isDirectory()) directories.add(dirname(path));
    const files = info ? await listManifestFiles(path).catch(() => [] as string[]) : [];
    for (const file of files) {
      if (info?.isDirectory()) {
        for (let dir = dirname(file); isInside(dir, path) && !directories.has(dir); dir = dirname(dir))
          directories.add(dir);
      }
      const fileInfo = await stat(file).catch(() => undefined);
      parts.push(
        fileInfo ? `${file}\0${fileInfo.size}\0${fileInfo.mtimeMs}\0${fileInfo.ino}` : `${file}\0gone`,
      );
    }
    if (info?.isDirectory()) directories.add(path);
  }
  return { fingerprint: parts.join('\n'), directories };
}

export class FilePresetSource implements PresetSource {
  private current = new PresetCatalog();
  private ready = false;
  private stopped = false;
  private readonly watchers = new Map<string, FSWatcher>();
  private debounce: NodeJS.Timeout | undefined;
  private poller: NodeJS.Timeout | undefined;
  private loading: Promise<void> | undefined;
  private reloadAgain = false;
  private lastFingerprint = '';
  private started: Promise<void> | undefined;

  constructor(private readonly options: FilePresetSourceOptions) {}

  get catalog(): PresetCatalog {
    return this.current;
  }

  isReady(): boolean {
    return this.ready;
  }

  /** start loads the files and starts following them; later calls return the same promise. */
  start(): Promise<void> {
    this.started ??= (async () => {
      await this.reload();
      this.ready = true;
      this.schedulePoll(this.options.pollMs ?? DEFAULT_POLL_MS);
    })();
    return this.started;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.debounce);
    clearTimeout(this.poller);
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
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

  /**
   * watchDirectories keeps one non-recursive watch per directory (a directory's watch reports
   * writes, creations, renames and deletions of its entries). Recursive fs.watch on Linux costs a
   * stat watcher per file in Node 20, too much for thousands of preset files.
   */
  private watchDirectories(directories: ReadonlySet<string>): void {
    for (const [directory, watcher] of this.watchers) {
      if (directories.has(directory)) continue;
      watcher.close();
      this.watchers.delete(directory);
    }
    for (const directory of directories) {
      if (this.watchers.has(directory)) continue;
      try {
        const watcher = watch(directory, { persistent: false }, () => this.changed());
        watcher.on('error', () => {
          watcher.close(); // the poll still covers this directory
          this.watchers.delete(directory);
        });
        this.watchers.set(directory, watcher);
      } catch {
        // Not watchable (gone, or no inotify watches left): the poll covers it.
      }
    }
  }

  private changed(): void {
    if (this.stopped) return;
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.reload(), this.options.debounceMs ?? DEFAULT_DEBOUNCE_MS);
    this.debounce.unref();
  }

  /**
   * The fallback poll. Its interval grows with the time a look takes (at least 20 times it), so
   * a tree of thousands of files costs a few percent of a core at most, never a busy loop.
   */
  private schedulePoll(delayMs: number): void {
    if (this.stopped) return;
    this.poller = setTimeout(() => {
      const started = performance.now();
      void snapshot(this.options.paths).then((seen) => {
        if (!this.loading && seen.fingerprint !== this.lastFingerprint) void this.reload();
        const took = performance.now() - started;
        this.schedulePoll(Math.max(this.options.pollMs ?? DEFAULT_POLL_MS, 20 * took));
      });
    }, delayMs);
    this.poller.unref();
  }

  /** The source's one catch: a load that fails outright keeps the previous catalog and says why. */
  private async load(): Promise<void> {
    const { paths, logger, metrics } = this.options;
    const first = !this.ready;
    try {
      const before = await snapshot(paths);
      const read = await readPaths(paths);
      const loaded = loadPresets(read.documents);
      const catalog = toCatalog(loaded);
      if (this.stopped) return;
      this.current = catalog;
      this.lastFingerprint = before.fingerprint;
      this.watchDirectories(before.directories);

      const invalid = [...read.errors, ...loaded.invalid];
      for (const problem of invalid) {
        logger.warn(
          {
            file: problem.source,
            preset: 'object' in problem ? problem.object : undefined,
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
