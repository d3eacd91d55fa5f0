/**
 * Reading the AdmissionReview of /mutate and /validate out of a request, or saying what is wrong
 * with it (docs/SPEC.md §5): a 415 for another content type, a 400 for an empty or undecodable body
 * or one that is not an AdmissionReview we can answer, a 413 past the size limit.
 */
import type { IncomingMessage } from 'node:http';
import { parseAdmissionReview, type AdmissionReviewIn } from '../admission/review.js';
import { isPlainObject, jsonKindOf } from '../core/json.js';
import { jsonProblem } from '../documents/problems.js';
import { err, type Result } from '../core/result.js';
import { mediaType, OTHER_CHARSET, readBody, UTF8_CHARSETS } from './read-body.js';
import type { HttpError } from './reject.js';

const EMPTY: HttpError = { status: 400, message: 'request body is empty: expected an AdmissionReview' };

const JSON_TYPE = 'application/json';

/** readReview reads and checks the request's AdmissionReview, and calls `done` once with it. */
export function readReview(
  req: IncomingMessage,
  done: (review: Result<AdmissionReviewIn, HttpError>) => void,
): void {
  const { type, charset } = mediaType(req.headers['content-type']);
  const declaredEmpty =
    req.headers['content-length'] === '0' ||
    !('transfer-encoding' in req.headers || 'content-length' in req.headers);
  if (!declaredEmpty && type !== JSON_TYPE) {
    req.resume();
    return done(err({ status: 415, message: 'Content-Type must be application/json' }));
  }
  if (charset !== undefined && !UTF8_CHARSETS.has(charset)) {
    req.resume();
    return done(err(OTHER_CHARSET));
  }
  readBody(req, (body) => done(body.ok ? decodeReview(body.value) : body));
}

/** decodeReview parses a body's text as an AdmissionReview this webhook can answer. */
function decodeReview(body: string): Result<AdmissionReviewIn, HttpError> {
  const text = body.trim();
  if (text === '') return err(EMPTY);
  let decoded: unknown;
  try {
    decoded = JSON.parse(body); // untrimmed, so a problem's line and column are the body's
  } catch (error) {
    return err({
      status: 400,
      message: `request body is ${jsonProblem(error, body)}`,
    });
  }
  // Valid JSON, but a bare string, number or null is not one (an array is refused below, for what it is).
  if (typeof decoded !== 'object' || decoded === null) {
    return err({
      status: 400,
      message: `request body is not an AdmissionReview: expected a JSON object, found ${jsonKindOf(decoded)}`,
    });
  }
  if (isPlainObject(decoded) && Object.keys(decoded).length === 0) return err(EMPTY);
  const parsed = parseAdmissionReview(decoded);
  return parsed.ok ? parsed : err({ status: 400, message: parsed.error });
}
