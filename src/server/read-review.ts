/**
 * Reading the AdmissionReview of /mutate and /validate out of an express request, or rejecting
 * the request with a message that says what is wrong with it (PRODUCT §5).
 */
import type { Request, Response } from 'express';
import { parseAdmissionReview, type AdmissionReviewIn } from '../admission/review.js';
import { isPlainObject } from '../core/json.js';
import type { Endpoint, ServerContext } from './context.js';
import { reject } from './reject.js';

/** Where the error handler finds the review being answered, to answer in kind for its uid. */
export const REVIEW_LOCAL = 'admissionReview';

/** readReview returns the request's AdmissionReview, or answers 4xx itself and returns undefined. */
export function readReview(
  context: ServerContext,
  endpoint: Endpoint,
  req: Request,
  res: Response,
): AdmissionReviewIn | undefined {
  const body: unknown = req.body;
  const declaredEmpty =
    req.headers['content-length'] === '0' ||
    !('transfer-encoding' in req.headers || 'content-length' in req.headers);
  if (body === undefined && !declaredEmpty && req.is('application/json') === false) {
    reject(context, res, endpoint, { status: 415, message: 'Content-Type must be application/json' });
    return undefined;
  }
  if (body === undefined || (isPlainObject(body) && Object.keys(body).length === 0)) {
    reject(context, res, endpoint, {
      status: 400,
      message: 'request body is empty: expected an AdmissionReview',
    });
    return undefined;
  }
  const parsed = parseAdmissionReview(body);
  if (!parsed.ok) {
    reject(context, res, endpoint, { status: 400, message: parsed.error });
    return undefined;
  }
  res.locals[REVIEW_LOCAL] = parsed.value;
  return parsed.value;
}
