/**
 * Reading preset files and directories (docs/SPEC.md §4: a PATH is a file or a directory, recursive),
 * as hostile trees and mounted volumes have them (docs/hostile-input.md):
 * - hidden entries are skipped: a mounted ConfigMap holds every file twice, once under `..data/`
 *   and once as a symlink beside it, and editors leave `.swp` files behind;
 * - a directory that is a mounted ConfigMap or Secret is read through ONE resolution of its
 *   `..data` link, so a load never mixes files of two versions the kubelet swapped in between;
 * - each directory is read once: a symlink back to an ancestor (or a second link to the same
 *   directory) is reported, not followed forever;
 * - what cannot be read is reported file by file and directory by directory, and the rest is read;
 *   so is a manifest name that is a broken symlink, a FIFO or a device: never opened, since a FIFO
 *   blocks its reader and a device never ends;
 * - files over MAX_PRESET_FILE_BYTES are reported and skipped without being read.
 */
import { constants, type Stats } from 'node:fs';
import { open, readdir, readlink, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseBytesInSlices, type DocumentError, type ParsedDocuments } from '../documents/decode.js';
import { timeSlices } from './time-slices.js';
import type { SourcedDocument } from '../core/load.js';

const MANIFEST_FILE = /\.(ya?ml|json)$/i;

/** isManifestName says whether a directory entry of this name is read as manifests, when it is a file. */
export const isManifestName = (name: string): boolean => MANIFEST_FILE.test(name);

/** The kubelet's atomic writer swaps this link to a new timestamped directory on every update. */
const ATOMIC_DATA_LINK = '..data';

/**
 * 4 MiB: four times the most a ConfigMap holds, and 10,000 presets of a typical size. A preset file
 * is parsed whole, at several times its size in memory, under the image's 128 MB old space.
 */
export const MAX_PRESET_FILE_BYTES = 4 * 1024 * 1024;

export interface ManifestFile {
  /** The path as the user sees it (in messages): `presets/db.yaml`. */
  readonly path: string;
  /** Where it is read: through the resolved `..data` of a mounted ConfigMap, else `path`. */
  readonly readFrom: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly ino: number;
}

export interface ManifestListing {
  readonly files: ManifestFile[];
  /** Every directory read (as the user sees it), and a file path's directory: what to watch. */
  readonly directories: string[];
  readonly errors: DocumentError[];
}

/** describeError says why a path could not be read, as `ls` would (`no such file or directory`). */
export function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  return error instanceof Error ? error.message : String(error);
}

interface Walk extends ManifestListing {
  /** Directories read so far, by device and inode, with the path they were first read as. */
  readonly seen: Map<string, string>;
}

const tooLarge = (size: number): string =>
  `file is ${(size / 1024 / 1024).toFixed(1)} MiB, more than the ${MAX_PRESET_FILE_BYTES / 1024 / 1024} MiB a preset file may be: skipped`;

const NOT_REGULAR = 'not a regular file (a FIFO, socket or device): skipped';

function addFile(walk: Walk, path: string, readFrom: string, info: Stats): void {
  if (!info.isFile()) walk.errors.push({ source: path, problems: [NOT_REGULAR] });
  else if (info.size > MAX_PRESET_FILE_BYTES)
    walk.errors.push({ source: path, problems: [tooLarge(info.size)] });
  else walk.files.push({ path, readFrom, size: info.size, mtimeMs: info.mtimeMs, ino: info.ino });
}

const isMissing = (error: unknown): boolean => (error as NodeJS.ErrnoException).code === 'ENOENT';

/** brokenLink says so when stat of `path` failed because it is a symlink to nothing, else undefined. */
async function brokenLink(path: string, error: unknown): Promise<string | undefined> {
  const target = isMissing(error) ? await readlink(path).catch(() => undefined) : undefined;
  return target === undefined ? undefined : `broken symlink to ${target}`;
}

/**
 * statEntry stats an entry. A broken symlink is reported when its name is one that would be read
 * (any other name is read only as a directory, which it is not); an entry that vanished since it
 * was listed is skipped quietly; other failures are reported.
 */
async function statEntry(
  walk: Walk,
  path: string,
  readFrom: string,
  manifest: boolean,
): Promise<Stats | undefined> {
  try {
    return await stat(readFrom);
  } catch (error) {
    const problem = isMissing(error) ? manifest && (await brokenLink(readFrom, error)) : describeError(error);
    if (problem) walk.errors.push({ source: path, problems: [problem] });
    return undefined;
  }
}

