/**
 * Label selectors, compiled once when a preset enters the cache and evaluated per request.
 * Semantics are apimachinery's LabelSelectorAsSelector: matchLabels and every matchExpression
 * are ANDed, strings compare exactly, and an empty or absent selector matches everything.
 */
import { labelValueProblem, qualifiedNameProblem } from './names.js';
import { err, ok, type Result } from './result.js';
import type { Labels } from './types.js';
import { isPlainObject } from './json.js';

export type LabelMatcher = (labels: Labels) => boolean;

export const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;

const matchesEverything: LabelMatcher = () => true;

/**
 * compileSelector validates a LabelSelector (given as untrusted JSON) and returns a matcher,
 * or every problem found, each prefixed with its field path under `path`.
 */
export function compileSelector(selector: unknown, path: string): Result<LabelMatcher> {
  if (selector === undefined || selector === null) return ok(matchesEverything);
  if (!isPlainObject(selector)) return err([`${path}: must be a LabelSelector object`]);

  const problems: string[] = [];
  const tests: LabelMatcher[] = [];
  for (const field of Object.keys(selector)) {
    if (field !== 'matchLabels' && field !== 'matchExpressions') {
      problems.push(`${path}: unknown field "${field}" (LabelSelector has matchLabels and matchExpressions)`);
    }
  }

  const { matchLabels, matchExpressions } = selector;
  if (matchLabels !== undefined && matchLabels !== null) {
    if (!isPlainObject(matchLabels)) {
      problems.push(`${path}.matchLabels: must be a map of label keys to values`);
    } else {
      for (const [key, value] of Object.entries(matchLabels)) {
        const at = `${path}.matchLabels[${JSON.stringify(key)}]`;
        const keyProblem = qualifiedNameProblem(key);
        if (keyProblem) problems.push(`${at}: invalid label key: ${keyProblem}`);
        if (typeof value !== 'string') {
          problems.push(`${at}: value must be a string`);
          continue;
        }
        const valueProblem = labelValueProblem(value);
        if (valueProblem)
          problems.push(`${at}: invalid label value ${JSON.stringify(value)}: ${valueProblem}`);
        tests.push((labels) => labels[key] === value);
      }
    }
  }

  if (matchExpressions !== undefined && matchExpressions !== null) {
    if (!Array.isArray(matchExpressions)) {
      problems.push(`${path}.matchExpressions: must be a list`);
    } else {
      matchExpressions.forEach((requirement: unknown, i) => {
        const compiled = compileRequirement(requirement, `${path}.matchExpressions[${i}]`);
        if (compiled.ok) tests.push(compiled.value);
        else problems.push(...compiled.error);
      });
    }
  }

  if (problems.length > 0) return err(problems);
  if (tests.length === 0) return ok(matchesEverything);
  if (tests.length === 1) return ok(tests[0]!);
  return ok((labels) => tests.every((test) => test(labels)));
}

function compileRequirement(requirement: unknown, at: string): Result<LabelMatcher> {
  if (!isPlainObject(requirement)) return err([`${at}: must be an object with key, operator and values`]);
  const { key, operator, values } = requirement;
  const problems: string[] = [];
  for (const field of Object.keys(requirement)) {
    if (field !== 'key' && field !== 'operator' && field !== 'values') {
      problems.push(`${at}: unknown field "${field}"`);
    }
  }
  if (typeof key !== 'string') {
    problems.push(`${at}.key: required`);
  } else {
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem) problems.push(`${at}.key: invalid label key ${JSON.stringify(key)}: ${keyProblem}`);
  }
  const list = values === undefined || values === null ? [] : values;
  if (!Array.isArray(list) || list.some((v) => typeof v !== 'string')) {
    problems.push(`${at}.values: must be a list of strings`);
  }
  const strings = Array.isArray(list) ? list.filter((v): v is string => typeof v === 'string') : [];

  switch (operator) {
    case 'In':
    case 'NotIn':
      if (strings.length === 0) problems.push(`${at}.values: must be non-empty when operator is ${operator}`);
      for (const value of strings) {
        const valueProblem = labelValueProblem(value);
        if (valueProblem)
          problems.push(`${at}.values: invalid label value ${JSON.stringify(value)}: ${valueProblem}`);
      }
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (strings.length > 0) problems.push(`${at}.values: must be empty when operator is ${operator}`);
      break;
    default:
      problems.push(
        `${at}.operator: unsupported operator ${JSON.stringify(operator)}: must be one of ${OPERATORS.join(', ')}`,
      );
  }
  if (problems.length > 0 || typeof key !== 'string') return err(problems);

  const set = new Set(strings);
  switch (operator as (typeof OPERATORS)[number]) {
    case 'In':
      return ok((labels) => Object.hasOwn(labels, key) && set.has(labels[key]!));
    case 'NotIn':
      return ok((labels) => !Object.hasOwn(labels, key) || !set.has(labels[key]!));
    case 'Exists':
      return ok((labels) => Object.hasOwn(labels, key));
    case 'DoesNotExist':
      return ok((labels) => !Object.hasOwn(labels, key));
  }
}
