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
export type Operator = (typeof OPERATORS)[number];

/**
 * One requirement of a selector as data, so that the same selector can both match fast and say
 * which requirement a set of labels fails (explain) or whether two selectors can meet (lint).
 * A matchLabels entry is `In` with its one value, remembered as such for messages.
 */
export interface Requirement {
  readonly key: string;
  readonly operator: Operator;
  readonly values: readonly string[];
  readonly from: 'matchLabels' | 'matchExpressions';
}

const matchesEverything: LabelMatcher = () => true;

/**
 * compileSelector validates a LabelSelector (given as untrusted JSON) and returns a matcher,
 * or every problem found, each prefixed with its field path under `path`.
 */
export function compileSelector(selector: unknown, path: string): Result<LabelMatcher> {
  const parsed = parseSelector(selector, path);
  return parsed.ok ? ok(matcherOf(parsed.value)) : parsed;
}

/** matcherOf builds the boolean matcher of admission's hot path: one closure per requirement, ANDed. */
export function matcherOf(requirements: readonly Requirement[]): LabelMatcher {
  const tests = requirements.map(requirementMatcher);
  if (tests.length === 0) return matchesEverything;
  if (tests.length === 1) return tests[0]!;
  return (labels) => tests.every((test) => test(labels));
}

/** requirementMatcher compiles one requirement (explain uses it to find the ones labels fail). */
export function requirementMatcher({ key, operator, values, from }: Requirement): LabelMatcher {
  if (from === 'matchLabels') {
    const value = values[0];
    return (labels) => labels[key] === value;
  }
  const set = new Set(values);
  switch (operator) {
    case 'In':
      return (labels) => Object.hasOwn(labels, key) && set.has(labels[key]!);
    case 'NotIn':
      return (labels) => !Object.hasOwn(labels, key) || !set.has(labels[key]!);
    case 'Exists':
      return (labels) => Object.hasOwn(labels, key);
    case 'DoesNotExist':
      return (labels) => !Object.hasOwn(labels, key);
  }
}

/**
 * Bounds of a preset's selectors, as the CRD has them (the API server estimates the cost of the
 * CEL rules from them). Files are held to them too (selectorBoundProblems), so that a preset that
 * passes `podpreset lint` is one `kubectl apply` accepts. Not for other selectors: the webhook
 * configuration's namespaceSelector is Kubernetes', unbounded.
 */
export const MAX_MATCH_EXPRESSIONS = 64;
export const MAX_SELECTOR_VALUES = 256;

/** selectorBoundProblems says where a preset's selector passes the CRD's bounds. */
export function selectorBoundProblems(selector: unknown, path: string): string[] {
  if (!isPlainObject(selector) || !Array.isArray(selector['matchExpressions'])) return [];
  const expressions: unknown[] = selector['matchExpressions'];
  const problems =
    expressions.length > MAX_MATCH_EXPRESSIONS
      ? [`${path}.matchExpressions: must have at most ${MAX_MATCH_EXPRESSIONS} requirements`]
      : [];
  expressions.forEach((requirement, i) => {
    const values = isPlainObject(requirement) ? requirement['values'] : undefined;
    if (Array.isArray(values) && values.length > MAX_SELECTOR_VALUES) {
      problems.push(`${path}.matchExpressions[${i}].values: must have at most ${MAX_SELECTOR_VALUES} values`);
    }
  });
  return problems;
}

/**
 * parseSelector validates a LabelSelector (given as untrusted JSON) and returns its requirements
 * (absent or empty: none, which matches everything), or every problem found, each prefixed with
 * its field path under `path`.
 */
export function parseSelector(selector: unknown, path: string): Result<Requirement[]> {
  if (selector === undefined || selector === null) return ok([]);
  if (!isPlainObject(selector)) return err([`${path}: must be a LabelSelector object`]);

  const problems: string[] = [];
  const requirements: Requirement[] = [];
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
        requirements.push({ key, operator: 'In', values: [value], from: 'matchLabels' });
      }
    }
  }

  if (matchExpressions !== undefined && matchExpressions !== null) {
    if (!Array.isArray(matchExpressions)) {
      problems.push(`${path}.matchExpressions: must be a list`);
    } else {
      matchExpressions.forEach((requirement: unknown, i) => {
        const compiled = parseRequirement(requirement, `${path}.matchExpressions[${i}]`);
        if (compiled.ok) requirements.push(compiled.value);
        else problems.push(...compiled.error);
      });
    }
  }

  return problems.length > 0 ? err(problems) : ok(requirements);
}

function parseRequirement(requirement: unknown, at: string): Result<Requirement> {
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

  return ok({ key, operator: operator as Operator, values: strings, from: 'matchExpressions' });
}