async function walkDirectory(walk: Walk, path: string, readFrom: string, info: Stats): Promise<void> {
  const id = `${info.dev}:${info.ino}`;
  const first = walk.seen.get(id);
  if (first !== undefined) {
    walk.errors.push({
      source: path,
      problems: [`is the directory ${first} again (a symlink loop, or a second link to it): read once`],
    });
    return;
  }
  walk.seen.set(id, path);
  walk.directories.push(path);
  // One readlink per directory (it fails at once where there is no such link): the poll runs this
  // over every directory of the tree.
  const data = await readlink(join(readFrom, ATOMIC_DATA_LINK)).catch(() => undefined);
  const listFrom = data === undefined ? readFrom : resolve(readFrom, data);
  let entries: string[];
  try {
    entries = (await readdir(listFrom)).sort();
  } catch (error) {
    walk.errors.push({ source: path, problems: [describeError(error)] });
    return;
  }
  for (const entry of entries) {
    if (entry.startsWith('.')) continue;
    const child = join(path, entry);
    const childFrom = join(listFrom, entry);
    const manifest = isManifestName(entry);
    const childInfo = await statEntry(walk, child, childFrom, manifest);
    if (childInfo?.isDirectory()) await walkDirectory(walk, child, childFrom, childInfo);
    else if (childInfo && manifest) addFile(walk, child, childFrom, childInfo);
  }
}

/** listManifests finds the YAML/JSON files under `paths` (each a file or a directory), sorted, without reading them. */
export async function listManifests(paths: readonly string[]): Promise<ManifestListing> {
  const walk: Walk = { files: [], directories: [], errors: [], seen: new Map() };
  for (const path of paths) {
    let info: Stats;
    try {
      info = await stat(path);
    } catch (error) {
      const problem = (await brokenLink(path, error)) ?? describeError(error);
      walk.errors.push({ source: path, problems: [problem] });
      walk.directories.push(dirname(path)); // to see it appear
      continue;
    }
    if (info.isDirectory()) {
      await walkDirectory(walk, path, path, info);
    } else {
      walk.directories.push(dirname(path));
      addFile(walk, path, path, info);
    }
  }
  return walk;
}

/** fingerprintOf differs between two listings whenever reading them could differ, or what they report. */
export const fingerprintOf = (listing: ManifestListing): string =>
  [
    ...listing.files.map((f) => `${f.readFrom}\0${f.size}\0${f.mtimeMs}\0${f.ino}`),
    ...listing.errors.map((e) => `${e.source}\0${e.problems.join('\0')}`),
  ].join('\n');

/** readBounded reads a file's bytes, refusing one that has grown past the bound since it was listed. */
async function readBounded(file: ManifestFile): Promise<Buffer> {
  // Non-blocking, then checked: a regular file swapped for a FIFO since it was listed must not
  // block the load forever (O_NONBLOCK changes nothing for a regular file).
  const handle = await open(file.readFrom, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    if (!(await handle.stat()).isFile()) throw new Error(NOT_REGULAR);
    const buffer = Buffer.alloc(Math.min(file.size, MAX_PRESET_FILE_BYTES) + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buffer.length) {
        // It grew since it was listed: never read past the bound; the file source's second look
        // sees the change and reads again.
        throw new Error(length > MAX_PRESET_FILE_BYTES ? tooLarge(length) : 'file changed while it was read');
      }
    }
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}

/**
 * readManifests reads and parses the listed files; a file that cannot be read is an error naming
 * it. Parsing awaits `pause` between documents (time-slices.ts).
 */
export async function readManifests(
  listing: ManifestListing,
  pause = timeSlices(),
): Promise<ParsedDocuments & { readonly files: string[] }> {
  const documents: SourcedDocument[] = [];
  const errors: DocumentError[] = [...listing.errors];
  for (const file of listing.files) {
    try {
      const parsed = await parseBytesInSlices(await readBounded(file), file.path, pause);
      documents.push(...parsed.documents);
      errors.push(...parsed.errors);
    } catch (error) {
      errors.push({ source: file.path, problems: [describeError(error)] });
    }
  }
  return { documents, errors, files: listing.files.map((f) => f.path) };
}

/**
 * readPaths reads every manifest under `paths` into documents. Unreadable paths and unparsable
 * documents become errors naming the file; everything readable is still returned.
 */
export async function readPaths(paths: readonly string[]): Promise<ParsedDocuments & { files: string[] }> {
  return readManifests(await listManifests(paths));
}
