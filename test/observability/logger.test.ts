import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { createLogger, REDACTED_PATHS } from '../../src/observability/logger.js';

it('redacts whole members that would carry objects, env or Secret data', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString()), done()),
  });
  const logger = createLogger('info', sink);
  const leaked = Object.fromEntries(REDACTED_PATHS.map((path) => [path, { value: `secret-${path}` }]));
  logger.info({ ...leaked, uid: 'u1' }, 'careless line');
  const line = JSON.parse(lines[0]!) as Record<string, unknown>;
  expect(line['uid']).toBe('u1');
  for (const path of REDACTED_PATHS) expect(line[path]).toBe('[redacted]');
  expect(lines[0]).not.toContain('secret-');
});
