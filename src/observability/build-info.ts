/**
 * What this build is, for `podpreset_build_info`: the package version (read once from the
 * package.json above this module, which is where it is in the repository, in dist/ and in the
 * image alike) and the Node version running it.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let version: string | undefined;

/** packageVersion is podpreset's package.json version, or "unknown" when none is found. */
export function packageVersion(): string {
  version ??= findVersion(dirname(fileURLToPath(import.meta.url)));
  return version;
}

function findVersion(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (manifest.name === 'podpreset' && typeof manifest.version === 'string') return manifest.version;
    } catch {
      // no package.json here, or not readable: keep looking upwards
    }
    if (dirname(dir) === dir) return 'unknown';
  }
}
