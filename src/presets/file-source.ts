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
 * events), debounced; a poll catches whatever fs.watch misses (network filesystems, a new
 * subdirectory). A load first lists the files and goes no further when the listing (names,
 * sizes, mtimes, inodes, what it reports) is the one last loaded, unless a watch event named a
 * file it reads (changed()): a directory also holds files that are never read, such as the
 * server's own log, and a reload for each of their writes would log, and so reload, forever.
 */
import { watch, type FSWatcher } from 'node:fs';
import { PresetCatalog } from '../core/catalog.js';
import {
  flattenLists,
  presetLoader,
  toCatalog,
  type LoadedPresets,
  type SourcedDocument,
} from '../core/load.js';
import type { Logger } from '../observability/logger.js';
import type { SourceMetrics } from '../observability/metrics.js';
import {
  fingerprintOf,
  isManifestName,
  listManifests,
  readManifests,
  type ManifestListing,
} from './read-paths.js';
import type { PresetSource } from './source.js';
import { timeSlices } from './time-slices.js';

export interface FilePresetSourceOptions {
  readonly paths: readonly string[];
  readonly logger: Logger;
  readonly metrics: SourceMetrics;
  /** Quiet time after a change event before reloading: an editor's save is several events. */
  readonly debounceMs?: number;
  /** Fallback poll for changes fs.watch does not report. */
  readonly pollMs?: number;
  /** The longest a load parses or compiles before letting requests in (time-slices.ts). */
  readonly sliceMs?: number;
}

export const DEFAULT_DEBOUNCE_MS = 100;
export const DEFAULT_POLL_MS = 500;
const RESOURCE = 'files';

/** How many times a load is read again when files changed while it was read, before it gives up for now. */
export const MAX_LOAD_ATTEMPTS = 5;

/**
 * Where every directory has a working fs.watch the poll is a safety net, not the way changes are
 * seen: every 120 poll periods (60 s by default), and at least 100 times what a look takes.
 */
export const WATCHED_POLL_FACTOR = 120;
const WATCHED_POLL_COST_FACTOR = 100;
/** Where some directory has no watch, the poll is how changes are seen: at least 20 times what a look takes. */
const POLL_COST_FACTOR = 20;

interface ConsistentRead {
  readonly listing: ManifestListing;
  readonly read: Awaited<ReturnType<typeof readManifests>>;
  /** False when files were still changing after MAX_LOAD_ATTEMPTS reads. */
  readonly consistent: boolean;
}

/**
 * readConsistent reads the listed files and lists them again. When the two listings differ,
 * files changed while they were read (a ConfigMap swapped twice, an editor's rename storm), and
 * what was read may be a state that never existed on disk: it is read again.
 */
async function readConsistent(
  paths: readonly string[],
  first: ManifestListing,
  pause: () => Promise<void>,
): Promise<ConsistentRead> {
  let listing = first;
  for (let attempt = 1; ; attempt++) {
    const read = await readManifests(listing, pause);
    const after = await listManifests(paths);
    if (fingerprintOf(after) === fingerprintOf(listing)) return { listing, read, consistent: true };
    if (attempt === MAX_LOAD_ATTEMPTS) return { listing, read, consistent: false };
    listing = after;
  }
}

/** loadInSlices compiles the documents as loadPresets does, awaiting `pause` between them. */
async function loadInSlices(
  documents: readonly SourcedDocument[],
  pause: () => Promise<void>,
): Promise<LoadedPresets> {
  const loader = presetLoader();
  for (const document of flattenLists(documents)) {
    loader.add(document);
    await pause();
  }
  return loader.loaded();
}

export class FilePresetSource implements PresetSource {
  private current = new PresetCatalog();
  private ready = false;
  private stopped = false;
  private readonly watchers = new Map<string, FSWatcher>();
  private debounce: NodeJS.Timeout | undefined;
  private poller: NodeJS.Timeout | undefined;
  private loading: Promise<void> | undefined;
  private followUp: Promise<void> | undefined;
  /** A watch event named a manifest file since the last load began (changed()). */
  private edited = false;
  /** The listing last loaded; undefined until a load succeeds. */
  private lastFingerprint: string | undefined;
  /** The directories of the last listing; the watchers cover a subset of them. */
  private directories: ReadonlySet<string> = new Set();
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

