/**
 * The one way a request is turned down before any decision: an HTTP 4xx/5xx with a JSON body
 * `{"error": "..."}` that says what to fix, a log line and a metric. With no uid there is no
 * AdmissionReview to answer, so the API server sees the status and applies its failurePolicy.
 */
import type { ServerResponse } from 'node:http';
import type { Endpoint, ServerContext } from './context.js';

export interface HttpError {
  readonly status: number;
  readonly message: string;
}

/** sendJson answers `status` with `value` as a JSON body. */
export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  sendJsonText(res, status, JSON.stringify(value));
}

/** sendJsonText answers `status` with `body`, JSON already serialised. */
export function sendJsonText(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** reject answers `status` with `{ error: message }` and counts it under outcome `rejected`. */
export function reject(
  context: ServerContext,
  res: ServerResponse,
  endpoint: Endpoint | undefined,
  { status, message }: HttpError,
): void {
  if (endpoint) context.metrics.admissionRequests.inc({ endpoint, outcome: 'rejected' });
  context.logger.warn({ endpoint, status, error: message }, 'request rejected');
  sendJson(res, status, { error: message });
}
