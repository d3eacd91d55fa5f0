/** The shared conformance vectors (../shared/conformance beside the repository). */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KubeObject } from '../../src/core/types.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CONFORMANCE_DIR = resolve(REPO_ROOT, '..', 'shared', 'conformance');

export interface ConformanceVector {
  file: string;
  name: string;
  origin: string;
  namespace: string;
  presets: unknown[];
  namespaces?: unknown[];
  pod?: KubeObject;
  object?: KubeObject;
  cliOnly?: boolean;
  expect: { outcome: 'mutated' | 'unchanged' | 'conflict'; pod?: KubeObject; applied: string[] };
}

/** loadVectors reads every vector; a directory with none is an error, so the suite can never pass on nothing. */
export function loadVectors(): ConformanceVector[] {
  const files = readdirSync(CONFORMANCE_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort();
  if (files.length === 0) throw new Error(`no conformance vectors in ${CONFORMANCE_DIR}`);
  return files.map((file) => ({
    file,
    ...(JSON.parse(readFileSync(join(CONFORMANCE_DIR, file), 'utf8')) as Omit<ConformanceVector, 'file'>),
  }));
}
