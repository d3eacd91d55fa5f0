import { describe, expect, it } from 'vitest';
import {
  boundLogFields,
  MAX_LOG_ITEMS,
  MAX_LOG_STRING,
  NESTED_TOO_DEEP,
} from '../../src/observability/log-fields.js';
import { captureLog } from '../helpers/log-capture.js';

describe('log fields taken from input are bounded', () => {
  it('keeps ordinary fields as they are, the same object', () => {
    const fields = { uid: 'u', name: 'web-1', presets: ['PodPreset/a'], objects: [{ name: 'x' }] };
    expect(boundLogFields(fields)).toBe(fields);
  });

  it('cuts long strings, long lists and long strings inside lists and small objects', () => {
    const conflicts = Array.from({ length: 60_000 }, (_, i) => `conflict ${i}`);
    const bounded = boundLogFields({
      name: 'n'.repeat(10_000),
      conflicts,
      objects: [{ name: 'o'.repeat(600) }],
    });
    expect(bounded['name']).toBe(`${'n'.repeat(MAX_LOG_STRING)}… (10000 characters, truncated)`);
    expect(bounded['conflicts']).toEqual([...conflicts.slice(0, MAX_LOG_ITEMS), '… and 59980 more']);
    expect(bounded['objects']).toEqual([
      { name: `${'o'.repeat(MAX_LOG_STRING)}… (600 characters, truncated)` },
    ]);
  });

  it('cuts lists and objects nested past the depth it follows, so nesting cannot carry a long string through', () => {
    const secret = 'S'.repeat(2_000_000);
    const bounded = boundLogFields({
      operation: { a: { b: { c: { d: secret } } } },
      kind: { kind: { a: { b: { c: [secret] } } } },
      shallow: { a: { b: 'kept' } },
    });
    expect(bounded).toEqual({
      operation: { a: { b: { c: NESTED_TOO_DEEP } } },
      kind: { kind: { a: { b: NESTED_TOO_DEEP } } },
      shallow: { a: { b: 'kept' } },
    });
    expect(JSON.stringify(bounded).length).toBeLessThan(200);
  });

  it('is applied to every line of the root logger', () => {
    const log = captureLog('info');
    log.logger.info({ file: 'f'.repeat(5000) }, 'invalid preset skipped');
    expect(log.lines()[0]!['file']).toMatch(/… \(5000 characters, truncated\)$/);
  });
});
