/**
 * Reading preset files and directories (docs/SPEC.md §4: a PATH is a file or a directory, recursive).
 * Hidden entries are skipped: a ConfigMap mounted as a volume holds every file twice, once under
 * `..data/` and once as a symlink beside it, and editors leave `.swp` files behind.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDocuments, type DocumentError, type ParsedDocuments } from '../documents/decode.js';
import type { SourcedDocument } from '../core/load.js';

const MANIFEST_FILE = /\.(ya?ml|json)$/i;

/** listManifestFiles returns the YAML/JSON files under `path` (itself, if a file), sorted. */
export async function listManifestFiles(path: string): Promise<string[]> {
  const info = await stat(path);
  if (!info.isDirectory()) return [path];
  const files: string[] = [];
  for (const entry of (await readdir(path)).sort()) {
    if (entry.startsWith('.')) continue;
    const child = join(path, entry);
    const childInfo = await stat(child).catch(() => undefined);
    if (childInfo?.isDirectory()) files.push(...(await listManifestFiles(child)));
    else if (childInfo?.isFile() && MANIFEST_FILE.test(entry)) files.push(child);
  }
  return files;
}

function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

/**
 * readPaths reads every manifest under `paths` into documents. Unreadable paths and unparsable
 * documents become errors naming the file; everything readable is still returned.
 */
export async function readPaths(paths: readonly string[]): Promise<ParsedDocuments & { files: string[] }> {
  const documents: SourcedDocument[] = [];
  const errors: DocumentError[] = [];
  const files: string[] = [];
  for (const path of paths) {
    let found: string[];
    try {
      found = await listManifestFiles(path);
    } catch (error) {
      errors.push({ source: path, problems: [describeError(error)] });
      continue;
    }
    for (const file of found) {
      files.push(file);
      try {
        const parsed = parseDocuments(await readFile(file, 'utf8'), file);
        documents.push(...parsed.documents);
        errors.push(...parsed.errors);
      } catch (error) {
        errors.push({ source: file, problems: [describeError(error)] });
      }
    }
  }
  return { documents, errors, files };
}
