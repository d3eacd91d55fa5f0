/** The license package.json names is the one the repository ships, in full. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { REPO_ROOT } from './load.js';

it('LICENSE is the Apache License 2.0 text, verbatim, as package.json says', () => {
  const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    license: string;
  };
  expect(manifest.license).toBe('Apache-2.0');
  const text = readFileSync(path.join(REPO_ROOT, 'LICENSE'), 'utf8');
  expect(text).toContain('Apache License\n                           Version 2.0, January 2004');
  // The full text as many packages ship it verbatim (copied from @eslint/core): not a word changed.
  expect(createHash('md5').update(text).digest('hex')).toBe('86d3f3a95c324c9479bd8986968f4327');
});
