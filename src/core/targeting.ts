/**
 * Container targeting (docs/SPEC.md §8.1): which of a Pod's own containers and init containers get a
 * preset's env, envFrom and volumeMounts. Compiled once per preset, like its label selector.
 */
import { isPlainObject } from './json.js';
import { err, ok, type Result } from './result.js';

/** Tells whether a Pod's own container (or init container, `init`) is targeted, by its name. */
export type ContainerMatcher = (name: string, init: boolean) => boolean;

const everyContainer: ContainerMatcher = () => true;
const PATTERN = /^[a-z0-9*-]{1,63}$/;
const MEMBERS = new Set(['names', 'excludeNames', 'initContainers']);

/** Tells whether a name matches one pattern. */
type NameMatcher = (name: string) => boolean;

/**
 * A pattern matches a whole name; `*` matches any run of characters, the empty one included.
 * Matched without backtracking: the text before the first `*` must start the name, the text after
 * the last must end it, and each piece between is taken at its first place after the one before
 * (a later place never leaves more room for the rest). A RegExp of `.*`s backtracks once per `*`
 * per position: `*a*a*a*a*a*b` took 22 s against a 160-character name, and a Pod's container
 * names reach the webhook before the API server checks their length (docs/hostile-input.md).
 */
function patternMatcher(pattern: string): NameMatcher {
  const pieces = pattern.split('*');
  const first = pieces[0] ?? '';
  if (pieces.length === 1) return (name) => name === first;
  const last = pieces[pieces.length - 1] ?? '';
  const middle = pieces.slice(1, -1).filter((piece) => piece !== '');
  const fixed = first.length + last.length;
  return (name) => {
    if (name.length < fixed || !name.startsWith(first) || !name.endsWith(last)) return false;
    const end = name.length - last.length;
    let at = first.length;
    for (const piece of middle) {
      const found = name.indexOf(piece, at);
      if (found === -1 || found + piece.length > end) return false;
      at = found + piece.length;
    }
    return true;
  };
}

function compilePatterns(value: unknown, at: string, problems: string[]): NameMatcher[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    problems.push(`${at}: must be a non-empty list of name patterns`);
    return undefined;
  }
  const patterns: NameMatcher[] = [];
  value.forEach((pattern: unknown, i) => {
    if (typeof pattern !== 'string' || !PATTERN.test(pattern)) {
      problems.push(`${at}[${i}]: must be 1 to 63 characters from a-z, 0-9, '-' and '*'`);
    } else patterns.push(patternMatcher(pattern));
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
    if (excludeNames?.some((matches) => matches(name))) return false;
    return names === undefined || names.some((matches) => matches(name));
  });
}

/**
 * exampleNames gives a container name each `names` pattern of a (valid) containerSelector
 * matches, every `*` read as `x`: lint builds its example Pod from them, so that a preset
 * targeting only `app-*` still meets the other preset in a container it targets.
 */
export function exampleNames(value: unknown): string[] {
  if (!isPlainObject(value) || !Array.isArray(value['names'])) return [];
  return value['names'].filter((p): p is string => typeof p === 'string').map((p) => p.split('*').join('x'));
}