  /**
   * reload loads the files now if they changed since the last load. A call while a load runs
   * coalesces with the other such calls into one more load after it, and resolves when that one is
   * done: the running load may have read the files before the change that prompted the call.
   */
  reload(): Promise<void> {
    if (this.loading) {
      this.followUp ??= this.loading.then(() => {
        this.followUp = undefined;
        return this.stopped ? undefined : this.reload();
      });
      return this.followUp;
    }
    this.loading = this.load().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  /**
   * watchDirectories keeps one non-recursive watch per directory (a directory's watch reports
   * writes, creations, renames and deletions of its entries). Recursive fs.watch on Linux costs a
   * stat watcher per file in Node 20, too much for thousands of preset files.
   */
  private watchDirectories(directories: ReadonlySet<string>): void {
    this.directories = directories;
    for (const [directory, watcher] of this.watchers) {
      if (directories.has(directory)) continue;
      watcher.close();
      this.watchers.delete(directory);
    }
    for (const directory of directories) {
      if (this.watchers.has(directory)) continue;
      try {
        const watcher = watch(directory, { persistent: false }, (_event, name) =>
          this.changed(name !== null && isManifestName(name)),
        );
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

  /**
   * changed schedules a reload after the debounce. `edited`: the event named a manifest file, so
   * the next load reads even when the listing looks the same — two writes of the same size within
   * one mtime tick leave the fingerprint as it was. Other events (a log file written in the
   * directory) reload only when the listing changed.
   */
  private changed(edited = false): void {
    if (this.stopped) return;
    if (edited) this.edited = true;
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.reload(), this.options.debounceMs ?? DEFAULT_DEBOUNCE_MS);
    this.debounce.unref();
  }

  /**
   * The fallback poll: a reload, which looks and stops there when nothing changed. Where every
   * directory has a working fs.watch it only guards against a missed event (60 s by default);
   * otherwise it runs every poll period. Either way its interval grows with what a look (and the
   * reload it may lead to) takes, so a tree of thousands of directories never becomes a busy loop
   * (README, Failure behaviour, has the measured cost).
   */
  private schedulePoll(delayMs: number): void {
    if (this.stopped) return;
    this.poller = setTimeout(() => {
      const started = performance.now();
      void this.reload().then(() => {
        const took = performance.now() - started;
        const pollMs = this.options.pollMs ?? DEFAULT_POLL_MS;
        const watched = this.watchers.size === this.directories.size;
        this.schedulePoll(
          watched
            ? Math.max(pollMs * WATCHED_POLL_FACTOR, WATCHED_POLL_COST_FACTOR * took)
            : Math.max(pollMs, POLL_COST_FACTOR * took),
        );
      });
    }, delayMs);
    this.poller.unref();
  }

  /** The source's one catch: a load that fails outright keeps the previous catalog and says why. */
  private async load(): Promise<void> {
    const { paths, logger, metrics } = this.options;
    const first = !this.ready;
    try {
      const seen = await listManifests(paths);
      if (this.stopped) return;
      // Every look renews the watches: a new empty subdirectory changes no file but must be
      // watched for the files written into it later, and a lost watch comes back when it can.
      this.watchDirectories(new Set(seen.directories));
      if (!this.edited && fingerprintOf(seen) === this.lastFingerprint) return;
      // An edit event during this load is for a follow-up load: this one may have read before it.
      this.edited = false;
      // Parsing and compiling yield to requests between documents; the catalog is swapped in whole.
      const pause = timeSlices(this.options.sliceMs);
      const { listing, read, consistent } = await readConsistent(paths, seen, pause);
      if (this.stopped) return;
      if (!consistent) {
        // Still changing: look again once it settles. Until then a reload keeps what is served;
        // the first load takes the last read rather than start with nothing.
        logger.warn({ paths, attempts: MAX_LOAD_ATTEMPTS }, 'preset files kept changing while read');
        this.changed();
        if (!first) return;
      }
      const loaded = await loadInSlices(read.documents, pause);
      this.current = toCatalog(loaded);
      this.lastFingerprint = fingerprintOf(listing);

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
