import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { mediaType, readBody, TOO_LARGE } from '../../src/server/read-body.js';
import type { Result } from '../../src/core/result.js';
import type { HttpError } from '../../src/server/reject.js';

/** A request body stream with the headers readBody looks at. */
function request(headers: Record<string, string>): PassThrough & IncomingMessage {
  return Object.assign(new PassThrough(), { headers }) as unknown as PassThrough & IncomingMessage;
}

/** read collects every call of readBody's callback (there must be exactly one). */
function read(req: IncomingMessage, limit?: number): Result<string, HttpError>[] {
  const calls: Result<string, HttpError>[] = [];
  readBody(req, (body) => calls.push(body), limit);
  return calls;
}

const ended = (stream: PassThrough): Promise<void> =>
  new Promise((resolve) => (stream.readableEnded ? resolve() : stream.once('end', () => resolve())));

describe('reading an admission request body', () => {
  it('joins a body sent in pieces, multi-byte characters split across them included', async () => {
    const req = request({ 'transfer-encoding': 'chunked' });
    const calls = read(req);
    const text = Buffer.from('{"name":"café"}');
    req.write(text.subarray(0, 12)); // inside the two bytes of "é"
    req.end(text.subarray(12));
    await ended(req);
    expect(calls).toEqual([{ ok: true, value: '{"name":"café"}' }]);
  });

  it('refuses a declared Content-Length past the limit at once, reading none of it', () => {
    const req = request({ 'content-length': '11' });
    expect(read(req, 10)).toEqual([{ ok: false, error: TOO_LARGE }]);
  });

  it('refuses a chunked body once it passes the limit, once, and drains the rest', async () => {
    const req = request({ 'transfer-encoding': 'chunked' });
    const calls = read(req, 10);
    req.write('0123456789');
    req.write('x');
    req.end('more that is read and dropped');
    await ended(req);
    expect(calls).toEqual([{ ok: false, error: TOO_LARGE }]);
  });

  it('answers a client that went away halfway once, whatever events follow', () => {
    const req = request({ 'content-length': '100' });
    const calls = read(req);
    req.write('{"api');
    req.emit('aborted');
    req.emit('error', new Error('aborted'));
    req.emit('error', new Error('ECONNRESET'));
    expect(calls).toEqual([
      { ok: false, error: { status: 400, message: 'request aborted before the body was complete' } },
    ]);
  });
});

describe("a request's media type", () => {
  it('is the lower-cased type/subtype, with the charset when one is named', () => {
    expect(mediaType(undefined)).toEqual({ type: undefined, charset: undefined });
    expect(mediaType('application/json')).toEqual({ type: 'application/json', charset: undefined });
    expect(mediaType(' Application/JSON ')).toEqual({ type: 'application/json', charset: undefined });
    expect(mediaType('application/json; charset="UTF-8"')).toEqual({
      type: 'application/json',
      charset: 'utf-8',
    });
    expect(mediaType('text/plain;format=flowed; charset=latin1')).toEqual({
      type: 'text/plain',
      charset: 'latin1',
    });
    expect(mediaType('application/json;')).toEqual({ type: 'application/json', charset: undefined });
  });
});
