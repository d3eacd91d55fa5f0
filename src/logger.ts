/**
 * The one root logger (pino, JSON lines). Created at the edge and passed down; the engine never
 * logs. Log lines carry preset names and keys, never env values, patches or objects, and tests
 * assert it. Redaction is a second line of defence for a field added carelessly later: whole
 * top-level members where such data would go. Wildcard paths (`*.env[*].value`) would also catch
 * nested values, but cost ~20 µs on every admission, more than the engine itself (README,
 * Performance); a nested object of that kind is kept out of log calls instead.
 */
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

export const REDACTED_PATHS = [
  'request',
  'object',
  'oldObject',
  'pod',
  'spec',
  'patch',
  'env',
  'envFrom',
  'data',
  'stringData',
];

/**
 * Standard output, written in batches: one write per line costs ~30 µs of a thread-pool round
 * trip on every admission (README, Performance). Lines wait for 4 KiB, or one second at most;
 * pino flushes what is left synchronously when the process exits.
 */
const stdout = (): DestinationStream =>
  pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 1000 });

/** createLogger returns the root logger; tests pass an in-memory destination. */
export function createLogger(level = 'info', destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { name: 'podpreset' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  return pino(options, destination ?? stdout());
}
