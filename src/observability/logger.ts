/**
 * The one root logger (pino, JSON lines). Created at the edge and passed down; the engine never
 * logs. Log lines carry preset names and keys, never env values, patches or objects, and tests
 * assert it. Redaction is a second line of defence for a field added carelessly later: whole
 * top-level members where such data would go. Wildcard paths (`*.env[*].value`) would also catch
 * nested values, but cost ~20 µs on every admission, more than the engine itself
 * (docs/performance.md); a nested object of that kind is kept out of log calls instead.
 */
import { pino, type DestinationStream, type Logger } from 'pino';
import { boundLogFields } from './log-fields.js';
import { BatchedOutput } from './log-output.js';

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

/** createLogger returns the root logger; tests pass an in-memory destination. */
export function createLogger(level = 'info', destination?: DestinationStream): Logger {
  const options = {
    level,
    // No base fields: pino's pid and hostname say nothing a container's log metadata does not,
    // and a logger `name` would be repeated by the `name` of every decision line (the object's).
    base: undefined,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    formatters: { log: boundLogFields },
  };
  return pino(options, destination ?? new BatchedOutput(1));
}
