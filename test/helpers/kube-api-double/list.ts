/**
 * A collection GET as the API server answers it: `labelSelector` filters, `limit` cuts the list
 * into pages whose `metadata.continue` token the next call passes back as `continue`, and the
 * order is stable (by namespace and name), so paging never skips or repeats an object.
 */
import { ApiError, type StoredObject } from './store.js';

type Requirement = (labels: Record<string, string>) => boolean;

const SET = /^([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)$/;
const EQUALITY = /^([^\s!=]+)\s*(==|=|!=)\s*([^\s!=]*)$/;
const EXISTS = /^(!?)([^\s!=(),]+)$/;

/** Splits on the commas between requirements, not the ones inside `in (a,b)`. */
function splitRequirements(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth -= 1;
    if (ch === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim() !== '') parts.push(current.trim());
  return parts;
}

function requirement(text: string): Requirement {
  const set = SET.exec(text);
  if (set) {
    const [, key, op, list] = set as unknown as [string, string, string, string];
    const values = new Set(list.split(',').map((v) => v.trim()));
    return op === 'in'
      ? (labels) => key in labels && values.has(labels[key]!)
      : (labels) => !(key in labels) || !values.has(labels[key]!);
  }
  const equality = EQUALITY.exec(text);
  if (equality) {
    const [, key, op, value] = equality as unknown as [string, string, string, string];
    return op === '!=' ? (labels) => labels[key] !== value : (labels) => labels[key] === value;
  }
  const exists = EXISTS.exec(text);
  if (exists) {
    const [, not, key] = exists as unknown as [string, string, string];
    return not === '!' ? (labels) => !(key in labels) : (labels) => key in labels;
  }
  throw new ApiError(400, 'BadRequest', `unable to parse requirement: ${JSON.stringify(text)}`);
}

/** parseLabelSelector compiles the `labelSelector` query parameter, or throws a 400 as the server does. */
export function parseLabelSelector(selector: string | null): Requirement {
  const requirements = splitRequirements(selector ?? '').map(requirement);
  return (labels) => requirements.every((r) => r(labels));
}

const keyOf = (object: StoredObject): string =>
  `${object.metadata.namespace ?? ''}/${object.metadata.name ?? ''}`;

interface Page {
  readonly items: StoredObject[];
  /** The token for the next page; absent on the last. */
  readonly continue?: string;
  readonly remainingItemCount?: number;
}

/** listPage selects and pages `all` as the query asks. */
export function listPage(all: readonly StoredObject[], query: URLSearchParams): Page {
  const selected = parseLabelSelector(query.get('labelSelector'));
  let items = all
    .filter((o) => selected(o.metadata.labels ?? {}))
    .sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1));
  const token = query.get('continue');
  if (token) {
    let after: unknown;
    try {
      after = (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { after?: unknown }).after;
    } catch {
      after = undefined;
    }
    if (typeof after !== 'string') throw new ApiError(400, 'BadRequest', 'continue key is not valid');
    items = items.filter((o) => keyOf(o) > after);
  }
  const limit = Number(query.get('limit') ?? '0');
  if (!Number.isInteger(limit) || limit <= 0 || items.length <= limit) return { items };
  const page = items.slice(0, limit);
  const next = Buffer.from(JSON.stringify({ after: keyOf(page.at(-1)!) })).toString('base64url');
  return { items: page, continue: next, remainingItemCount: items.length - limit };
}
