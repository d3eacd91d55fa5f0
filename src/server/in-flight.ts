/**
 * A cap on the request bytes the server holds at once (docs/hostile-input.md). Each request body
 * may be up to 3 MiB (BODY_LIMIT), and a body is buffered whole before it is parsed: eighty
 * concurrent 2.9 MB bodies once took the heap down. A request reserves the bytes its
 * Content-Length declares (a chunked one, the whole limit) when it arrives and frees them when
 * its answer is done; one that would pass the cap is answered 429 at once, before its body is
 * read, and its body is discarded as it arrives. Requests without a body (probes, metrics) never
 * wait on it.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { BODY_LIMIT } from './read-body.js';
import type { HttpError } from './reject.js';

/**
 * 16 MiB: five full-size bodies, or thousands of ordinary Pods (~6 KB), at once. With the
 * Deployment's 256 MiB limit, the image's 128 MB old space and up to 150 MiB for 10,000 presets,
 * this leaves room for the one body being parsed at a time (parsing is synchronous) at several
 * times its size.
 */
export const MAX_IN_FLIGHT_BYTES = 16 * 1024 * 1024;

/** The answer beyond the cap. The API server retries a 429 (with backoff) before its failurePolicy applies. */
export const BUSY: HttpError = {
  status: 429,
  message: `too many request bytes in flight (more than ${MAX_IN_FLIGHT_BYTES / 1024 / 1024} MiB): retry shortly`,
};

/** declaredBytes is what a request may make the server buffer: its Content-Length, capped at the body limit. */
function declaredBytes(req: IncomingMessage): number {
  const length = req.headers['content-length'];
  if (length !== undefined) return Math.min(Number(length) || 0, BODY_LIMIT);
  return 'transfer-encoding' in req.headers ? BODY_LIMIT : 0;
}

/**
 * limitInFlight wraps `listener`: requests past `limit` bytes in flight go to `refuse` instead
 * (which must answer; the body is already being discarded, and the connection is closed after).
 */
export function limitInFlight(
  listener: RequestListener,
  refuse: (req: IncomingMessage, res: ServerResponse) => void,
  limit = MAX_IN_FLIGHT_BYTES,
): RequestListener {
  let held = 0;
  return (req, res) => {
    const bytes = declaredBytes(req);
    if (bytes > 0 && held + bytes > limit) {
      req.resume();
      res.setHeader('Connection', 'close');
      res.setHeader('Retry-After', '1');
      return refuse(req, res);
    }
    held += bytes;
    // 'close' comes once per response: after it is sent, or when the connection is gone first.
    res.once('close', () => (held -= bytes));
    listener(req, res);
  };
}
