import { describe, expect, it } from 'vitest';
import { allowed, denied, errored, patched, reviewJson, toReview } from '../../src/admission/responses.js';

describe('reviewJson', () => {
  const uid = 'uid with "quotes", \\ and ü';
  const patchJson = JSON.stringify([{ op: 'add', path: '/metadata/labels', value: { a: 'ü' } }]);

  const uuid = '6f1b3c2a-1d2e-4f5a-9b8c-7d6e5f4a3b2c';
  it.each([
    ['patched', patched(uid, patchJson)],
    ['patched (a plain uid, quoted as it is)', patched(uuid, patchJson)],
    ['patched (a uid with a control character)', patched('a\u0001b', patchJson)],
    ['allowed', allowed(uid)],
    ['allowed with warnings', errored(uid, 'internal error')],
    ['denied', denied(uid, 'spec.env[0].name: required')],
  ])('serialises a %s answer as JSON.stringify would', (_, response) => {
    for (const version of ['admission.k8s.io/v1', 'admission.k8s.io/v1beta1'] as const) {
      const review = toReview(version, response);
      expect(JSON.parse(reviewJson(review))).toEqual(review);
      expect(reviewJson(review)).toBe(JSON.stringify(review));
    }
  });

  it('carries the patch as base64 of its JSON text', () => {
    const sent = JSON.parse(reviewJson(toReview('admission.k8s.io/v1', patched(uid, patchJson)))) as {
      response: { patch: string; patchType: string };
    };
    expect(sent.response.patchType).toBe('JSONPatch');
    expect(Buffer.from(sent.response.patch, 'base64').toString('utf8')).toBe(patchJson);
  });

  it.each([
    ['a short patch after a long one', 'x'.repeat(20_000), '[1]'],
    ['characters of 2, 3 and 4 UTF-8 bytes, and a lone surrogate', 'ü€😀\ud800'.repeat(5_000), 'é'],
    ['one past the size encoded in place, then one within it', 'ü'.repeat(22_000), 'ab'],
    ['a patch of megabytes', '€'.repeat(1_000_000), '[]x'],
  ])('encodes each patch whole and alone: %s', (_, first, second) => {
    for (const text of [first, second]) {
      const patch = patched(uuid, text).patch!;
      expect(patch).toBe(Buffer.from(text, 'utf8').toString('base64'));
    }
  });

  it('an empty patch is a plain allow', () => {
    expect(patched(uid, '[]')).toEqual({ uid, allowed: true });
  });
});
