import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/logger.js';
import { captureLog, repeatedKeys } from '../helpers/log-capture.js';

describe('repeatedKeys (the check every captured log line passes)', () => {
  it('finds a member repeated in an object, at any depth', () => {
    expect(repeatedKeys('{"name":"a","uid":"u","name":"b"}')).toEqual(['name']);
    expect(repeatedKeys('{"a":{"x":1,"x":2},"b":[{"y":1,"y":2}]}')).toEqual(['x', 'y']);
  });

  it('does not take values, array items, escaped quotes or sibling objects for repeats', () => {
    expect(repeatedKeys('{"name":"name","list":["name","name"],"q":"say \\"name\\":"}')).toEqual([]);
    expect(repeatedKeys('{"a":{"x":1},"b":{"x":2},"c":[{"x":1},{"x":2}]}')).toEqual([]);
  });
});

describe('log lines', () => {
  it('name the request once: a field called name is the object, not the logger', () => {
    const chunks: string[] = [];
    createLogger('info', { write: (line: string) => void chunks.push(line) }).info(
      { uid: 'u', name: 'web-1', outcome: 'mutated' },
      'admission decision',
    );
    expect(repeatedKeys(chunks.join(''))).toEqual([]);
    expect(JSON.parse(chunks.join(''))).toMatchObject({ name: 'web-1', msg: 'admission decision' });
  });

  it('are refused by the capture helper when a key repeats', () => {
    const log = captureLog();
    // pino writes a child's bindings and the line's own fields side by side, unmerged.
    log.logger.child({ component: 'cluster' }).info({ component: 'informer' }, 'restarted');
    expect(() => log.lines()).toThrow(/log line repeats component/);
  });
});
