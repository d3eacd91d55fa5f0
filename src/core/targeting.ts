/**
 * Container targeting (docs/SPEC.md §8.1): which of a Pod's own containers and init containers get a
 * preset's env, envFrom and volumeMounts. Compiled once per preset, like its label selector.
 */
import { isPlainObject } from './json.js';
import type { NamePatterns } from './name-overlap.js';
import { err, ok, type Result } from './result.js';

/** Tells whether a Pod's own container (or init container, `init`) is targeted, by its name. */
export type ContainerMatcher = (name: string, init: boolean) => boolean;

const everyContainer: ContainerMatcher = () => true;
const PATTERN = /^[a-z0-9*-]{1,63}$/;
const MEMBERS = new Set(['names', 'excludeNames', 'initContainers']);
/** The CRD's bound on `names` and on `excludeNames`; files are held to it too. */
export const MAX_NAME_PATTERNS = 64;

/**
 * A pattern, compiled: the literal runs between its `*`s (`app-*` is `['app-', '']`, a plain
 * name is itself alone). Kept as strings rather than a RegExp per pattern: thousands of presets
 * hold a few patterns each, and a name is matched with startsWith, endsWith and indexOf.
 */
type Pattern = readonly string[];

/** matchesPattern: the whole name matches; `*` matches any run of characters, the empty one included. */
export function matchesPattern(runs: Pattern, name: string): boolean {
  const first = runs[0]!;
  if (runs.length === 1) return name === first;
  const last = runs[runs.length - 1]!;
  const end = name.length - last.length;
  if (end < first.length || !name.startsWith(first) || !name.endsWith(last)) return false;
  // Each middle run at its first place after the one before: the earliest leaves the most room.
  let at = first.length;
  for (let i = 1; i < runs.length - 1; i++) {
    const found = name.indexOf(runs[i]!, at);
    if (found === -1 || found + runs[i]!.length > end) return false;
    at = found + runs[i]!.length;
  }
  return true;
}

/** compilePattern compiles one (valid) pattern. */
export const compilePattern = (pattern: string): Pattern => pattern.split('*');

function compilePatterns(value: unknown, at: string, problems: string[]): Pattern[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    problems.push(`${at}: must be a non-empty list of name patterns`);
    return undefined;
  }
  if (value.length > MAX_NAME_PATTERNS) {
    problems.push(`${at}: must have at most ${MAX_NAME_PATTERNS} patterns`);
    return undefined;
  }
  const patterns: Pattern[] = [];
  value.forEach((pattern: unknown, i) => {
    if (typeof pattern !== 'string' || !PATTERN.test(pattern)) {
      problems.push(`${at}[${i}]: must be 1 to 63 characters from a-z, 0-9, '-' and '*'`);
    } else patterns.push(compilePattern(pattern));
  });
  return patterns;
}

/** compileContainerSelector validates `spec.containerSelector` and compiles it; absent targets every container. */
export function compileContainerSelector(value: unknown, at: string): Result<ContainerMatcher> {
  if (value === undefined || value === null) return ok(everyContainer);
  if (!isPlainObject(value)) return err([`${at}: must be an object`]);
  const problems = Object.keys(value)
    .filter((member) => !MEMBERS.has(member))
    .map((member) => `${at}.${member}: unknown field`);
  const names = compilePatterns(value['names'], `${at}.names`, problems);
  const excludeNames = compilePatterns(value['excludeNames'], `${at}.excludeNames`, problems);
  const initContainers = value['initContainers'];
  if (initContainers !== undefined && typeof initContainers !== 'boolean') {
    problems.push(`${at}.initContainers: must be a boolean`);
  }
  if (problems.length > 0) return err(problems);
  if (!names && !excludeNames && initContainers !== false) return ok(everyContainer);
  return ok((name, init) => {
    if (init && initContainers === false) return false;
    if (excludeNames?.some((pattern) => matchesPattern(pattern, name))) return false;
    return names === undefined || names.some((pattern) => matchesPattern(pattern, name));
  });
}

/**
 * namePatternsOf gives the `names` and `excludeNames` of a (valid) containerSelector as data: lint
 * searches them for a container two presets both target (name-overlap.ts).
 */
export function namePatternsOf(value: unknown): NamePatterns {
  const patterns = (list: unknown): string[] | undefined =>
    Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string') : undefined;
  const selector = isPlainObject(value) ? value : {};
  return { names: patterns(selector['names']), excludeNames: patterns(selector['excludeNames']) ?? [] };
}
