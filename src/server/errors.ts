/**
 * The express side's one catch (express 5 forwards sync throws and async rejections here): body
 * errors become a 4xx JSON message, anything else a JSON 500. The admission endpoints have their
 * own, which answers the review's uid (admission-handler.ts).
 */
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import type { Endpoint, ServerContext } from './context.js';
import { EXPLAIN_PATH, PREVIEW_PATH } from './paths.js';
import { TOO_LARGE } from './read-body.js';
import { reject, type HttpError } from './reject.js';

/** endpointOf names the endpoint of a request path, for metrics (express serves /preview and /explain of them). */
const endpointOf = (req: Request): Endpoint | undefined =>
  req.path === PREVIEW_PATH ? 'preview' : req.path === EXPLAIN_PATH ? 'explain' : undefined;

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
      return TOO_LARGE;
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

    if (endpoint) metrics.admissionRequests.inc({ endpoint, outcome: 'error' });
    logger.error({ err: error, endpoint }, 'request failed');
    res.status(500).json({ error: 'internal error' });
  };
}

/** notFound answers unknown paths (and wrong methods) with JSON rather than express's HTML page. */
export const notFound = (): RequestHandler => (req, res) => {
  res.status(404).json({ error: `no route for ${req.method} ${req.path}` });
};
