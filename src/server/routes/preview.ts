/**
 * POST /preview: a Pod or workload (YAML or JSON, several documents allowed) and `?namespace=`
 * in, the `podpreset preview -o json` document out. Objects of kinds without a pod template pass
 * through unchanged; any document that cannot be read turns the whole request down with a 400
 * naming it, as the CLI exits 2 for bad input. The body must be UTF-8, as a file or stdin must be
 * (docs/inputs.md): bytes that are not are a 400 saying where, and another declared charset a 415.
 * POST /explain reads the same body the same way (documentRoute) and answers `explain -o json`.
 */
import type { RequestHandler } from 'express';
import { describeObject, flattenLists } from '../../core/load.js';
import { isPlainObject } from '../../core/json.js';
import type { PresetCatalog } from '../../core/catalog.js';
import type { Outcome } from '../../core/evaluate.js';
import type { NamespaceExclusions } from '../../core/excluded-namespaces.js';
import { previewObject } from '../../core/preview.js';
import type { Result } from '../../core/result.js';
import type { KubeObject } from '../../core/types.js';
import { parseBytes } from '../../documents/decode.js';
import type { Endpoint, ServerContext } from '../context.js';
import { elapsedMs } from '../decision-log.js';
import { mediaType, OTHER_CHARSET, UTF8_CHARSETS } from '../read-body.js';
import { reject } from '../reject.js';
import { NOT_READY_MESSAGE } from './mutate.js';

/** Content types /preview reads (JSON is parsed as the YAML subset it is). */
export const PREVIEW_TYPES = [
  'application/json',
  'application/yaml',
  'application/x-yaml',
  'text/yaml',
  'text/x-yaml',
  'text/plain',
];

/** What POST /preview and POST /explain answer for one object: the result names it and its outcome. */
interface ObjectResult {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly outcome: Outcome;
}

type Answer<R> = (
  object: KubeObject,
  namespace: string | undefined,
  catalog: PresetCatalog,
  exclusions: NamespaceExclusions,
) => Result<R, string>;

/** previewRoute answers POST /preview. */
export const previewRoute = (context: ServerContext): RequestHandler =>
  documentRoute(context, 'preview', previewObject);

/** documentRoute answers `{"results": [...]}` with `answer` for each object of the body. */
export function documentRoute<R extends ObjectResult>(
  context: ServerContext,
  endpoint: Endpoint,
  answer: Answer<R>,
): RequestHandler {
  const { presets, logger, metrics } = context;
  return (req, res) => {
    const started = performance.now();
    const fail = (status: number, message: string): void =>
      reject(context, res, endpoint, { status, message });
    const namespace: unknown = req.query['namespace'];
    if (namespace !== undefined && (typeof namespace !== 'string' || namespace === '')) {
      return fail(400, 'query parameter namespace must be given once, non-empty');
    }
    if (!Buffer.isBuffer(req.body)) {
      return fail(415, `Content-Type must be one of ${PREVIEW_TYPES.join(', ')}`);
    }
    const { charset } = mediaType(req.headers['content-type']);
    if (charset !== undefined && !UTF8_CHARSETS.has(charset)) {
      return fail(OTHER_CHARSET.status, OTHER_CHARSET.message);
    }
    if (!presets.isReady()) return fail(503, NOT_READY_MESSAGE);

    const parsed = parseBytes(req.body, 'body');
    if (parsed.errors.length > 0) {
      return fail(400, parsed.errors.map((e) => `${e.source}: ${e.problems.join('; ')}`).join('\n'));
    }
    if (parsed.documents.length === 0) return fail(400, 'body has no object: send a Pod or a workload');

    const catalog = presets.catalog;
    const results: R[] = [];
    const problems: string[] = [];
    for (const { source, object } of flattenLists(parsed.documents)) {
      const result = isPlainObject(object)
        ? answer(object as KubeObject, namespace, catalog, context.exclusions)
        : ({ ok: false, error: 'must be an object' } as const);
      if (result.ok) results.push(result.value);
      else {
        const what = describeObject(object);
        problems.push(`${source}${what ? ` (${what})` : ''}: ${result.error}`);
      }
    }
    if (problems.length > 0) return fail(400, problems.join('\n'));

    res.json({ results });
    const durationMs = elapsedMs(started, performance.now());
    metrics.admissionRequests.inc({ endpoint, outcome: 'answered' });
    metrics.admissionDuration.observe({ endpoint }, durationMs / 1000);
    logger.info(
      {
        namespace,
        objects: results.map((r) => ({
          kind: r.kind,
          namespace: r.namespace,
          name: r.name,
          outcome: r.outcome,
        })),
        durationMs,
      },
      endpoint,
    );
  };
}
