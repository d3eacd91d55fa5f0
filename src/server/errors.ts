/**
 * The server's one catch (express 5 forwards sync throws and async rejections here). Body
 * errors become a 4xx JSON message; an unexpected error while answering an AdmissionReview still
 * answers that uid, allowed and unchanged with a warning, so the API server gets a valid review
 * instead of a bare 500 (PRODUCT §5).
 */
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { errored, toReview } from '../admission/responses.js';
import type { AdmissionReviewIn } from '../admission/review.js';
import type { Endpoint, ServerContext } from './context.js';
import { requestFields } from './decision-log.js';
import { MUTATE_PATH, PREVIEW_PATH, VALIDATE_PATH } from './paths.js';
import { REVIEW_LOCAL } from './read-review.js';
import { reject, type HttpError } from './reject.js';

/** BODY_LIMIT is PRODUCT §5's 3 MiB: an AdmissionReview of the largest Pod the API server stores (1.5 MiB) twice. */
export const BODY_LIMIT = 3 * 1024 * 1024;

const ENDPOINTS: Readonly<Record<string, Endpoint>> = {
  [MUTATE_PATH]: 'mutate',
  [VALIDATE_PATH]: 'validate',
  [PREVIEW_PATH]: 'preview',
};

/** endpointOf names the endpoint of a request path, for metrics. */
export const endpointOf = (req: Request): Endpoint | undefined => ENDPOINTS[req.path];

interface BodyError {
  status?: number;
  type?: string;
  message?: string;
}

/** bodyError turns a body-parser error into what the client is told, or undefined for anything else. */
function bodyError(error: unknown): HttpError | undefined {
  const { status, type, message } = (typeof error === 'object' && error !== null ? error : {}) as BodyError;
  switch (type) {
    case 'entity.too.large':
      return { status: 413, message: `request body is larger than ${BODY_LIMIT / 1024 / 1024} MiB` };
    case 'entity.parse.failed':
      return { status: 400, message: `request body is not valid JSON: ${message ?? 'parse error'}` };
    case 'request.aborted':
      return { status: 400, message: 'request aborted before the body was complete' };
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return { status: 415, message: message ?? 'unsupported encoding' };
    default:
      return typeof status === 'number' && status >= 400 && status < 500
        ? { status, message: message ?? 'bad request' }
        : undefined;
  }
}

/** errorHandler is the last middleware of the app. */
export function errorHandler(context: ServerContext): ErrorRequestHandler {
  const { logger, metrics } = context;
  return (error: unknown, req, res, _next) => {
    const endpoint = endpointOf(req);
    if (res.headersSent) {
      // The answer is out (an observer threw after it): nothing to tell the client.
      logger.error({ err: error, endpoint }, 'error after the answer was sent');
      return;
    }
    const known = bodyError(error);
    if (known) return reject(context, res, endpoint, known);

    const review = res.locals[REVIEW_LOCAL] as AdmissionReviewIn | undefined;
    if (endpoint) metrics.admissionRequests.inc({ endpoint, outcome: 'error' });
    if (review) {
      logger.error(
        { err: error, endpoint, ...requestFields(review.request), outcome: 'error' },
        'admission failed: answered allowed without presets',
      );
      res.json(toReview(review.apiVersion, errored(review.request.uid, 'internal error')));
      return;
    }
    logger.error({ err: error, endpoint }, 'request failed');
    res.status(500).json({ error: 'internal error' });
  };
}

/** notFound answers unknown paths (and wrong methods) with JSON rather than express's HTML page. */
export const notFound = (): RequestHandler => (req, res) => {
  res.status(404).json({ error: `no route for ${req.method} ${req.path}` });
};
