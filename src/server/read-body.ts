/**
 * Reading a request body on the admission path without a framework: a length limit checked
 * before and while reading, UTF-8 only, and a clear HttpError for everything a client can get
 * wrong. /mutate runs on every Pod creation in the cluster, so this path stays this small.
 */
import type { IncomingMessage } from 'node:http';
import { err, ok, type Result } from '../core/result.js';
import type { HttpError } from './reject.js';

/** Charsets a body may declare: every body is read as UTF-8, of which US-ASCII is a part. */
export const UTF8_CHARSETS: ReadonlySet<string> = new Set(['utf-8', 'utf8', 'us-ascii']);

/** The answer to a body declared in another charset: never decoded as something it is not. */
export const OTHER_CHARSET: HttpError = {
  status: 415,
  message: 'Content-Type declares a charset other than UTF-8: send the body as UTF-8',
};

/** BODY_LIMIT is docs/SPEC.md §5's 3 MiB: an AdmissionReview of the largest Pod the API server stores (1.5 MiB) twice. */
export const BODY_LIMIT = 3 * 1024 * 1024;

export const TOO_LARGE: HttpError = {
  status: 413,
  message: `request body is larger than ${BODY_LIMIT / 1024 / 1024} MiB`,
};

/** mediaType returns a Content-Type's type/subtype, lower-cased, and its charset if named. */
export function mediaType(header: string | undefined): {
  type: string | undefined;
  charset: string | undefined;
} {
  if (header === undefined) return { type: undefined, charset: undefined };
  // The API server sends a bare `application/json`: nothing to split on every review.
  if (!header.includes(';')) return { type: header.trim().toLowerCase(), charset: undefined };
  const [type, ...parameters] = header.split(';');
  const charset = parameters
    .map((p) => p.trim().toLowerCase())
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/^"|"$/g, '');
  return { type: type!.trim().toLowerCase(), charset };
}

const ABORTED: HttpError = { status: 400, message: 'request aborted before the body was complete' };

/**
 * readBody reads the whole body as UTF-8 text and calls `done` once with it, or with 413 as soon
 * as it passes `limit` (at once when Content-Length says so). What is left of an oversized body is
 * read and dropped, so the client still receives the 413 instead of a reset. A callback, not a
 * Promise: this runs for every Pod creation in the cluster, and the promise chain cost ~4 µs of
 * the server's CPU per review under load (docs/performance.md).
 */
export function readBody(
  req: IncomingMessage,
  done: (body: Result<string, HttpError>) => void,
  limit = BODY_LIMIT,
): void {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) {
    req.resume();
    return done(err(TOO_LARGE));
  }
  const chunks: Buffer[] = [];
  let length = 0;
  let settled = false;
  const settle = (body: Result<string, HttpError>): void => {
    if (settled) return;
    settled = true;
    done(body);
  };
  req.on('data', (chunk: Buffer) => {
    if (settled) return;
    length += chunk.length;
    if (length <= limit) {
      chunks.push(chunk);
      return;
    }
    req.resume();
    settle(err(TOO_LARGE));
  });
  req.on('end', () => {
    const whole = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length);
    settle(ok(whole.toString('utf8')));
  });
  req.on('aborted', () => settle(err(ABORTED)));
  req.on('error', () => settle(err(ABORTED)));
}
